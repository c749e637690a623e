#!/usr/bin/env bash
# Mutation testing of the verifiers (mutmut 3, config in pyproject.toml [tool.mutmut]): how many small
# changes to pytest_quality/verifiers/ the verifier unit tests and pack tests notice. A figure for
# BENCHMARKS.md, not a CI gate. Runs in a scratch copy so the work tree never holds mutated code.
#   bash benchmarks/mutation.sh                      # every verifier module (hours on 2 cores)
#   bash benchmarks/mutation.sh reason_math.py       # one module
#   bash benchmarks/mutation.sh --sample 200 --seed 1 tool_call.py data_extract.py
#       # a seeded uniform sample of each module's mutants: score with a 95% interval, one JSON line per
#       # module (benchmarks/mutation_sample.py); survivors listed in the scratch copy
# MUTMUT_CHILDREN (default 2) caps the test processes mutmut runs at once.
set -euo pipefail
sample="" seed=1
while (($#)) && [[ $1 == --* ]]; do
    case $1 in
        --sample) sample=$2; shift 2 ;;
        --seed) seed=$2; shift 2 ;;
        *) echo "usage: $0 [--sample N [--seed S]] [MODULE.py ...]" >&2; exit 2 ;;
    esac
done
cd "$(dirname "$0")/.."
root=$PWD
.venv/bin/python -c "import mutmut" 2>/dev/null || .venv/bin/pip install -q -e '.[mutation]'
mutmut=("$root/.venv/bin/mutmut")
children=${MUTMUT_CHILDREN:-2}
if [[ -n $sample ]] && ! (($#)); then
    set -- $(cd pytest_quality/verifiers && ls *.py)
fi
scratch=$(mktemp -d /tmp/pq-mutation.XXXXXX)
cp -r pyproject.toml conftest.py pytest_quality packs tests "$scratch"/
cd "$scratch"
find . -name __pycache__ -prune -exec rm -rf {} +
if (($#)); then
    globs=$(printf '"pytest_quality/verifiers/%s", ' "$@")
    sed -i "s|^only_mutate = .*|only_mutate = [${globs%, }]|" pyproject.toml
fi
if [[ -n $sample ]]; then
    # The first run only generates the mutants and maps tests to functions: its name matches no mutant.
    "${mutmut[@]}" run --max-children "$children" pq-generate-only >generate.log 2>&1 || true
    "$root/.venv/bin/python" "$root/benchmarks/mutation_sample.py" pick --sample "$sample" --seed "$seed" "$@" >sample.txt
    mapfile -t names <sample.txt
    "${mutmut[@]}" run --max-children "$children" "${names[@]}" >run.log 2>&1 || true
    "$root/.venv/bin/python" "$root/benchmarks/mutation_sample.py" score --sample "$sample" --seed "$seed" "$@" \
        | sed "s|}\$|, \"scratch\": \"$scratch\"}|" | tee -a "$root/benchmarks/results.jsonl"
    exit 0
fi
"${mutmut[@]}" run --max-children "$children" >/dev/null 2>&1 || true
"${mutmut[@]}" results --all true > results.txt 2>/dev/null || "${mutmut[@]}" results > results.txt
killed=$(grep -c ': killed' results.txt || true)
survived=$(grep -c ': survived' results.txt || true)
timeout=$(grep -c ': timeout' results.txt || true)
total=$((killed + survived + timeout))
echo "{\"benchmark\": \"mutation\", \"modules\": \"${*:-all}\", \"mutants\": $total, \"killed\": $killed, \"timeout\": $timeout, \"survived\": $survived, \"scratch\": \"$scratch\"}" \
    | tee -a "$root/benchmarks/results.jsonl"
