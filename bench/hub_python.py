#!/usr/bin/env python3
"""The Python side of the `openness check --from` benchmark (bench/run.sh).

For each model id of a list (one per line, `#` comments), with `huggingface_hub`:
model_info, then README.md and LICENSE downloaded into the Hugging Face cache (LICENSE only when
the repository lists it, as a careful client would). The same number of workers as
`openness check --jobs`. Point it at a server with HF_ENDPOINT and give it a fresh HF_HOME for a
cold cache.

Prints one JSON line: {"models", "ok", "failed", "seconds", "jobs", "huggingface_hub"}.
"""

import argparse
import concurrent.futures as cf
import json
import sys
import time

import huggingface_hub
from huggingface_hub import HfApi, hf_hub_download


def read_list(path):
    ids = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.split(" #", 1)[0].strip()
            if line and not line.startswith("#"):
                ids.append(line)
    return ids


def one(api, repo_id):
    info = api.model_info(repo_id)
    files = {s.rfilename for s in (info.siblings or [])}
    fetched = []
    for name in ("README.md", "LICENSE"):
        if name in files:
            hf_hub_download(repo_id, name, revision=info.sha)
            fetched.append(name)
    return fetched


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("list", help="model ids, one per line")
    ap.add_argument("--jobs", type=int, default=8)
    args = ap.parse_args()
    ids = read_list(args.list)
    api = HfApi()
    ok = failed = 0
    start = time.perf_counter()
    with cf.ThreadPoolExecutor(max_workers=args.jobs) as pool:
        futures = {pool.submit(one, api, i): i for i in ids}
        for fut in cf.as_completed(futures):
            try:
                fut.result()
                ok += 1
            except Exception as e:  # one failing model never stops the others
                failed += 1
                print(f"{futures[fut]}: {type(e).__name__}: {e}", file=sys.stderr)
    seconds = time.perf_counter() - start
    print(
        json.dumps(
            {
                "models": len(ids),
                "ok": ok,
                "failed": failed,
                "seconds": round(seconds, 3),
                "jobs": args.jobs,
                "huggingface_hub": huggingface_hub.__version__,
            }
        )
    )
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
