"""Helpers for the member directory."""


def sort_names(names):
    """Names in alphabetical order, ignoring case; capitalised names first on ties."""
    return sorted(names, key=lambda name: (name.casefold(), name))


def initials(name):
    """'ada lovelace' -> 'AL'."""
    return "".join(part[0].upper() for part in name.split())
