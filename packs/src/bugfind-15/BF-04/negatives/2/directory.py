"""Helpers for the member directory."""


def sort_names(names):
    """Names in alphabetical order, ignoring case (stable)."""
    return sorted(list(names), key=lambda name: name.casefold())


def initials(name):
    """'ada lovelace' -> 'AL'."""
    return "".join(part[0].upper() for part in name.split())
