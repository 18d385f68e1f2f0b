#!/usr/bin/env python3
"""Generates a CycloneDX 1.6 JSON SBOM of N components for the benchmarks.

Every component is a REAL package name and version taken from the OSV records of the public
corpora (../shared/corpora): affected[].package names, with versions from the `versions` lists and
from SEMVER/ECOSYSTEM range events (introduced / fixed / last_affected; "0" and GIT commits are
skipped). Each component carries the purl of its ecosystem (pkg:golang, pkg:pypi, pkg:cargo,
pkg:maven, pkg:npm, pkg:nuget). The output depends only on the corpora and the seed.

When N is at most the number of distinct (package, version) pairs, the components are N distinct
pairs; beyond that (e.g. 300,000) names repeat with versions drawn from the name's real versions.

Usage: gen_sbom.py --count N --out FILE [--seed S] [--shared DIR] [--spec 1.6]
                   [--corpora golang-vulndb,pypa-advisory-database,...]
"""
import argparse
import json
import os
import random
import sys
import uuid
from pathlib import Path
from urllib.parse import quote

DEFAULT_CORPORA = ["golang-vulndb", "pypa-advisory-database", "rustsec-advisory-db", "osv-records-misc"]
ECOSYSTEMS = {"Go", "PyPI", "crates.io", "Maven", "npm", "NuGet"}


def load_yaml(text, path):
    try:
        import yaml  # Debian python3-yaml
    except ImportError:
        sys.exit(f"gen_sbom.py: {path}: reading YAML records needs PyYAML (apt-get install python3-yaml)")
    # BaseLoader keeps every scalar a string: an unquoted version such as 2.10 must not become 2.1
    loader = getattr(yaml, "CBaseLoader", yaml.BaseLoader)
    return yaml.load(text, Loader=loader)


def records_in(path):
    """OSV records of one file (a record, or an OSV API response {"vulns": [...]})."""
    text = path.read_text(encoding="utf-8")
    try:
        doc = json.loads(text) if path.suffix == ".json" else load_yaml(text, path)
    except Exception as exc:  # a broken file is reported and skipped
        print(f"gen_sbom.py: {path}: skipped ({exc})", file=sys.stderr)
        return []
    if isinstance(doc, dict) and isinstance(doc.get("vulns"), list):
        return [r for r in doc["vulns"] if isinstance(r, dict)]
    return [doc] if isinstance(doc, dict) and "id" in doc else []


def versions_of(affected):
    out = set()
    for v in affected.get("versions") or []:
        out.add(str(v))
    for rng in affected.get("ranges") or []:
        if rng.get("type") not in ("SEMVER", "ECOSYSTEM"):
            continue
        for event in rng.get("events") or []:
            for kind in ("introduced", "fixed", "last_affected"):
                v = event.get(kind)
                if v is not None and str(v) != "0":
                    out.add(str(v))
    return {v.strip() for v in out if v and v.strip() and " " not in v.strip()}


def collect(shared, corpora):
    """{(ecosystem, name): set(versions)} over every record file of the corpora."""
    pool = {}
    files = 0
    for corpus in corpora:
        root = Path(shared) / "corpora" / corpus
        if not root.is_dir():
            sys.exit(f"gen_sbom.py: {root}: corpus not found")
        for path in sorted(root.rglob("*")):
            if path.suffix not in (".json", ".yaml", ".yml") or not path.is_file():
                continue
            files += 1
            for record in records_in(path):
                for affected in record.get("affected") or []:
                    pkg = affected.get("package") or {}
                    eco, name = pkg.get("ecosystem"), pkg.get("name")
                    if eco in ECOSYSTEMS and name:
                        pool.setdefault((eco, name), set()).update(versions_of(affected))
    return {k: v for k, v in pool.items() if v}, files


def purl_and_fields(eco, name, version):
    """(purl, group, name, version-as-written) for one package."""
    if eco == "Go":
        ver = version if version.startswith("v") else "v" + version
        return f"pkg:golang/{quote(name, safe='/')}@{quote(ver, safe='')}", "", name, ver
    if eco == "PyPI":
        norm = name.lower().replace("_", "-")  # purl-spec pypi rule (no PEP 503 dot folding)
        return f"pkg:pypi/{quote(norm, safe='')}@{quote(version, safe='')}", "", name, version
    if eco == "crates.io":
        return f"pkg:cargo/{quote(name, safe='')}@{quote(version, safe='')}", "", name, version
    if eco == "Maven":
        group, _, artifact = name.partition(":")
        return (f"pkg:maven/{quote(group, safe='')}/{quote(artifact, safe='')}@{quote(version, safe='')}",
                group, artifact, version)
    if eco == "npm":
        if name.startswith("@") and "/" in name:
            scope, _, base = name.partition("/")
            return (f"pkg:npm/{quote(scope, safe='')}/{quote(base, safe='')}@{quote(version, safe='')}",
                    scope, base, version)
        return f"pkg:npm/{quote(name, safe='')}@{quote(version, safe='')}", "", name, version
    if eco == "NuGet":
        return f"pkg:nuget/{quote(name, safe='')}@{quote(version, safe='')}", "", name, version
    raise ValueError(eco)


def choose(pool, count, rng):
    pairs = sorted((eco, name, v) for (eco, name), vs in pool.items() for v in vs)
    rng.shuffle(pairs)
    if count <= len(pairs):
        return pairs[:count]
    keys = sorted(pool)
    chosen = list(pairs)
    while len(chosen) < count:  # repeat names, each time with one of their real versions
        eco, name = keys[rng.randrange(len(keys))]
        versions = sorted(pool[(eco, name)])
        chosen.append((eco, name, versions[rng.randrange(len(versions))]))
    return chosen


def component(index, eco, name, version):
    purl, group, cname, ver = purl_and_fields(eco, name, version)
    comp = {"type": "library", "bom-ref": f"c{index}"}
    if group:
        comp["group"] = group
    comp.update({"name": cname, "version": ver, "purl": purl})
    return comp


def build_bom(chosen, seed, spec, count):
    rng = random.Random(seed + 1)
    serial = uuid.UUID(int=rng.getrandbits(128), version=4)
    comps = [component(i, *c) for i, c in enumerate(chosen)]
    tool = {"name": "bulwark-bench-gen_sbom", "version": "1"}
    # 1.5 added the object form; trivy ~0.44 exits 1 silently on it, so older specs get the array.
    tools = {"components": [{"type": "application", **tool}]} if spec >= "1.6" else [tool]
    return {
        "bomFormat": "CycloneDX",
        "specVersion": spec,
        "serialNumber": f"urn:uuid:{serial}",
        "version": 1,
        "metadata": {
            "timestamp": "2025-01-01T00:00:00Z",
            "tools": tools,
            "component": {"type": "application", "bom-ref": "root", "name": f"bench-product-{count}",
                          "version": "1.0.0"},
        },
        "components": comps,
        "dependencies": [{"ref": "root", "dependsOn": [c["bom-ref"] for c in comps]}]
                        + [{"ref": c["bom-ref"], "dependsOn": []} for c in comps],
    }


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--count", type=int, required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--seed", type=int, default=20250101)
    ap.add_argument("--spec", default="1.6")
    ap.add_argument("--shared", default=os.environ.get("BULWARK_SHARED", "../shared"))
    ap.add_argument("--corpora", default=",".join(DEFAULT_CORPORA))
    args = ap.parse_args()
    if args.count <= 0:
        sys.exit("gen_sbom.py: --count must be positive")
    pool, files = collect(args.shared, [c for c in args.corpora.split(",") if c])
    if not pool:
        sys.exit("gen_sbom.py: no packages with versions found in the corpora")
    rng = random.Random(args.seed)
    chosen = choose(pool, args.count, rng)
    bom = build_bom(chosen, args.seed, args.spec, args.count)
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(out.name + ".tmp")
    with open(tmp, "w", encoding="utf-8") as fh:
        json.dump(bom, fh, indent=1)
        fh.write("\n")
    tmp.replace(out)
    distinct = sum(len(v) for v in pool.values())
    print(f"gen_sbom.py: {out}: {args.count} components (spec {args.spec}, seed {args.seed}) from "
          f"{len(pool)} packages / {distinct} distinct versions in {files} record files", file=sys.stderr)


if __name__ == "__main__":
    main()
