#!/usr/bin/env bash
# Benchmark `openness license identify` against scancode-toolkit on the real license texts of
# ../shared/corpus/licenses: accuracy (scored with tests/data/corpus-licenses.expected.yaml,
# this project's own labels) and wall-clock time, each tool run once over all files in one
# process, single-threaded.
#
#   bench/license-identify.sh                 # openness only
#   SCANCODE=/path/to/scancode bench/license-identify.sh
#
# scancode-toolkit is not needed by CI; install it where you like, e.g.
#   python3 -m venv /tmp/sc && /tmp/sc/bin/pip install scancode-toolkit
# (scancode 32.5 needs `pip install "pluggy<1.6"` alongside). Run scancode once on any file
# first: its first run builds a license index, which this script does not time.
# Needs python3 with PyYAML for scoring, and /usr/bin/time.
set -euo pipefail
cd "$(dirname "$0")/.."
CORPUS="${OPENNESS_CORPUS:-../shared/corpus}/licenses"
[ -d "$CORPUS" ] || { echo "no corpus at $CORPUS (set OPENNESS_CORPUS)"; exit 2; }
OUT="${BENCH_OUT:-$(mktemp -d)}"
mkdir -p "$OUT"
OUT="$(cd "$OUT" && pwd)"

cargo build --release --quiet
mapfile -t FILES < <(cd "$CORPUS" && find . -mindepth 2 -type f ! -name SOURCE | sed 's#^\./##' | sort)
echo "files: ${#FILES[@]}  (corpus $CORPUS, results in $OUT)"

echo "== openness"
( cd "$CORPUS" && /usr/bin/time -f "openness: %e s wall, %M KB max RSS" \
    "$OLDPWD/target/release/openness" license identify --format json --timings "${FILES[@]}" \
    > "$OUT/openness.json" 2> "$OUT/openness.timings" ) 2>&1 | tail -1
grep -v "^openness:" "$OUT/openness.timings" > "$OUT/openness.per-file" || true
tail -1 "$OUT/openness.timings"

if [ -n "${SCANCODE:-}" ]; then
    echo "== scancode-toolkit ($("$SCANCODE" --version 2>/dev/null | head -1))"
    # scancode takes one input: a copy of the same texts, without the SOURCE files.
    rm -rf "$OUT/licenses" && mkdir -p "$OUT/licenses"
    ( cd "$CORPUS" && cp --parents "${FILES[@]}" "$OUT/licenses/" )
    /usr/bin/time -f "scancode: %e s wall, %M KB max RSS" \
        "$SCANCODE" --license -n 1 --quiet --json-pp "$OUT/scancode.json" "$OUT/licenses" \
        > "$OUT/scancode.log" 2>&1 || true
    grep "^scancode:" "$OUT/scancode.log" || tail -3 "$OUT/scancode.log"
fi

python3 bench/score_license_identify.py tests/data/corpus-licenses.expected.yaml \
    "$OUT/openness.json" "$OUT/openness.per-file" ${SCANCODE:+"$OUT/scancode.json"}
