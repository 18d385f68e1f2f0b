#!/usr/bin/env python3
"""Compares Bulwark's scan findings with trivy's on the same SBOM and the same OSV records.

Findings are normalised to (component, set of vulnerability ids): the component is the SBOM
bom-ref (name@version when trivy gives no PkgRef); a Bulwark finding's ids are its id, aliases and
record ids; a trivy row's ids are its record id plus that record's aliases (read from the OSV
files). A Bulwark finding and a trivy row agree when they name the same component and their id
sets intersect, so aliases that Bulwark merges into one finding are not differences.

Every difference is printed with the record's ranges for that package and both tools' view, and
put into a class (withdrawn record, pre-release semantics, ...) that bench/README.md explains.

Usage: compare_findings.py --label L --sbom BOM.json --bulwark REPORT.json --trivy TRIVY.json
                           --osv DIR_OR_FILE... [--summary-json OUT.json] [--max-listed N]
"""
import argparse
import json
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

PRE_RE = re.compile(r"(?i)(\d)(a|b|c|rc|alpha|beta|pre|preview|dev|snapshot|m|cr|ea)[.\-_]?\d*|-(?!r\d+$)[0-9A-Za-z.]+$")
OS_ECOSYSTEMS = ("Debian", "Ubuntu", "Alpine", "AlmaLinux", "Rocky Linux", "Red Hat", "SUSE", "openSUSE",
                 "Wolfi", "Chainguard", "Mageia")


def load_records(paths):
    """{id: [(file, record), ...]} for every OSV record under the paths."""
    index = defaultdict(list)
    files = []
    for p in paths:
        p = Path(p)
        files.extend(sorted(p.rglob("*.json")) if p.is_dir() else [p])
    for f in files:
        try:
            doc = json.loads(f.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        recs = doc["vulns"] if isinstance(doc, dict) and isinstance(doc.get("vulns"), list) else [doc]
        for r in recs:
            if isinstance(r, dict) and r.get("id"):
                index[r["id"]].append((str(f), r))
    return index


def ids_of_record(index, rid):
    ids = {rid}
    for _, r in index.get(rid, []):
        ids.update(r.get("aliases") or [])
    return ids


OS_NAMES = set()  # names of the SBOM's top-level operating-system components (lower case)


def sbom_components(path):
    doc = json.loads(Path(path).read_text(encoding="utf-8"))
    comps = {}
    OS_NAMES.update((c.get("name") or "").lower() for c in doc.get("components") or []
                    if c.get("type") == "operating-system")

    def walk(items):
        for c in items or []:
            ref = c.get("bom-ref") or f"{c.get('name')}@{c.get('version')}"
            comps[ref] = c
            walk(c.get("components"))

    walk(doc.get("components"))
    return comps


def trivy_rows(path, comps):
    doc = json.loads(Path(path).read_text(encoding="utf-8"))
    by_nv = {f"{c.get('name')}@{c.get('version')}": ref for ref, c in comps.items()}
    rows = []
    for res in doc.get("Results") or []:
        for v in res.get("Vulnerabilities") or []:
            ref = v.get("PkgRef") or by_nv.get(f"{v.get('PkgName')}@{v.get('InstalledVersion')}") \
                or f"{v.get('PkgName')}@{v.get('InstalledVersion')}"
            rows.append({"ref": ref, "id": v["VulnerabilityID"], "pkg": v.get("PkgName"),
                         "installed": v.get("InstalledVersion"), "fixed": v.get("FixedVersion") or "",
                         "target": res.get("Target"), "type": res.get("Type")})
    return rows


def bulwark_findings(path):
    doc = json.loads(Path(path).read_text(encoding="utf-8"))
    out = []
    for f in doc.get("findings") or []:
        comp = f.get("component") or {}
        ref = comp.get("bom_ref") or f"{comp.get('name')}@{comp.get('version')}"
        ids = {f["id"], *(f.get("aliases") or []), *(f.get("records") or [])}
        out.append({"ref": ref, "id": f["id"], "ids": ids, "records": f.get("records") or [],
                    "evidence": f.get("evidence") or [], "fixed": f.get("fixed_versions") or []})
    not_covered = {(n.get("bom_ref") or f"{n.get('name')}@{n.get('version')}"): n.get("reason", "")
                   for n in doc.get("not_covered") or []}
    return out, not_covered


def affected_for(index, rid, comp):
    """The affected[] entries of record rid (all files) that plausibly name this component."""
    name = (comp or {}).get("name", "")
    group = (comp or {}).get("group", "")
    want = {name.lower(), f"{group}:{name}".lower(), f"{group}/{name}".lower()}
    want |= {w.replace("_", "-") for w in want}
    hits = []
    for f, r in index.get(rid, []):
        for i, a in enumerate(r.get("affected") or []):
            pname = ((a.get("package") or {}).get("name") or "").lower()
            if pname in want or pname.replace("_", "-") in want or pname.split("/")[-1] == name.lower():
                hits.append((f, i, a))
    return hits


def describe_affected(a, version):
    parts = []
    for rng in a.get("ranges") or []:
        ev = ", ".join(f"{k}:{v}" for e in rng.get("events") or [] for k, v in e.items())
        parts.append(f"{rng.get('type')}[{ev}]")
    vers = a.get("versions") or []
    if vers:
        parts.append(f"versions[{len(vers)}; {'lists' if version in vers else 'does not list'} {version}]")
    eco = (a.get("package") or {}).get("ecosystem", "")
    return f"{eco} {(a.get('package') or {}).get('name')}: " + " ".join(parts)


def trivy_constraint(a):
    """The constraint string trivydb-from-osv stores for one affected[] entry (its rangesToConstraints),
    joined the way trivy prints it in a "constraint error" warning."""
    vuln = []
    for rng in a.get("ranges") or []:
        if rng.get("type") not in ("SEMVER", "ECOSYSTEM"):
            continue
        intro, is_open = "", False
        for e in rng.get("events") or []:
            if e.get("introduced"):
                intro, is_open = e["introduced"], True
            elif e.get("fixed") or e.get("last_affected") or e.get("limit"):
                c = [f">= {intro}"] if intro and intro != "0" else []
                if e.get("fixed"):
                    c.append(f"< {e['fixed']}")
                elif e.get("last_affected"):
                    c.append(f"<= {e['last_affected']}")
                else:
                    c.append(f"< {e['limit']}")
                vuln.append(", ".join(c))
                is_open = False
        if is_open:
            vuln.append(">= 0" if intro == "0" else f">= {intro}")
    vuln.extend(f"= {v}" for v in a.get("versions") or [])
    return " || ".join(vuln)


TRIVY_REJECTED = {"constraints": set(), "versions": set()}


def load_trivy_warnings(path):
    """Constraints and installed versions that trivy's comparers refused (its WARN lines)."""
    if not path or not Path(path).is_file():
        return
    for line in Path(path).read_text(encoding="utf-8", errors="replace").splitlines():
        m = re.search(r"constraint error \((.*)\): ", line)
        if m:
            TRIVY_REJECTED["constraints"].add(m.group(1))
        m = re.search(r"version error \((.*?)\): ", line)
        if m:
            TRIVY_REJECTED["versions"].add(m.group(1))


def open_from_zero(a):
    """True when a SEMVER/ECOSYSTEM range starts at "0" and has no upper bound."""
    for rng in a.get("ranges") or []:
        if rng.get("type") == "GIT":
            continue
        ev = rng.get("events") or []
        if ev and ev[-1].get("introduced") == "0":
            return True
    return False


def is_prerelease(v):
    return bool(v) and bool(PRE_RE.search(v))


def classify(side, rid_list, comp, index, not_covered_reason):
    version = (comp or {}).get("version", "")
    recs = [r for rid in rid_list for _, r in index.get(rid, [])]
    if side == "trivy" and any(r.get("withdrawn") for r in recs):
        return "withdrawn record (trivydb-from-osv ignores `withdrawn`; Bulwark never matches it)"
    if not_covered_reason:
        return "component version not evaluated by Bulwark (listed as not covered)"
    purl = (comp or {}).get("purl") or ""
    if purl.startswith(("pkg:deb/", "pkg:apk/", "pkg:rpm/")):
        distro = purl.split("/")[1]
        if distro not in OS_NAMES:
            return ("OS package without a matching top-level operating-system component "
                    "(trivy's sbom mode ignores it; Bulwark uses the purl distro qualifier)")
        if "upstream=" in purl and not any(p.get("name") == "aquasecurity:trivy:SrcName"
                                           for p in comp.get("properties") or []):
            return ("Debian source package named by the purl `upstream` qualifier "
                    "(trivy's sbom mode reads it only from its aquasecurity:trivy:SrcName property)")
    if version in TRIVY_REJECTED["versions"]:
        return "component version that trivy's comparer cannot parse (trivy: 'malformed version')"
    hits = [h for rid in rid_list for h in affected_for(index, rid, comp)]
    if any(trivy_constraint(a) in TRIVY_REJECTED["constraints"] for _, _, a in hits):
        return ("advisory dropped by trivy: a version in the record (usually its `versions` list) is not "
                "valid for trivy's comparer ('improper constraint')")
    ecos = {(a.get("package") or {}).get("ecosystem", "") for _, _, a in hits}
    if any(e.split(":")[0] in OS_ECOSYSTEMS for e in ecos):
        return "OS package model (trivy keeps the first fixed event / needs its own source-package property)"
    for rid in rid_list:
        bodies = {json.dumps(r, sort_keys=True) for _, r in index.get(rid, [])}
        if len(bodies) > 1:
            return "same record id in several files with different contents (trivy: last file wins)"
    per_record = Counter((f, (a.get("package") or {}).get("name")) for f, _, a in hits)
    if any(n > 1 for n in per_record.values()):
        return "several affected[] entries for one package in one record (trivydb-from-osv keeps only the last)"
    if hits and all(not (a.get("ranges") or a.get("versions")) or
                    all(r.get("type") == "GIT" for r in a.get("ranges") or []) and not a.get("versions")
                    for _, _, a in hits):
        return "GIT-only ranges (neither tool evaluates commits)"
    events = [str(v) for _, _, a in hits for rng in a.get("ranges") or [] if rng.get("type") != "GIT"
              for e in rng.get("events") or [] for v in e.values()]
    if is_prerelease(version) and any(open_from_zero(a) for _, _, a in hits):
        return ("pre-release (e.g. Go pseudo-version v0.0.0-...) in an open range from introduced \"0\": "
                "trivy's '>= 0' excludes it (SemVer: 0.0.0-x < 0.0.0), OSV's \"0\" means every version")
    if is_prerelease(version) or any(is_prerelease(e) for e in events):
        return "pre-release / non-canonical version semantics"
    return "other (see listing)"


def compare(args):
    index = load_records(args.osv)
    comps = sbom_components(args.sbom)
    trows = trivy_rows(args.trivy, comps)
    bfind, not_covered = bulwark_findings(args.bulwark)
    t_by_ref, b_by_ref = defaultdict(list), defaultdict(list)
    for r in trows:
        r["ids"] = ids_of_record(index, r["id"])
        t_by_ref[r["ref"]].append(r)
    for f in bfind:
        b_by_ref[f["ref"]].append(f)
    both = only_b = only_t = 0
    diffs = []
    for ref in sorted(set(t_by_ref) | set(b_by_ref)):
        tr, bf = t_by_ref.get(ref, []), b_by_ref.get(ref, [])
        matched_t = set()
        for f in bf:
            m = [i for i, r in enumerate(tr) if r["ids"] & f["ids"]]
            if m:
                both += 1
                matched_t.update(m)
            else:
                only_b += 1
                diffs.append(("bulwark", ref, f["records"] or [f["id"]], f))
        for i, r in enumerate(tr):
            if i not in matched_t:
                only_t += 1
                diffs.append(("trivy", ref, [r["id"]], r))
    return index, comps, trows, bfind, not_covered, both, only_b, only_t, diffs


def print_report(args, result):
    index, comps, trows, bfind, not_covered, both, only_b, only_t, diffs = result
    classes = Counter()
    lines = []
    for side, ref, rids, item in diffs:
        comp = comps.get(ref, {})
        cls = classify(side, rids, comp, index, not_covered.get(ref, ""))
        classes[(side, cls)] += 1
        label = comp.get("purl") or f"{comp.get('name')}@{comp.get('version')}"
        head = f"only-{side}: {ref} {label} {'/'.join(rids)}  [{cls}]"
        detail = []
        for f, i, a in [h for rid in rids for h in affected_for(index, rid, comp)][:3]:
            detail.append(f"    record {Path(f).name} affected[{i}]: {describe_affected(a, comp.get('version', ''))}"[:400])
        if side == "trivy":
            detail.append(f"    trivy: installed {item['installed']} fixed {item['fixed'] or '-'} ({item['type']})")
        else:
            for e in item["evidence"][:2]:
                detail.append(f"    bulwark: {e.get('record')} {e.get('ecosystem')} range {e.get('range')}"[:400])
        if ref in not_covered:
            detail.append(f"    bulwark not covered: {not_covered[ref]}")
        lines.append((cls, head, detail))
    print(f"== {args.label}: {len(comps)} components; bulwark {len(bfind)} findings, trivy {len(trows)} rows")
    print(f"   in both: {both}   only-bulwark: {only_b}   only-trivy: {only_t}   "
          f"(bulwark not covered: {len(not_covered)})")
    for (side, cls), n in sorted(classes.items()):
        print(f"   only-{side:7} {n:5}  {cls}")
    shown = Counter()
    for cls, head, detail in sorted(lines, key=lambda x: (x[0], x[1])):
        shown[cls] += 1
        if shown[cls] > args.max_listed:
            continue
        print(head)
        for d in detail:
            print(d)
    for cls, n in shown.items():
        if n > args.max_listed:
            print(f"   ... {n - args.max_listed} more in class '{cls}' (raise --max-listed)")
    if args.summary_json:
        Path(args.summary_json).write_text(json.dumps({
            "label": args.label, "components": len(comps), "bulwark_findings": len(bfind),
            "trivy_rows": len(trows), "both": both, "only_bulwark": only_b, "only_trivy": only_t,
            "classes": [{"side": s, "class": c, "count": n} for (s, c), n in sorted(classes.items())],
        }, indent=1) + "\n")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--label", required=True)
    ap.add_argument("--sbom", required=True)
    ap.add_argument("--bulwark", required=True)
    ap.add_argument("--trivy", required=True)
    ap.add_argument("--osv", nargs="+", required=True)
    ap.add_argument("--trivy-log", help="trivy's stderr (WARN lines name the constraints it refused)")
    ap.add_argument("--summary-json")
    ap.add_argument("--max-listed", type=int, default=15)
    args = ap.parse_args()
    load_trivy_warnings(args.trivy_log)
    print_report(args, compare(args))
    return 0


if __name__ == "__main__":
    sys.exit(main())
