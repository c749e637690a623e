"""The serving checks, one module per group; importing this package registers them in order."""

from pytest_quality.serving.checks import (  # noqa: F401  (registration order = report order)
    streaming, tools, reasoning, template, limits, determinism, accounting, structured,
)
