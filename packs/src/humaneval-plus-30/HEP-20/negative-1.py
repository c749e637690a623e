import re


def normalize_spaces(text):
    return re.sub(r"[ \t\n]+", " ", text).strip(" \t\n")
