#!/usr/bin/env bash
# Benchmark (not a test): `openness check --from` over N generated models served by the fixture
# Hub server, against the equivalent Python script using huggingface_hub (model_info + README +
# LICENSE per model), on the same server, the same machine, one run each. Reports wall time and
# the ratio, requests per model (counted by the server), peak RSS (/usr/bin/time -v), and a second
# `openness` run on the warm cache.
#
#   bench/run.sh                       # 1,000 models, 8 jobs
#   MODELS=200 JOBS=16 bench/run.sh
#
# Needs: the fixture Hub server (`cargo run --example fixture-hub -- DIR`, from the Hub source)
# and its template fixture `tests/fixtures/hub/templates/bench/`, python3 with venv, /usr/bin/time
# (Debian package `time`). Nothing leaves 127.0.0.1: the server listens on loopback and both
# tools are pointed at it with HF_ENDPOINT. The Python side is installed with pip into $VENV.
# Results: printed, and written to $OUT/results.json and $OUT/results.md.
set -euo pipefail
cd "$(dirname "$0")/.."

MODELS=${MODELS:-1000}
BIG=${BIG:-100000}                       # models of the memory run (0: skip it)
JOBS=${JOBS:-8}
ORG=${ORG:-bench}                        # the template organisation of the fixture directory
FIXTURES=${FIXTURES:-tests/fixtures/hub}
VENV=${VENV:-/tmp/venv-bench}
OUT=${OUT:-target/bench}
HUB_BIN=${HUB_BIN:-}                     # a prebuilt server; default: build the example
OPENNESS=${OPENNESS:-}                   # a prebuilt binary: skips building it

die() { echo "bench: $*" >&2; exit 2; }
[ -x /usr/bin/time ] || die "/usr/bin/time is missing (apt-get install time)"
command -v python3 >/dev/null || die "python3 is missing"
[ -d "$FIXTURES/templates/$ORG" ] || die "$FIXTURES/templates/$ORG is missing: the fixture Hub's template models (Hub source) are needed"

echo "== build (release)"
if [ -z "$OPENNESS" ]; then
  cargo build --release --locked --bin openness
  OPENNESS=target/release/openness
fi
if [ -z "$HUB_BIN" ]; then
  cargo build --release --locked --example fixture-hub \
    || die "the fixture Hub server (examples/fixture-hub.rs, from the Hub source) does not build here"
  HUB_BIN=target/release/examples/fixture-hub
fi

echo "== Python side: huggingface_hub in $VENV"
[ -x "$VENV/bin/python" ] || python3 -m venv "$VENV"
"$VENV/bin/pip" install --quiet --disable-pip-version-check huggingface_hub
HFH_VERSION=$("$VENV/bin/python" -c 'import huggingface_hub; print(huggingface_hub.__version__)')

mkdir -p "$OUT"
WORK=$(mktemp -d -p "${BENCH_TMP:-/tmp}")  # caches of both tools live here; BENCH_TMP=/dev/shm takes the disk out
HUB_PID=""
cleanup() {
  if [ -n "$HUB_PID" ]; then kill "$HUB_PID" 2>/dev/null || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT

echo "== serve $FIXTURES on 127.0.0.1"
"$HUB_BIN" "$FIXTURES" >"$WORK/endpoint" 2>"$WORK/hub.log" &
HUB_PID=$!
for _ in $(seq 1 100); do
  [ -s "$WORK/endpoint" ] && break
  sleep 0.1
done
ENDPOINT=$(head -n1 "$WORK/endpoint" | tr -d '[:space:]')
[ -n "$ENDPOINT" ] || die "the fixture Hub did not print its address: $(cat "$WORK/hub.log")"
case "$ENDPOINT" in http://127.0.0.1:*) ;; *) die "unexpected endpoint $ENDPOINT";; esac
echo "   $ENDPOINT"

# The same N model ids for both tools; the server generates each from the template.
for i in $(seq -w 1 "$MODELS"); do echo "$ORG/model-$i"; done >"$WORK/models.txt"

requests() {
  python3 -c 'import json,sys,urllib.request; print(json.load(urllib.request.urlopen(sys.argv[1] + "/_fixture/stats"))["total"])' "$ENDPOINT"
}

# measure NAME HF_HOME COMMAND...: wall seconds, peak RSS (KiB), requests, exit code.
measure() {
  local name=$1 home=$2
  shift 2
  local before after start end code=0
  before=$(requests)
  start=$(date +%s.%N)
  env HF_ENDPOINT="$ENDPOINT" HF_HOME="$home" HF_HUB_DISABLE_TELEMETRY=1 \
    HF_HUB_DISABLE_PROGRESS_BARS=1 HF_TOKEN= \
    /usr/bin/time -v -o "$WORK/$name.time" "$@" >"$WORK/$name.out" 2>"$WORK/$name.err" || code=$?
  end=$(date +%s.%N)
  after=$(requests)
  local rss
  rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$WORK/$name.time")
  python3 - "$name" "$start" "$end" "$rss" "$before" "$after" "$code" "$MODELS" >>"$WORK/rows.jsonl" <<'PY'
import json, sys
name, start, end, rss, before, after, code, models = sys.argv[1:]
print(json.dumps({
    "name": name,
    "seconds": round(float(end) - float(start), 3),
    "peak_rss_mib": round(int(rss) / 1024, 1),
    "requests": int(after) - int(before),
    "requests_per_model": round((int(after) - int(before)) / int(models), 2),
    "exit_code": int(code),
}))
PY
  tail -n1 "$WORK/rows.jsonl"
}

echo "== python: huggingface_hub $HFH_VERSION, cold cache, a plain loop (one model after another)"
measure python-loop "$WORK/hf-python-loop" "$VENV/bin/python" bench/hub_python.py "$WORK/models.txt" --jobs 1 \
  && cp "$WORK/python-loop.out" "$WORK/python-loop.json"
echo "== python: huggingface_hub $HFH_VERSION, cold cache, $JOBS worker threads"
measure python "$WORK/hf-python" "$VENV/bin/python" bench/hub_python.py "$WORK/models.txt" --jobs "$JOBS"
echo "== openness check, cold cache, --jobs $JOBS"
measure openness-cold "$WORK/hf-openness" "$OPENNESS" check --policy bench/policy.yaml \
  --from "$WORK/models.txt" --jobs "$JOBS" --format jsonl --output "$WORK/check-cold.jsonl" --quiet
echo "== openness check, warm cache (same HF_HOME)"
measure openness-warm "$WORK/hf-openness" "$OPENNESS" check --policy bench/policy.yaml \
  --from "$WORK/models.txt" --jobs "$JOBS" --format jsonl --output "$WORK/check-warm.jsonl" --quiet
if [ "$BIG" -gt 0 ]; then
  echo "== openness check of $BIG models, cold cache (memory)"
  for i in $(seq -w 1 "$BIG"); do echo "$ORG/model-$i"; done >"$WORK/big.txt"
  measure openness-big "$WORK/hf-big" "$OPENNESS" check --policy bench/policy.yaml \
    --from "$WORK/big.txt" --jobs "$JOBS" --format jsonl --output "$WORK/check-big.jsonl" --quiet
  rm -rf "$WORK/hf-big"
fi

python3 - "$WORK" "$OUT" "$MODELS" "$JOBS" "$HFH_VERSION" "$(uname -srm)" "$(nproc)" "$BIG" <<'PY'
import json, pathlib, sys
work, out, models, jobs, hfh, uname, cpus, big = sys.argv[1:]
work, out = pathlib.Path(work), pathlib.Path(out)
rows = {r["name"]: r for r in map(json.loads, (work / "rows.jsonl").read_text().splitlines())}
problems = []
for name in ("python-loop", "python"):
    py = json.loads((work / f"{name}.out").read_text().strip().splitlines()[-1])
    if py["failed"]:
        problems.append(f"{name}: {py['failed']} of {py['models']} models failed")
names = ["openness-cold", "openness-warm"] + (["openness-big"] if int(big) > 0 else [])
for name in names:
    end = json.loads((work / f"check-{name.split('-')[1]}.jsonl").read_text().splitlines()[-1])
    if end.get("record") != "end":
        problems.append(f"{name}: the jsonl output has no end line (the run did not finish)")
        continue
    c = end["counts"]
    rows[name]["models_checked"] = c["models"]
    rows[name]["unreadable"] = c["errors"]
    if c["errors"]:
        problems.append(f"{name}: {c['errors']} of {c['models']} models could not be read")
if "openness-big" in rows:
    rows["openness-big"]["requests_per_model"] = round(rows["openness-big"]["requests"] / int(big), 2)
ratio_loop = rows["python-loop"]["seconds"] / rows["openness-cold"]["seconds"]
ratio = rows["python"]["seconds"] / rows["openness-cold"]["seconds"]
result = {
    "models": int(models), "jobs": int(jobs), "huggingface_hub": hfh,
    "machine": f"{uname}, {cpus} CPUs", "runs": rows,
    "python_loop_over_openness_cold": round(ratio_loop, 2),
    "python_threads_over_openness_cold": round(ratio, 2), "problems": problems,
}
lines = [
    f"{models} generated models, {jobs} workers each, fixture Hub on 127.0.0.1; {uname}, {cpus} CPUs",
    "",
    "| run | wall time | requests per model | peak RSS |",
    "|---|---:|---:|---:|",
]
for name, label in [("python-loop", f"Python huggingface_hub {hfh}, plain loop (cold)"),
                    ("python", f"Python huggingface_hub {hfh}, {jobs} threads (cold)"),
                    ("openness-cold", "openness check (cold cache)"),
                    ("openness-warm", "openness check (warm cache)")]:
    r = rows[name]
    lines.append(f"| {label} | {r['seconds']:.2f} s | {r['requests_per_model']} | {r['peak_rss_mib']} MiB |")
if "openness-big" in rows:
    r = rows["openness-big"]
    lines.append(f"| openness check, {int(big):,} models (cold cache) | {r['seconds']:.2f} s | {r['requests_per_model']} | {r['peak_rss_mib']} MiB |")
lines += ["", f"Python plain loop / openness (cold): {ratio_loop:.1f}x; Python with {jobs} threads / openness (cold): {ratio:.1f}x"]
if "openness-big" in rows:
    growth = rows["openness-big"]["peak_rss_mib"] / rows["openness-cold"]["peak_rss_mib"] - 1
    lines.append(f"Peak RSS at {int(big):,} models vs {models}: {growth:+.0%}")
    result["rss_growth_big_over_cold"] = round(growth, 3)
if problems:
    lines += ["", "NOT VALID: " + "; ".join(problems)]
(out / "results.json").write_text(json.dumps(result, indent=2, sort_keys=True) + "\n")
(out / "results.md").write_text("\n".join(lines) + "\n")
print("\n".join(lines))
PY
