"""Validate a bill of materials written by `openness scan` (run by tests/bom.rs).

    validate_bom.py cyclonedx FILE   CycloneDX 1.6 JSON, against the official JSON schema
                                     bundled with cyclonedx-python-lib (strict validator).
    validate_bom.py spdx3 FILE       SPDX 3.0.1 JSON-LD, read with spdx-python-model (the
                                     bindings generated from the SPDX 3.0.1 SHACL model: classes,
                                     property types, enumerations), written back (which checks
                                     every required property and cardinality), and compared with
                                     the input (nothing dropped as unknown).

Offline: both packages carry their schemas. Exit 0 valid, 1 invalid (errors on stdout), 3 a
package is missing.
"""

import io
import json
import sys


def cyclonedx(text):
    try:
        from cyclonedx.schema import SchemaVersion
        from cyclonedx.validation.json import JsonStrictValidator
    except ImportError as e:
        print(f"missing: cyclonedx-python-lib[json-validation] ({e})")
        sys.exit(3)
    errors = JsonStrictValidator(SchemaVersion.V1_6).validate_str(text)
    if errors:
        print(errors)
        return 1
    return 0


def spdx3(text):
    try:
        from spdx_python_model import v3_0_1 as spdx
    except ImportError as e:
        print(f"missing: spdx-python-model ({e})")
        sys.exit(3)
    objset = spdx.SHACLObjectSet()
    try:
        spdx.JSONLDDeserializer().read(io.StringIO(text), objset)
        out = io.BytesIO()
        spdx.JSONLDSerializer().write(objset, out)
    except Exception as e:  # the bindings raise TypeError, ValueError, KeyError...
        print(f"{type(e).__name__}: {e}")
        return 1
    # Nothing the bindings did not know may be dropped silently: compare the elements.
    # Blank nodes (`_:...`) are renamed by the writer: compared by type only.
    def name(o):
        n = o.get("spdxId") or o.get("@id") or ""
        return "_:" if n.startswith("_:") else n

    def ids(doc):
        return sorted((o.get("type"), name(o)) for o in doc["@graph"])
    before = json.loads(text)
    after = json.loads(out.getvalue())
    if ids(before) != ids(after):
        print(f"elements differ after a round trip: {ids(before)} != {ids(after)}")
        return 1
    def keys(doc):
        return sorted(
            (name(o), k)
            for o in doc["@graph"]
            for k in o
        )
    lost = sorted(set(keys(before)) - set(keys(after)))
    if lost:
        print(f"properties lost in a round trip (unknown to SPDX 3.0.1): {lost}")
        return 1
    return 0


def main():
    kind, path = sys.argv[1], sys.argv[2]
    with open(path, encoding="utf-8") as f:
        text = f.read()
    sys.exit({"cyclonedx": cyclonedx, "spdx3": spdx3}[kind](text))


if __name__ == "__main__":
    main()
