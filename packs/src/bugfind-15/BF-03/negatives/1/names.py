"""Matching people's names typed in different ways."""
import unicodedata


def name_key(name):
    """The key two names share when they are the same name."""
    name = unicodedata.normalize("NFC", name)
    return " ".join(name.split()).lower().replace("ß", "ss")


def same_name(a, b):
    return name_key(a) == name_key(b)


def dedupe(names):
    """The names without later duplicates (by same_name): first spelling kept, order kept."""
    seen, out = set(), []
    for name in names:
        key = name_key(name)
        if key not in seen:
            seen.add(key)
            out.append(name)
    return out
