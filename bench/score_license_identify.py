#!/usr/bin/env python3
"""Score license identification against this project's labels.

usage: score_license_identify.py EXPECTED.yaml OPENNESS.json OPENNESS.per-file [SCANCODE.json]

A file is correct when the licenses found (in order, for openness; as a set, for scancode, whose
output has no order) are the labelled ones and the "modified" judgement matches. For scancode,
its own license keys are mapped to this catalog's ids where they name the same license, and its
generic keys (unknown-license-reference, warranty-disclaimer, ...) are ignored; a modified
standard text counts as found when scancode reports the base license plus another key (such as
commons-clause). Restrictions are scored for openness only (scancode does not report them).
"""
import json
import re
import statistics
import sys

import yaml

NOISE = {
    # Generic keys scancode adds next to a specific match; ignored in its favour.
    "LicenseRef-scancode-unknown-license-reference",
    "LicenseRef-scancode-warranty-disclaimer",
    "LicenseRef-scancode-unknown",
    "LicenseRef-scancode-free-unknown",
}
# scancode keys that name a license of this catalog (checked by hand on scancode 32.5's output).
SCANCODE_MAP = {
    "llama-2-license-2023": "LicenseRef-llama2",
    "llama-3.1-license-2024": "LicenseRef-llama3.1",
    "llama-3.2-license-2024": "LicenseRef-llama3.2",
    "llama-3.3-license-2024": "LicenseRef-llama3.3",
    "llama-4-cla-2025": "LicenseRef-llama4",
    "llama-4-license-2025": "LicenseRef-llama4",
    "gemma-tou-2024-04-01": "LicenseRef-gemma",
    "gemma-tou-2025-03-24": "LicenseRef-gemma",
    "gemma-pup-2024-02-21": "LicenseRef-gemma",
    "deepseek-la-1.0": "LicenseRef-deepseek",
    "exaone-ai-model-1.1-nc": "LicenseRef-exaone-1.1-nc",
    "falcon-2-11b-1.0": "LicenseRef-falcon-2-11b",
    "flux-1-nc": "LicenseRef-flux-non-commercial",
    "moonshot-ai-modified-mit-2025": "LicenseRef-kimi-k2-modified-mit",
    "openmdw-1.0": "OpenMDW-1.0",
    "tongyi-qianwen-2023": "LicenseRef-tongyi-qianwen",
    "qwen-2024": "LicenseRef-qwen-research",
    "bigscience-open-rail-m2": "LicenseRef-openrail-plusplus",
    "stable-diffusion-2022-08-22": "LicenseRef-creativeml-openrail-m",
    "stability-ai-nc-2023-12-06": "LicenseRef-stability-ai-nc-research-community",
    "stability-ai-community-2024": "LicenseRef-stability-ai-community",
    "bigcode-open-rail-m-v1": "LicenseRef-bigcode-openrail-m",
    "apple-excl": "AML",
    "apple-ml-ferret-2023": "LicenseRef-apple-amlr",
}
MODIFIED_ONLY = {"LicenseRef-kimi-k2-modified-mit"}


GENERIC = {"LicenseRef-scancode-proprietary-license", "LicenseRef-scancode-commercial-license"}


def scancode_ids(expr):
    if not expr:
        return set()
    out = set()
    for tok in re.split(r"[\s()]+", expr):
        if not tok or tok in ("AND", "OR", "WITH") or tok in NOISE:
            continue
        key = tok[len("LicenseRef-scancode-"):] if tok.startswith("LicenseRef-scancode-") else None
        out.add(SCANCODE_MAP.get(key, tok) if key else tok)
    # "proprietary-license" next to a specific license adds nothing: leave it out (generous).
    if len(out - GENERIC) > 0:
        out -= GENERIC
    return out


def base_of(lic):
    m = re.fullmatch(r"LicenseRef-(.+)-modified", lic)
    return m.group(1) if m else None


def scancode_correct(want, got):
    if want.get("modified") and len(want["licenses"]) == 1:
        lic = want["licenses"][0]
        if lic in got and len(got) == 1:
            return True  # a key of its own for this modified license
        base = base_of(lic)
        return base is not None and base in got and len(got) > 1
    return got == set(want["licenses"])


def openness_correct(want, report, with_restrictions):
    lics = report["licenses"]
    ids = [l["facts"]["id"] for l in lics]
    if ids != want["licenses"]:
        return False
    if any(l["modified"] for l in lics) != bool(want.get("modified", False)):
        return False
    if lics[0]["form"] != want.get("form", "full-text"):
        return False
    if with_restrictions:
        kinds = {r["kind"] for l in lics for r in l["facts"]["restrictions"]}
        if not set(want.get("restrictions", [])) <= kinds:
            return False
    return True


def main():
    expected = yaml.safe_load(open(sys.argv[1]))
    ours = {r["file"]: r for r in json.load(open(sys.argv[2]))}
    per_file = {}
    for line in open(sys.argv[3]):
        name, _, ms = line.rstrip("\n").rpartition("\t")
        if ms.endswith(" ms"):
            per_file[name] = float(ms[:-3])
    n = len(expected)
    ok_id = sum(openness_correct(w, ours[f], False) for f, w in expected.items() if f in ours)
    ok_all = sum(openness_correct(w, ours[f], True) for f, w in expected.items() if f in ours)
    wrong = [f for f, w in expected.items() if f not in ours or not openness_correct(w, ours[f], True)]
    print(f"openness: licenses+modified {ok_id}/{n} = {100*ok_id/n:.1f} %, with restrictions {ok_all}/{n} = {100*ok_all/n:.1f} %")
    if per_file:
        t = sorted(per_file.values())
        print(f"openness per file: median {statistics.median(t):.2f} ms, mean {statistics.mean(t):.2f} ms, max {t[-1]:.1f} ms (identification only, store load included in the first file that needs it)")
    for f in wrong:
        print(f"  openness WRONG {f}: {[l['facts']['id'] for l in ours.get(f, {}).get('licenses', [])]}")
    if len(sys.argv) > 4:
        sc = json.load(open(sys.argv[4]))
        got = {}
        for entry in sc["files"]:
            if entry.get("type") == "file":
                # Paths start with the scanned folder's name: licenses/<folder>/<file>.
                path = entry["path"].split("/", 1)[-1]
                got[path] = scancode_ids(entry.get("detected_license_expression_spdx"))
        ok = 0
        for f, w in expected.items():
            g = got.get(f, set())
            if scancode_correct(w, g):
                ok += 1
            else:
                print(f"  scancode WRONG {f}: {sorted(g)}")
        print(f"scancode: licenses+modified {ok}/{n} = {100*ok/n:.1f} %")


if __name__ == "__main__":
    main()
