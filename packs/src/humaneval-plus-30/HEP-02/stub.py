def compress_runs(s: str) -> str:
    """Run-length encode s: every maximal run of one repeated character becomes the
    character followed by the run's length, except that a run of length 1 is
    written as the character alone. Any characters may appear, including digits,
    spaces and non-ASCII letters. The empty string gives the empty string.

    >>> compress_runs("aaabcc")
    'a3bc2'
    >>> compress_runs("abc")
    'abc'
    >>> compress_runs("zzzzzzzzzzzz")
    'z12'
    """
