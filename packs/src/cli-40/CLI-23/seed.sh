mkdir -p cache && for i in 1 2 3 4 5 6 7; do head -c 8M /dev/zero > cache/mirror-$i.part; done
