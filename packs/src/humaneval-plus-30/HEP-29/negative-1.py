import re


def extract_numbers(text):
    return [int(m) for m in re.findall(r"-?\d+", text)]
