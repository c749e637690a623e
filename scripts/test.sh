#!/usr/bin/env bash
# The test suite: unit, integration (real loopback HTTP, real Docker) and end-to-end (the real reference
# model). Tests that need Docker or the cached reference build skip with a reason naming what is missing;
# `bash .ci/run` installs all of it first.
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ ! -x .venv/bin/pytest ]]; then
    python3 -m venv .venv && .venv/bin/pip install -q -e '.[test]'
fi
exec .venv/bin/pytest tests -n 2 --dist loadgroup -p no:cacheprovider -q -r sxX "$@"
