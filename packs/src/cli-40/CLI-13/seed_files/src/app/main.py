import sys

# TODO: parse args properly
def main():
    x = 1  # TODO TODO: two markers, one line
    # todo: lower case does not count
    return x
