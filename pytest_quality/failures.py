"""How a model request failed, as the client classifies it: retried (connect errors, resets, 5xx, 429, a
stream cut short) or final (other 4xx, a malformed body or event stream). Both carry their failure mode;
`client.py` turns them into an `Exchange`, `stream.py` raises them while assembling an event stream."""

from __future__ import annotations


class Retryable(Exception):
    def __init__(self, detail: str, mode: str, wait: float | None = None, status: int | None = None):
        super().__init__(detail)
        self.detail, self.mode, self.wait, self.status = detail, mode, wait, status


class Final(Retryable):
    """Not retried: surfaces straight away with its failure mode."""
