"""Fixtures for pytest-quality's own tests: real loopback servers, an empty working folder."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.fake_openai import FakeServer, answer_reference


@pytest.fixture
def fake_server():
    """A real HTTP server on 127.0.0.1 answering every scenario with its reference reply."""
    with FakeServer(answer_reference) as server:
        yield server


@pytest.fixture
def workdir(tmp_path: Path) -> Path:
    """An empty folder with no test files: where a user runs `pytest --quality`."""
    folder = tmp_path / "work"
    folder.mkdir()
    return folder
