#!/usr/bin/env bash
# The test suite: unit and integration tests (real loopback HTTP, real Docker) in parallel, then the
# end-to-end tests against the real reference model on their own, so the model has the CPU to itself.
# Tests that need Docker or the cached reference build skip with a reason naming what is missing;
# `bash .ci/run` installs all of it first.
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ ! -x .venv/bin/pytest ]]; then
    python3 -m venv .venv && .venv/bin/pip install -q -e '.[test]'
fi
.venv/bin/pytest tests -n 2 -m "not e2e" -p no:cacheprovider -q -r sxX --durations=15 "$@"
.venv/bin/pytest tests -m e2e -p no:cacheprovider -q -r sxX --durations=15 "$@"
