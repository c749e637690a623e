"""Helpers for the member directory."""


def sort_names(names):
    """Names in alphabetical order, ignoring case.

    The sort is stable: names that differ only in case ("alice", "Alice") keep the order
    they had in the input.
    """
    return sorted(names, key=str.casefold)


def initials(name):
    """'ada lovelace' -> 'AL'."""
    return "".join(part[0].upper() for part in name.split())
