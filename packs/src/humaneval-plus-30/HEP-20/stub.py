def normalize_spaces(text: str) -> str:
    r"""Replace every run of whitespace in text by a single space and remove
    whitespace at both ends. Whitespace means every character c for which
    c.isspace() is True (spaces, tabs, newlines, no-break spaces, ...).

    >>> normalize_spaces("  hello   world  ")
    'hello world'
    >>> normalize_spaces("a\tb\n\nc")
    'a b c'
    """
