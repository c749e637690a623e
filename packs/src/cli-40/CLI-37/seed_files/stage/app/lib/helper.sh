helper_tag() { echo "hx-$((6 * 7))"; }
