#!/usr/bin/python3
# Differential-test oracle for Bulwark's RPM version scheme: rpm 4.18's Python bindings
# (Debian python3-rpm; run with the system /usr/bin/python3, which has the module).
# Usage: /usr/bin/python3 rpm-labelcompare.py PAIRS_FILE
# PAIRS_FILE holds one JSON array [a, b] per line. For each line prints one JSON array
# [aValid, bValid, labelCompare, verCompare]: a string is valid when rpm.ver() accepts it and
# rpm.labelCompare accepts its parts (it rejects an empty version, e.g. "1:" or "-1");
# labelCompare is rpm.labelCompare((e, v, r), (e, v, r)) on the epoch/version/release that rpm
# itself splits the string into (rpm.ver); verCompare is the comparison of the rpm.ver objects
# (rpmverCmp). Both are null when either string is invalid.
import json
import sys

import rpm


def parse(s):
    try:
        v = rpm.ver(s)
        rpm.labelCompare((v.e, v.v, v.r), (v.e, v.v, v.r))
        return v
    except (ValueError, TypeError):
        return None


def sign(x):
    return (x > 0) - (x < 0)


def ver_compare(x, y):
    if x == y:
        return 0
    return -1 if x < y else 1


def main():
    out = []
    with open(sys.argv[1], encoding="utf-8") as f:
        for line in f:
            if not line.strip():
                continue
            a, b = json.loads(line)
            va, vb = parse(a), parse(b)
            if va is None or vb is None:
                out.append([va is not None, vb is not None, None, None])
                continue
            lc = rpm.labelCompare((va.e, va.v, va.r), (vb.e, vb.v, vb.r))
            out.append([True, True, sign(lc), ver_compare(va, vb)])
    sys.stdout.write("".join(json.dumps(o) + "\n" for o in out))


if __name__ == "__main__":
    main()
