"""pytest-quality: behavioural quality tests for OpenAI-compatible LLM servers."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("pytest-quality")
except PackageNotFoundError:  # running from a source tree that is not installed
    __version__ = "0.0.0+source"
