#!/usr/bin/env bash
# Mutation testing of the verifiers (mutmut 3, config in pyproject.toml [tool.mutmut]): how many small
# changes to pytest_quality/verifiers/ the verifier unit tests and pack tests notice. A figure for
# BENCHMARKS.md, not a CI gate. Runs in a scratch copy so the work tree never holds mutated code.
#   bash benchmarks/mutation.sh                      # every verifier module (hours on 2 cores)
#   bash benchmarks/mutation.sh reason_math.py       # one module
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
.venv/bin/python -c "import mutmut" 2>/dev/null || .venv/bin/pip install -q -e '.[mutation]'
scratch=$(mktemp -d /tmp/pq-mutation.XXXXXX)
cp -r pyproject.toml conftest.py pytest_quality packs tests "$scratch"/
cd "$scratch"
find . -name __pycache__ -prune -exec rm -rf {} +
if (($#)); then
    globs=$(printf '"pytest_quality/verifiers/%s", ' "$@")
    sed -i "s|^only_mutate = .*|only_mutate = [${globs%, }]|" pyproject.toml
fi
"$root/.venv/bin/mutmut" run --max-children "${MUTMUT_CHILDREN:-2}" >/dev/null 2>&1 || true
"$root/.venv/bin/mutmut" results --all true > results.txt 2>/dev/null || "$root/.venv/bin/mutmut" results > results.txt
killed=$(grep -c ': killed' results.txt || true)
survived=$(grep -c ': survived' results.txt || true)
timeout=$(grep -c ': timeout' results.txt || true)
total=$((killed + survived + timeout))
echo "{\"benchmark\": \"mutation\", \"modules\": \"${*:-all}\", \"mutants\": $total, \"killed\": $killed, \"timeout\": $timeout, \"survived\": $survived, \"scratch\": \"$scratch\"}" \
    | tee -a "$root/benchmarks/results.jsonl"
