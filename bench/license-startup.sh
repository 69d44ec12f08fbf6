#!/usr/bin/env bash
# Fresh-process license identification and binary size. Runs `openness license identify` on a
# standard MIT text, a standard Apache-2.0 text and a custom AI license (the Llama 2 Community
# License of a test fixture, identified by its fingerprints and read for its clauses), each RUNS
# times in a new process under /usr/bin/time, and prints per text the median and worst wall
# time, the median CPU time and the median peak RSS, then the size of the binary.
#
#   bench/license-startup.sh                      # 15 runs each, release build
#   RUNS=31 OPENNESS=path/to/openness bench/license-startup.sh [FILE...]
#
# Wall time is taken around each run with a monotonic clock and CPU time (user + system) from
# the process's resource usage, both to the microsecond (GNU time prints hundredths of a second);
# peak RSS is GNU time's %M. On a busy machine the CPU time is the steadier figure. Needs
# /usr/bin/time and python3.
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS="${RUNS:-15}"
if [ -z "${OPENNESS:-}" ]; then
    cargo build --release --quiet
    OPENNESS=target/release/openness
fi
if [ "$#" -eq 0 ]; then
    set -- tests/fixtures/osi-validation/microsoft--phi-2/files/LICENSE \
        tests/fixtures/github/xai-org/grok-1/files/LICENSE.txt \
        tests/fixtures/github/meta-llama/llama/files/LICENSE
fi
python3 - "$OPENNESS" "$RUNS" "$@" <<'PY'
import json, os, statistics, subprocess, sys, tempfile, time

binary, runs, files = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
print(f"{'text':<60} {'id':<12} {'wall ms':>7} {'max ms':>7} {'cpu ms':>6} {'RSS':>8}",
      "   (medians of", runs, "runs)")
for path in files:
    out = subprocess.run([binary, "license", "identify", "--format", "json", path],
                         capture_output=True, text=True, check=True).stdout
    report = json.loads(out)
    first = report[0] if isinstance(report, list) else report
    licenses = (first.get("report") or first).get("licenses") or [{}]
    ident = licenses[0].get("facts", {}).get("id", "?")
    ms, cpu, kb = [], [], []
    for _ in range(runs):
        start = time.perf_counter()
        with tempfile.NamedTemporaryFile("r") as t:
            proc = subprocess.Popen(["/usr/bin/time", "-f", "%M", "-o", t.name, binary, "license",
                                     "identify", path], stdout=subprocess.DEVNULL)
            _, status, usage = os.wait4(proc.pid, 0)
            ms.append((time.perf_counter() - start) * 1000)
            assert status == 0, f"exit status {status}"
            # The children's CPU time (GNU time's own is negligible), to the microsecond.
            cpu.append((usage.ru_utime + usage.ru_stime) * 1000)
            kb.append(int(t.read().split()[-1]))
    print(f"{path[-60:]:<60} {ident:<12} {statistics.median(ms):7.1f} {max(ms):7.1f}"
          f" {statistics.median(cpu):6.1f} {statistics.median(kb) / 1024:5.1f} MB")
size = os.path.getsize(binary)
print(f"binary {binary}: {size / 1048576:.1f} MB ({size} bytes)")
PY
