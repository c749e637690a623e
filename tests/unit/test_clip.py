"""The one shortening rule: the cut text is exactly `limit` characters, mark included."""

from pytest_quality.clip import clip, clip_counted, one_line


def test_clip_keeps_what_fits_and_cuts_to_the_limit_with_the_mark():
    assert clip("abcdef", 6) == "abcdef"
    assert clip("abcdefg", 6) == "abcde…"
    assert clip("abcdefg", 6, "...") == "abc..."
    assert len(clip("x" * 500, 90, "...")) == 90


def test_one_line_and_counted():
    assert one_line("a\n  b\tc ") == "a b c"
    assert one_line(12) == "12"
    assert clip_counted("abcdef", 6) == "abcdef"
    assert clip_counted("abcdefgh", 6, "; --full shows all") == "abcdef… [2 more chars; --full shows all]"
