#!/usr/bin/env bash
# The test suite: unit and integration tests (real loopback HTTP, real Docker) in parallel, then the
# end-to-end tests against the real reference model on their own, so the model has the CPU to itself.
# Tests that need Docker or the cached reference build skip with a reason naming what is missing;
# `bash .ci/run` installs all of it first.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! .venv/bin/python -c "import pytest_quality, xdist, pytest_timeout, hypothesis" 2>/dev/null; then
    [[ -x .venv/bin/python ]] || python3 -m venv .venv
    .venv/bin/pip install -q -e '.[test]'
fi
# A hung test fails after 15 min with every thread's stack (pytest-timeout) instead of stalling CI. Set here,
# not in pyproject.toml: there it would also cut `pytest --quality` scenarios run from this folder.
opts=(-p no:cacheprovider -q -r sxX --durations=15 --timeout=900 --timeout-method=thread)
.venv/bin/pytest tests -n 2 -m "not e2e" "${opts[@]}" "$@"
.venv/bin/pytest tests -m e2e "${opts[@]}" "$@"
