#!/usr/bin/env bash
# Build llama-server and fetch the reference model into the cache (issue 3), so the e2e tests only
# start the server. Idempotent: a finished build (marker file) and a verified model are reused.
# The first run on a fresh machine compiles llama.cpp (~5-10 min on 2 cores).
# Env: PYTHON (default .venv/bin/python, else python3), PYTEST_QUALITY_CACHE, LLAMA_CPP_BUILD_JOBS, CMAKE_ARGS.
set -euo pipefail
cd "$(dirname "$0")/.."

PY=${PYTHON:-}
if [[ -z $PY ]]; then
    if [[ -x .venv/bin/python ]]; then PY=.venv/bin/python; else PY=python3; fi
fi

# The C++ toolchain the build needs (ninja is optional but faster than make).
missing=()
command -v cmake >/dev/null 2>&1 || missing+=(cmake)
command -v g++ >/dev/null 2>&1 || missing+=(g++)
command -v ninja >/dev/null 2>&1 || missing+=(ninja-build)
if ((${#missing[@]})); then
    echo "prepare-reference: installing ${missing[*]}" >&2
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
fi

"$PY" -c 'import sys; from pytest_quality.reference import serve_reference_main as m; sys.exit(m(["--prepare"]))'
