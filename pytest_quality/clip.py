"""Shortening a value for a verdict detail, a table cell or a report: one rule for where the cut falls.

Callers decide how a value becomes text (JSON, repr, as printed); these only cut it.
"""

from __future__ import annotations

from typing import Any


def clip(text: str, limit: int, mark: str = "…") -> str:
    """`text` when it fits in `limit` characters, else its start and `mark`, `limit` characters in all."""
    return text if len(text) <= limit else text[: limit - len(mark)] + mark


def one_line(value: Any) -> str:
    """The value as text with every run of whitespace (newlines included) turned into one space."""
    return " ".join(str(value).split())


def clip_counted(text: str, limit: int, hint: str = "") -> str:
    """The first `limit` characters and how many more there were (for reports that show the rest on demand)."""
    return text if len(text) <= limit else text[:limit] + f"… [{len(text) - limit} more chars{hint}]"
