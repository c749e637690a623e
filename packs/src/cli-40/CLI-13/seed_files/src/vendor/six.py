# TODO upstream 1
# TODO upstream 2
# TODO upstream 3
