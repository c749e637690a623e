"""The serving checks, one module per group; importing this package registers them in order."""

# isort: off
# Registration order is report order: keep these lines in this order.
from pytest_quality.serving.checks import streaming  # noqa: F401
from pytest_quality.serving.checks import tools  # noqa: F401
from pytest_quality.serving.checks import reasoning  # noqa: F401
from pytest_quality.serving.checks import template  # noqa: F401
from pytest_quality.serving.checks import limits  # noqa: F401
from pytest_quality.serving.checks import determinism  # noqa: F401
from pytest_quality.serving.checks import accounting  # noqa: F401
from pytest_quality.serving.checks import structured  # noqa: F401

# isort: on
from pytest_quality.serving.registry import CHECKS, Check  # noqa: E402 - after the checks registered themselves


def all_checks() -> list[Check]:
    """Every check, in report order."""
    return list(CHECKS.values())


def by_name(name: str) -> Check:
    return CHECKS[name]
