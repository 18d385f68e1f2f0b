#!/usr/bin/env python3
"""Generates the full-size synthetic data set for the benchmarks (issue 18, deliverable 1).

Deterministic: the same --seed and --scale give byte-identical files (Python 3 standard library
only; no input is read). At --scale 1 it writes, under --out (a build directory, never committed):

  osv/<Ecosystem>/all.zip      ~700,000 OSV records, one zip per ecosystem as OSV publishes them
                               (one <id>.json member per record)
  nvd/nvdcve-2.0-NNN.json      ~300,000 NVD CVE API 2.0 records in pages of 2,000, with CPE
                               configurations, CVSS v3.1 (+ v2 before 2016), CWEs, references
  epss/epss_scores-current.csv.gz  300,000 FIRST EPSS rows (one per generated CVE)
  kev/known_exploited_vulnerabilities.json  1,500 CISA KEV entries (CVEs of the NVD set)
  sbom-1k.cdx.json, sbom-10k.cdx.json, sbom-300k.cdx.json  CycloneDX 1.6 SBOMs of which ~10 %
                               of the components are vulnerable against the generated records
  MANIFEST.json                counts, seed, scale and the import command line; written last

The record mix per ecosystem and the record shapes (affected entries, ranges, versions lists,
aliases, withdrawn share) are documented in bench/README.md ("Full-size data set") with where
each figure comes from. Usage:

  gen_fullsize.py --out DIR [--scale 1.0] [--seed 20261207]

--scale multiplies every count (OSV, NVD, EPSS, KEV; the SBOM sizes stay 1k/10k/300k unless
--sbom-scale is given), e.g. --scale 0.05 for a quick run.
"""
import argparse
import gzip
import io
import json
import multiprocessing
import os
import random
import shutil
import sys
import time
import zipfile
import zlib

# --- the OSV mix --------------------------------------------------------------------------------
# (ecosystem, weight, family): the weights are per-ecosystem record counts (see bench/README.md for
# their sources); they are scaled so that scale 1 gives OSV_TOTAL records.
OSV_TOTAL = 700_000
OSV_MIX = [
    ("npm", 190_000, "npm"),            # ~165k MAL (malicious packages) + ~25k GHSA
    ("Debian", 92_000, "debian"),       # DEBIAN-CVE + DSA + DLA
    ("Ubuntu", 80_000, "ubuntu"),       # UBUNTU-CVE + USN
    ("SUSE", 45_000, "rpm"),
    ("Red Hat", 30_000, "rpm"),
    ("openSUSE", 25_000, "rpm"),
    ("PyPI", 24_500, "pypi"),           # PYSEC + GHSA + MAL
    ("Alpine", 22_000, "apk"),
    ("Chainguard", 14_000, "apk"),
    ("Wolfi", 14_000, "apk"),
    ("Bitnami", 11_000, "semver"),
    ("AlmaLinux", 9_000, "rpm"),
    ("Linux", 9_000, "linux"),
    ("Rocky Linux", 8_000, "rpm"),
    ("Maven", 6_500, "semver"),
    ("Go", 6_300, "go"),
    ("Mageia", 6_000, "rpm"),
    ("Photon OS", 6_000, "rpm"),
    ("Android", 5_000, "android"),
    ("Packagist", 4_800, "semver"),
    ("OSS-Fuzz", 4_500, "ossfuzz"),
    ("openEuler", 4_000, "rpm"),
    ("crates.io", 2_500, "semver"),
    ("RubyGems", 2_100, "semver"),
    ("NuGet", 1_500, "semver"),
    ("GIT", 1_000, "git"),
    ("Hex", 300, "semver"),
    ("GitHub Actions", 300, "semver"),
    ("Pub", 200, "semver"),
    ("SwiftURL", 200, "semver"),
]
# Distribution releases per ecosystem (the ":suffix" of the OSV ecosystem) and the purl form.
RELEASES = {
    "Debian": ["11", "12", "13"],
    "Ubuntu": ["20.04:LTS", "22.04:LTS", "24.04:LTS"],
    "Alpine": ["v3.18", "v3.19", "v3.20"],
    "Red Hat": ["enterprise_linux:8::appstream", "enterprise_linux:9::appstream",
                "enterprise_linux:9::baseos"],
    "AlmaLinux": ["8", "9"],
    "Rocky Linux": ["8", "9"],
    "SUSE": ["SUSE Linux Enterprise Server 15 SP5", "SUSE Linux Enterprise Server 15 SP6"],
    "openSUSE": ["openSUSE Leap 15.5", "openSUSE Leap 15.6"],
    "Mageia": ["8", "9"],
    "Photon OS": ["4.0", "5.0"],
    "openEuler": ["22.03-LTS", "24.03-LTS"],
}
# purl type/namespace and the distro qualifier of a release, for the SBOMs.
PURL_OF = {
    "npm": ("npm", None), "PyPI": ("pypi", None), "Maven": ("maven", None), "Go": ("golang", None),
    "crates.io": ("cargo", None), "RubyGems": ("gem", None), "NuGet": ("nuget", None),
    "Packagist": ("composer", None), "Hex": ("hex", None), "Pub": ("pub", None),
    "Bitnami": ("bitnami", None), "Debian": ("deb", "debian"), "Ubuntu": ("deb", "ubuntu"),
    "Alpine": ("apk", "alpine"), "Wolfi": ("apk", "wolfi"), "Chainguard": ("apk", "chainguard"),
    "Red Hat": ("rpm", "redhat"), "AlmaLinux": ("rpm", "almalinux"),
    "Rocky Linux": ("rpm", "rocky-linux"), "SUSE": ("rpm", "suse"), "openSUSE": ("rpm", "opensuse"),
    "Mageia": ("rpm", "mageia"),
}
DISTRO_QUALIFIER = {
    "Debian": lambda r: "debian-" + r, "Ubuntu": lambda r: "ubuntu-" + r.split(":")[0],
    "Alpine": lambda r: "alpine-" + r[1:] + ".0", "Red Hat": lambda r: "rhel-" + r.split(":")[1],
    "AlmaLinux": lambda r: "almalinux-" + r, "Rocky Linux": lambda r: "rocky-" + r,
    "Mageia": lambda r: "mageia-" + r,
}
# Components of the SBOMs: share per ecosystem (a large product: JavaScript-heavy, a base image).
SBOM_MIX = [("npm", 40), ("Maven", 18), ("PyPI", 10), ("Go", 8), ("Debian", 7), ("Ubuntu", 2),
            ("Alpine", 3), ("Red Hat", 2), ("AlmaLinux", 1), ("crates.io", 3), ("NuGet", 2),
            ("RubyGems", 1.5), ("Packagist", 1.5), ("Wolfi", 0.5), ("Bitnami", 0.5)]
VULNERABLE_SHARE = 0.10

WORDS = ("alpha beta gamma delta core util net http json xml yaml auth crypto cache log parse "
         "stream async data file path time date url web form image font text query sql orm db "
         "queue event task flow graph tree map list set hash buf io fs os proc shell cli term "
         "color test mock spec lint fmt build pack bundle loader plugin config env secret token "
         "jwt oauth session cookie proxy router server client socket rpc grpc proto codec zip "
         "tar gzip compress archive cloud aws azure gcp storage blob s3 kube docker helm chart "
         "metric trace prom stats monitor alert mail smtp dns ssh tls ssl cert x509 pem rsa aes "
         "sha md5 uuid rand math num big decimal money geo locale i18n ui react vue angular "
         "svelte dom css sass less style icon svg canvas video audio media pdf doc excel csv "
         "markdown html template render view model schema valid sanit escape encode decode "
         "base64 hex binary bit byte string regex glob match diff patch merge git repo vcs").split()
GHSA_CHARS = "23456789cfghjmpqrvwx"
FILLER = " ".join(random.Random(7).choice(WORDS) for _ in range(4000))
YEAR_WEIGHTS = [(1999, 1.5), (2002, 2.2), (2005, 4.9), (2007, 6.5), (2009, 5.0), (2011, 4.2),
                (2012, 5.3), (2014, 7.9), (2015, 6.5), (2016, 6.5), (2017, 14.6), (2018, 16.5),
                (2019, 17.3), (2020, 18.3), (2021, 20.2), (2022, 25.2), (2023, 29.0),
                (2024, 40.0), (2025, 42.0), (2026, 28.0)]


def stable_seed(seed, *parts):
    return zlib.crc32("/".join(str(p) for p in (seed,) + parts).encode()) ^ (seed << 8)


def dumps(obj):
    return json.dumps(obj, separators=(",", ":"), ensure_ascii=False)


def weighted(rng, pairs):
    total = sum(w for _, w in pairs)
    x = rng.random() * total
    for v, w in pairs:
        x -= w
        if x < 0:
            return v
    return pairs[-1][0]


def ts(rng, year_lo=2018, year_hi=2026):
    r = rng.getrandbits(40)
    return "%04d-%02d-%02dT%02d:%02d:%02dZ" % (year_lo + r % (year_hi - year_lo + 1), 1 + (r >> 8) % 12,
                                              1 + (r >> 12) % 28, (r >> 17) % 24, (r >> 22) % 60,
                                              (r >> 28) % 60)


# --- CVE ids (shared by NVD, EPSS, KEV and the OSV aliases) ---------------------------------------
def cve_ids(count, seed):
    rng = random.Random(stable_seed(seed, "cve"))
    years = []
    for i, (y, w) in enumerate(YEAR_WEIGHTS):
        y_next = YEAR_WEIGHTS[i + 1][0] if i + 1 < len(YEAR_WEIGHTS) else 2027
        for yy in range(y, y_next):
            years.append((yy, w))
    total = sum(w for _, w in years)
    ids = []
    for yy, w in years:
        n = max(1, round(count * w / total))
        nums = sorted(rng.sample(range(1000, max(2000, n * 3) + 1000), n))
        ids.extend("CVE-%d-%04d" % (yy, k) for k in nums)
    rng.shuffle(ids)
    ids = sorted(ids[:count], key=lambda c: (int(c.split("-")[1]), int(c.split("-")[2])))
    return ids


# --- names and versions ---------------------------------------------------------------------------
class Names:
    """Distinct package names per ecosystem: the vulnerable pool and a disjoint clean pool."""

    def __init__(self, rng):
        self.rng = rng
        self.used = set()

    def word_name(self, sep="-"):
        rng = self.rng
        while True:
            parts = [rng.choice(WORDS) for _ in range(rng.choice((1, 2, 2, 3)))]
            name = sep.join(parts)
            if rng.random() < 0.5:
                name += sep + str(rng.randint(2, 999))
            if name not in self.used:
                self.used.add(name)
                return name

    def make(self, eco):
        rng = self.rng
        if eco == "Go":
            n = self.word_name()
            return "github.com/%s/%s" % (self.word_name(), n) if rng.random() < 0.8 else \
                "golang.org/x/%s" % n
        if eco == "Maven":
            return "org.%s.%s:%s" % (rng.choice(WORDS), self.word_name("."), self.word_name())
        if eco == "npm" and rng.random() < 0.25:
            return "@%s/%s" % (self.word_name(), self.word_name())
        if eco == "Packagist":
            return "%s/%s" % (self.word_name(), self.word_name())
        if eco in ("PyPI", "crates.io", "RubyGems", "Hex", "Pub"):
            return self.word_name("_" if eco in ("crates.io", "Hex", "Pub") else "-")
        if eco == "NuGet":
            return ".".join(w.capitalize() for w in self.word_name(".").split("."))
        if eco in ("GitHub Actions", "SwiftURL"):
            return "github.com/%s/%s" % (self.word_name(), self.word_name()) if eco == "SwiftURL" \
                else "%s/%s" % (self.word_name(), self.word_name())
        if eco in ("Debian", "Ubuntu"):
            return ("lib" if rng.random() < 0.3 else "") + self.word_name()
        return self.word_name()


def upstream_version(rng):
    return "%d.%d.%d" % (rng.randint(0, 12), rng.randint(0, 30), rng.randint(2, 20))


def distro_version(family, eco, base, rel_index, step):
    """A packaged version of upstream `base`: a higher step is a later build of it."""
    if family == "debian":
        return "%s-%d+deb%su%d" % (base, 1 + rel_index, ("11", "12", "13")[rel_index % 3], step) \
            if step else "%s-%d" % (base, 1 + rel_index)
    if family == "ubuntu":
        return "%s-%dubuntu0.%d" % (base, 1 + rel_index, step)
    if family == "apk":
        return "%s-r%d" % (base, step)
    if eco == "Red Hat" or eco in ("AlmaLinux", "Rocky Linux"):
        return "%s-%d.el%d" % (base, step + 1, 8 + rel_index % 2)
    if eco == "Mageia":
        return "%s-%d.mga%d" % (base, step + 1, 8 + rel_index % 2)
    return "%s-%d.%d" % (base, step + 1, rel_index + 1)


def pseudo_version(rng, year):
    return "0.0.0-%04d%02d%02d%02d%02d%02d-%012x" % (
        year, rng.randint(1, 12), rng.randint(1, 28), rng.randint(0, 23), rng.randint(0, 59),
        rng.randint(0, 59), rng.getrandbits(48))


def lower_version(v):
    """A version just below v = "a.b.c" (c >= 1): "a.b.(c-1)"."""
    a, b, c = v.split(".")
    return "%s.%s.%d" % (a, b, int(c) - 1)


# --- OSV records ----------------------------------------------------------------------------------
class OsvGen:
    def __init__(self, seed, cves):
        self.seed = seed
        self.cves = cves
        self.ghsa_seen = set()
        # What the SBOMs can be vulnerable to: eco -> list of (name, release or None, version)
        self.vulnerable = {}
        self.names = {}  # eco -> Names (vulnerable pool)

    def ghsa(self, rng):
        while True:
            g = "GHSA-" + "-".join("".join(rng.choice(GHSA_CHARS) for _ in range(4))
                                   for _ in range(3))
            if g not in self.ghsa_seen:
                self.ghsa_seen.add(g)
                return g

    def cve(self, rng):
        return self.cves[rng.randrange(len(self.cves))]

    def common(self, rng, rid, aliases, summary):
        published = ts(rng, 2016, 2026)
        rec = {"schema_version": "1.6.0", "id": rid, "modified": ts(rng, 2025, 2026),
               "published": published}
        if aliases:
            rec["aliases"] = aliases
        rec["summary"] = summary
        start = rng.randrange(len(FILLER) - 700)
        rec["details"] = summary + ". " + FILLER[start:start + rng.randint(120, 650)]
        return rec

    def refs(self, rng, rid, n=None):
        n = n if n is not None else rng.randint(2, 5)
        kinds = ["ADVISORY", "WEB", "FIX", "PACKAGE", "REPORT"]
        return [{"type": kinds[i % len(kinds)],
                 "url": "https://advisories.example/%s/%d" % (rid, i)} for i in range(n)]

    def severity(self, rng):
        vec = random_v31(rng)
        return [{"type": "CVSS_V3", "score": vec}]

    def note_vulnerable(self, eco, name, release, version):
        self.vulnerable.setdefault(eco, []).append((name, release, version))

    # The language ecosystems: ECOSYSTEM/SEMVER ranges, several for GHSA.
    def lang_record(self, rng, eco, i, names):
        family_go = eco == "Go"
        kind = "GHSA"
        if eco == "npm" and rng.random() < 165 / 190:
            kind = "MAL"
        elif eco == "PyPI":
            kind = weighted(rng, [("PYSEC", 3.3), ("GHSA", 5.2), ("MAL", 16.0)])
        elif family_go and rng.random() < 0.68:
            kind = "GO"
        elif eco == "crates.io" and rng.random() < 0.5:
            kind = "RUSTSEC"
        elif eco == "Bitnami":
            kind = "BIT"
        year = rng.randint(2017, 2026)
        if kind == "MAL":
            rid = "MAL-%d-%d" % (year, (1000 if eco == "npm" else 500000) + i)
            name = names.make(eco)  # malicious packages: one name each
            versions = [upstream_version(rng) for _ in range(rng.choice((1, 1, 2, 3)))]
            rec = self.common(rng, rid, [], "Malicious code in %s (%s)" % (name, eco.lower()))
            rec["affected"] = [{"package": {"ecosystem": eco, "name": name},
                                "ranges": [{"type": "SEMVER" if eco == "npm" else "ECOSYSTEM",
                                            "events": [{"introduced": "0"}]}],
                                "versions": versions,
                                "database_specific": {"malicious-packages-origins": [
                                    {"source": "ghsa-malware", "sha256": "%064x" % rng.getrandbits(256)}]}}]
            rec["database_specific"] = {"malicious-packages-origins": [{"source": "ghsa-malware"}]}
            rec["references"] = self.refs(rng, rid, 1)
            return rec, name
        cve = self.cve(rng) if rng.random() < 0.85 else None
        if kind == "GHSA":
            rid = self.ghsa(rng)
            aliases = [cve] if cve else []
        elif kind == "GO":
            rid = "GO-%d-%04d" % (year, i)
            aliases = [a for a in (cve, self.ghsa(rng) if rng.random() < 0.7 else None) if a]
        elif kind == "BIT":
            rid = "BIT-%s-%s" % (rng.choice(WORDS), (cve or "CVE-%d-%d" % (year, i))[4:])
            aliases = [cve] if cve else []
        else:
            rid = "%s-%d-%d" % (kind, year, 1000 + i)
            aliases = [a for a in (cve, self.ghsa(rng) if rng.random() < 0.6 else None) if a]
        name = names.make(eco) if rng.random() < 0.25 or not names.pool(eco) else \
            rng.choice(names.pool(eco))
        names.add(eco, name)
        rtype = "SEMVER" if eco in ("npm", "Go", "crates.io", "Bitnami") else "ECOSYSTEM"
        affected = []
        # GHSA: several ranges (one per maintained line, 1-3), sometimes as separate entries.
        nlines = weighted(rng, [(1, 60), (2, 25), (3, 12), (4, 3)]) if kind != "GO" else 1
        major0 = rng.randint(0, 8)
        ranges = []
        for k in range(nlines):
            major = major0 + k
            minor = rng.randint(0, 20)
            fixed = "%d.%d.%d" % (major, minor, rng.randint(1, 25))
            intro = "0" if k == 0 and rng.random() < 0.5 else "%d.%d.0" % (major, minor)
            ev = [{"introduced": intro}, {"fixed": fixed}]
            if rng.random() < 0.08:
                ev = [{"introduced": intro}, {"last_affected": lower_version(fixed)}]
            ranges.append(ev)
            if k == 0:
                self.note_vulnerable(eco, name, None, lower_version(fixed))
        if family_go and rng.random() < 0.12:  # an unreleased module: pseudo-versions
            fixed = pseudo_version(rng, year)
            ranges = [[{"introduced": "0"}, {"fixed": fixed}]]
            self.vulnerable[eco][-1] = (name, None, pseudo_version(rng, year - 1))
        split = kind == "GHSA" and nlines > 1 and rng.random() < 0.5
        groups = [[r] for r in ranges] if split else [ranges]
        for g in groups:
            entry = {"package": {"ecosystem": eco, "name": name}}
            entry["ranges"] = [{"type": rtype, "events": ev} for ev in g]
            if kind == "PYSEC" or (kind == "GHSA" and eco in ("Maven", "PyPI") and rng.random() < 0.6):
                entry["versions"] = versions_list(g, rng)
            if family_go:
                entry["ecosystem_specific"] = {"imports": [
                    {"path": name + "/" + rng.choice(WORDS),
                     "symbols": [rng.choice(WORDS).capitalize() + rng.choice(WORDS).capitalize()
                                 for _ in range(rng.randint(1, 4))]}]}
            if kind == "GHSA":
                entry["database_specific"] = {"source": "https://github.example/advisories/" + rid}
            affected.append(entry)
        if kind == "GO" and rng.random() < 0.3:  # Go: a second module of the same repository
            sub = name + "/v%d" % (major0 + 2)
            affected.append({"package": {"ecosystem": "Go", "name": sub},
                             "ranges": [{"type": "SEMVER", "events": [
                                 {"introduced": "%d.0.0" % (major0 + 2)},
                                 {"fixed": "%d.%d.%d" % (major0 + 2, rng.randint(0, 9), rng.randint(1, 9))}]}]})
        rec = self.common(rng, rid, aliases, "%s in %s" % (rng.choice(VULN_KINDS), name))
        rec["affected"] = affected
        if kind == "GHSA" or rng.random() < 0.35:
            rec["severity"] = self.severity(rng)
        rec["references"] = self.refs(rng, rid)
        if kind == "GHSA":
            rec["database_specific"] = {"cwe_ids": ["CWE-%d" % rng.choice(CWES)],
                                        "severity": rng.choice(("LOW", "MODERATE", "HIGH", "CRITICAL")),
                                        "github_reviewed": rng.random() < 0.3,
                                        "github_reviewed_at": ts(rng), "nvd_published_at": ts(rng)}
        return rec, name

    # Distribution advisories: source packages across releases; a tail with many packages.
    def distro_record(self, rng, eco, family, i, names):
        releases = RELEASES.get(eco, [""])
        cve = self.cve(rng)
        year = int(cve.split("-")[1])
        if family == "debian":
            kind = weighted(rng, [("DEBIAN-CVE", 82), ("DSA", 8), ("DLA", 10)])
        elif family == "ubuntu":
            kind = weighted(rng, [("UBUNTU-CVE", 81), ("USN", 19)])
        elif family == "apk":
            kind = {"Alpine": "ALPINE-CVE", "Chainguard": "CGA", "Wolfi": "CGA"}[eco]
        else:
            kind = {"Red Hat": "RHSA", "AlmaLinux": "ALSA", "Rocky Linux": "RLSA", "SUSE": "SUSE-SU",
                    "openSUSE": "openSUSE-SU", "Mageia": "MGASA", "Photon OS": "PHSA",
                    "openEuler": "OESA"}[eco]
        if kind in ("DEBIAN-CVE", "UBUNTU-CVE", "ALPINE-CVE"):
            rid = "%s-%s" % (kind, cve[4:])
            aliases, upstream = [], [cve]
            npkg = 1
        elif kind == "CGA":
            rid = "CGA-" + "-".join("".join(rng.choice(GHSA_CHARS) for _ in range(4)) for _ in range(3))
            aliases, upstream = [cve], []
            npkg = 1
        else:
            num = "%d-%d" % (1000 + i // 3, 1 + i % 3) if kind in ("DSA", "DLA", "USN") else \
                "%d:%04d" % (year, i % 10000) if kind in ("RHSA", "ALSA", "RLSA", "SUSE-SU", "openSUSE-SU", "OESA") else \
                "%d-%04d" % (year, i)
            rid = "%s-%s" % (kind, num) if kind not in ("SUSE-SU", "openSUSE-SU") else "%s-%s-1" % (kind, num)
            ncve = weighted(rng, [(1, 50), (2, 20), (4, 15), (10, 10), (40, 5)])
            aliases = []
            upstream = sorted({self.cve(rng) for _ in range(ncve)} | {cve})
            # source packages per advisory: mostly one; kernels and toolchains many
            npkg = weighted(rng, [(1, 70), (2, 12), (4, 8), (12, 6), (60, 3), (250, 0.5)])
        summary = "%s: %s" % (kind, rng.choice(VULN_KINDS))
        rec = self.common(rng, rid, aliases, summary)
        if upstream:
            rec["upstream"] = upstream
        affected = []
        pool = names.pool(eco)
        for p in range(npkg):
            src = names.make(eco) if not pool or rng.random() < 0.2 else rng.choice(pool)
            names.add(eco, src)
            base = upstream_version(rng)
            rels = [r for r in releases if rng.random() < 0.7] or [releases[-1]]
            for ri, rel in enumerate(rels):
                ecosystem = eco if not rel else "%s:%s" % (eco, rel)
                rel_index = releases.index(rel)
                step = rng.randint(1, 6)
                fixed = distro_version(family, eco, base, rel_index, step)
                entry = {"package": {"ecosystem": ecosystem, "name": src}}
                if family == "ubuntu":  # Ubuntu lists the source package's binaries
                    entry["ecosystem_specific"] = {"binaries": [
                        {"binary_name": "%s%s" % (src, sfx), "binary_version": fixed}
                        for sfx in ("", "-dev", "-doc")[:rng.randint(1, 3)]]}
                unfixed = rng.random() < 0.07
                events = [{"introduced": "0"}] if unfixed else [{"introduced": "0"}, {"fixed": fixed}]
                entry["ranges"] = [{"type": "ECOSYSTEM", "events": events}]
                if family == "rpm" and eco in ("Red Hat", "SUSE", "openSUSE"):
                    entry["ecosystem_specific"] = {"binaries": [src + sfx for sfx in ("", "-devel", "-libs")]}
                affected.append(entry)
                if not unfixed and p == 0 and ri == 0:
                    self.note_vulnerable(eco, src, rel, distro_version(family, eco, base, rel_index, step - 1))
        rec["affected"] = affected
        if rng.random() < 0.5:
            rec["severity"] = self.severity(rng)
        rec["references"] = self.refs(rng, rid, rng.randint(1, 3))
        return rec, affected[0]["package"]["name"]

    def other_record(self, rng, eco, family, i, names):
        cve = self.cve(rng)
        year = int(cve.split("-")[1])
        if family == "linux":
            rid = cve if i % 2 == 0 else "UVI-%d-%d" % (year, 1000 + i)
            rec = self.common(rng, rid, [cve] if rid != cve else [], "In the Linux kernel: " + rng.choice(VULN_KINDS))
            a, b = rng.randint(4, 6), rng.randint(0, 19)
            rec["affected"] = [{"package": {"ecosystem": "Linux", "name": "Kernel"},
                                "ranges": [{"type": "ECOSYSTEM", "events": [
                                    {"introduced": "%d.%d" % (a, b)}, {"fixed": "%d.%d.%d" % (a, b, rng.randint(1, 200))}]},
                                    {"type": "GIT", "repo": "https://git.kernel.example/linux",
                                     "events": [{"introduced": "%040x" % rng.getrandbits(160)},
                                                {"fixed": "%040x" % rng.getrandbits(160)}]}]}]
        elif family == "android":
            rid = "ASB-A-%d" % (100000000 + i)
            rec = self.common(rng, rid, [cve], "Android: " + rng.choice(VULN_KINDS))
            comp = rng.choice(("platform/frameworks/base", "platform/system/core", "Kernel",
                               "platform/packages/apps/Settings", "Qualcomm", "MediaTek"))
            rec["affected"] = [{"package": {"ecosystem": "Android", "name": comp},
                                "versions": rng.sample(["11", "12", "12L", "13", "14", "15"], rng.randint(1, 4))}]
        elif family == "ossfuzz":
            rid = "OSV-%d-%d" % (year, 100 + i)
            proj = names.make(eco)
            rec = self.common(rng, rid, [], "Heap-buffer-overflow in " + proj)
            rec["affected"] = [{"package": {"ecosystem": "OSS-Fuzz", "name": proj},
                                "ranges": [{"type": "GIT", "repo": "https://git.example/%s" % proj,
                                            "events": [{"introduced": "%040x" % rng.getrandbits(160)},
                                                       {"fixed": "%040x" % rng.getrandbits(160)}]}],
                                "versions": ["v%s" % upstream_version(rng) for _ in range(rng.randint(1, 30))]}]
        else:  # GIT only: no package
            rid = "OSV-%d-%d" % (year, 900000 + i)
            repo = "https://git.example/%s/%s" % (rng.choice(WORDS), names.make("GIT"))
            rec = self.common(rng, rid, [cve], rng.choice(VULN_KINDS))
            rec["affected"] = [{"ranges": [{"type": "GIT", "repo": repo, "events": [
                {"introduced": "%040x" % rng.getrandbits(160)}, {"fixed": "%040x" % rng.getrandbits(160)}]}],
                "versions": ["v%s" % upstream_version(rng) for _ in range(rng.randint(1, 8))]}]
        rec["references"] = self.refs(rng, rid, rng.randint(1, 3))
        return rec, None


class NamePools:
    def __init__(self, rng):
        self.gen = Names(rng)
        self.pools = {}

    def make(self, eco):
        return self.gen.make(eco)

    def pool(self, eco):
        return self.pools.get(eco, [])

    def add(self, eco, name):
        p = self.pools.setdefault(eco, [])
        if not p or p[-1] != name:
            if len(p) < 200_000:
                p.append(name)


VULN_KINDS = ["Cross-site scripting", "SQL injection", "Path traversal", "Denial of service via "
              "crafted input", "Out-of-bounds read", "Use after free", "Server-side request forgery",
              "Improper certificate validation", "Prototype pollution", "Regular expression denial "
              "of service", "Deserialization of untrusted data", "Command injection",
              "Integer overflow", "Information exposure", "Open redirect", "XML external entity "
              "injection", "Authentication bypass", "Race condition", "Heap buffer overflow"]
CWES = [79, 89, 22, 400, 125, 416, 918, 295, 1321, 1333, 502, 78, 190, 200, 601, 611, 287, 362, 122]


def versions_list(ranges, rng):
    out = []
    for ev in ranges:
        intro = ev[0]["introduced"]
        end = ev[1].get("fixed") or ev[1].get("last_affected")
        a, b, c = end.split(".")
        lo_b = int(intro.split(".")[1]) if intro != "0" else max(0, int(b) - 2)
        for bb in range(lo_b, int(b) + 1):
            top = int(c) if bb == int(b) else rng.randint(3, 12)
            for cc in range(0, top + (1 if "last_affected" in ev[1] and bb == int(b) else 0)):
                out.append("%s.%d.%d" % (a, bb, cc))
    return out[:150]


def random_v31(rng):
    m = dict(AV=rng.choice("NNNALP"), AC=rng.choice("LLH"), PR=rng.choice("NLH"), UI=rng.choice("NR"),
             S=rng.choice("UUC"), C=rng.choice("HLN"), I=rng.choice("HLN"), A=rng.choice("HLN"))
    return "CVSS:3.1/" + "/".join("%s:%s" % (k, m[k]) for k in ("AV", "AC", "PR", "UI", "S", "C", "I", "A"))


def score_v31(vec):
    m = dict(p.split(":") for p in vec.split("/")[1:])
    av = {"N": 0.85, "A": 0.62, "L": 0.55, "P": 0.2}[m["AV"]]
    ac = {"L": 0.77, "H": 0.44}[m["AC"]]
    changed = m["S"] == "C"
    pr = {"N": 0.85, "L": 0.68 if changed else 0.62, "H": 0.5 if changed else 0.27}[m["PR"]]
    ui = {"N": 0.85, "R": 0.62}[m["UI"]]
    cia = {"H": 0.56, "L": 0.22, "N": 0.0}
    iss = 1 - (1 - cia[m["C"]]) * (1 - cia[m["I"]]) * (1 - cia[m["A"]])
    impact = 7.52 * (iss - 0.029) - 3.25 * (iss - 0.02) ** 15 if changed else 6.42 * iss
    expl = 8.22 * av * ac * pr * ui
    if impact <= 0:
        return 0.0, expl, impact
    raw = min(1.08 * (impact + expl), 10) if changed else min(impact + expl, 10)
    i = round(raw * 100000)
    base = i / 100000.0 if i % 10000 == 0 else (i // 10000 + 1) / 10.0
    return base, expl, impact


def severity_name(s):
    return "CRITICAL" if s >= 9 else "HIGH" if s >= 7 else "MEDIUM" if s >= 4 else "LOW" if s > 0 else "NONE"


# --- writers --------------------------------------------------------------------------------------
FIXED_DATE = (2026, 12, 1, 0, 0, 0)


def osv_task(out, scale, seed, cves, eco, n, family):
    """Writes one ecosystem's all.zip; returns (eco, counts, the SBOMs' vulnerable picks)."""
    gen = OsvGen(seed, cves)
    count = max(1, round(n * scale * OSV_TOTAL / sum(w for _, w, _ in OSV_MIX)))
    rng = random.Random(stable_seed(seed, "osv", eco))
    names = NamePools(random.Random(stable_seed(seed, "names", eco)))
    d = os.path.join(out, "osv", eco)
    os.makedirs(d, exist_ok=True)
    path = os.path.join(d, "all.zip")
    tmp = path + ".tmp"
    withdrawn = 0
    ids = set()
    # withdrawn share: 0.4 % (Go, PyPA corpora), 1.1 % (RustSec), 0.5 % elsewhere
    share = {"Go": 0.004, "PyPI": 0.004, "crates.io": 0.011}.get(eco, 0.005)
    with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as z:
        for i in range(count):
            picks = len(gen.vulnerable.get(eco, ()))
            if family in ("npm", "pypi", "go", "semver"):
                rec, _ = gen.lang_record(rng, eco, i, names)
            elif family in ("debian", "ubuntu", "apk", "rpm"):
                rec, _ = gen.distro_record(rng, eco, family, i, names)
            else:
                rec, _ = gen.other_record(rng, eco, family, i, names)
            if rec["id"] in ids:  # a clash of generated ids: make it unique
                rec["id"] += "-%d" % i
            ids.add(rec["id"])
            if rng.random() < share:
                rec["withdrawn"] = rec["modified"]
                withdrawn += 1
                del gen.vulnerable.get(eco, [])[picks:]  # never matched: not a vulnerable pick
            info = zipfile.ZipInfo(rec["id"] + ".json", FIXED_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, dumps(rec), compresslevel=1)
    os.replace(tmp, path)
    return eco, {"records": count, "withdrawn": withdrawn, "file": os.path.relpath(path, out)}, \
        gen.vulnerable.get(eco, [])


def nvd_record(rng, cve, i, vendors):
    year = int(cve.split("-")[1])
    status = weighted(rng, [("Analyzed", 62), ("Modified", 25), ("Awaiting Analysis", 6), ("Rejected", 4),
                            ("Deferred", 3)])
    published = "%d-%02d-%02dT%02d:%02d:%02d.%03d" % (year, rng.randint(1, 12), rng.randint(1, 28),
                                                      rng.randint(0, 23), rng.randint(0, 59),
                                                      rng.randint(0, 59), rng.randint(0, 999))
    last = "%d-%02d-%02dT%02d:%02d:%02d.%03d" % (rng.randint(max(year, 2020), 2026), rng.randint(1, 11),
                                                 rng.randint(1, 28), rng.randint(0, 23),
                                                 rng.randint(0, 59), rng.randint(0, 59), rng.randint(0, 999))
    vendor, products = vendors[rng.randrange(len(vendors))]
    product = rng.choice(products)
    cve_obj = {"id": cve, "sourceIdentifier": "cve@mitre.org", "published": published,
               "lastModified": last, "vulnStatus": status, "cveTags": []}
    if status == "Rejected":
        cve_obj["descriptions"] = [{"lang": "en", "value": "Rejected reason: This candidate was withdrawn "
                                                           "by its CNA. Further investigation showed that it was not a security issue."}]
        cve_obj["metrics"] = {}
        cve_obj["references"] = []
        return {"cve": cve_obj}
    kind = rng.choice(VULN_KINDS)
    cve_obj["descriptions"] = [{"lang": "en", "value": "%s in %s %s before %s allows %s." % (
        kind, vendor, product, upstream_version(rng), rng.choice(
            ("remote attackers to execute arbitrary code", "a local user to gain privileges",
             "remote attackers to cause a denial of service", "attackers to read arbitrary files")))}]
    if rng.random() < 0.3:
        cve_obj["descriptions"].append({"lang": "es", "value": "Vulnerabilidad en %s %s." % (vendor, product)})
    metrics = {}
    if status != "Awaiting Analysis":
        vec = random_v31(rng)
        s, expl, imp = score_v31(vec)
        m = dict(p.split(":") for p in vec.split("/")[1:])
        names = {"N": "NETWORK", "A": "ADJACENT_NETWORK", "L": "LOCAL", "P": "PHYSICAL"}
        lv = {"N": "NONE", "L": "LOW", "H": "HIGH", "R": "REQUIRED"}
        metrics["cvssMetricV31"] = [{"source": "nvd@nist.gov", "type": "Primary", "cvssData": {
            "version": "3.1", "vectorString": vec, "baseScore": s, "baseSeverity": severity_name(s),
            "attackVector": names[m["AV"]], "attackComplexity": lv[m["AC"]], "privilegesRequired": lv[m["PR"]],
            "userInteraction": lv[m["UI"]], "scope": "CHANGED" if m["S"] == "C" else "UNCHANGED",
            "confidentialityImpact": lv[m["C"]], "integrityImpact": lv[m["I"]], "availabilityImpact": lv[m["A"]]},
            "exploitabilityScore": round(expl, 1), "impactScore": round(max(imp, 0), 1)}]
        if year < 2016:
            v2, s2 = rng.choice(V2_VECTORS)
            metrics["cvssMetricV2"] = [{"source": "nvd@nist.gov", "type": "Primary", "cvssData": {
                "version": "2.0", "vectorString": v2, "baseScore": s2}, "baseSeverity":
                "HIGH" if s2 >= 7 else "MEDIUM" if s2 >= 4 else "LOW", "exploitabilityScore": 10.0,
                "impactScore": 6.4}]
    cve_obj["metrics"] = metrics
    cve_obj["weaknesses"] = [{"source": "nvd@nist.gov", "type": "Primary", "description": [
        {"lang": "en", "value": "CWE-%d" % rng.choice(CWES)}]}]
    analysed = status in ("Analyzed", "Modified") and not (year >= 2024 and rng.random() < 0.55)
    if analysed:
        matches = []
        for k in range(weighted(rng, [(1, 40), (2, 25), (4, 20), (8, 10), (30, 5)])):
            major = rng.randint(0, 12)
            c = {"vulnerable": True, "criteria": "cpe:2.3:%s:%s:%s:%s:*:*:*:*:*:*:*" % (
                rng.choice("aaaaaaoh"), vendor, product if k < 3 else rng.choice(products),
                "*" if rng.random() < 0.7 else "%d.%d.%d" % (major, rng.randint(0, 20), rng.randint(0, 9)))}
            if c["criteria"].split(":")[5] == "*":
                b = rng.randrange(4)
                if b == 0:
                    c["versionStartIncluding"] = "%d.0" % major
                    c["versionEndExcluding"] = "%d.%d.%d" % (major, rng.randint(0, 20), rng.randint(1, 9))
                elif b == 1:
                    c["versionEndIncluding"] = "%d.%d" % (major, rng.randint(0, 30))
                elif b == 2:
                    c["versionEndExcluding"] = "%d.%d.%d" % (major, rng.randint(0, 20), rng.randint(1, 9))
            c["matchCriteriaId"] = "%08X-%04X-4%03X-A%03X-%012X" % (
                rng.getrandbits(32), rng.getrandbits(16), rng.getrandbits(12), rng.getrandbits(12), rng.getrandbits(48))
            matches.append(c)
        configs = [{"nodes": [{"operator": "OR", "negate": False, "cpeMatch": matches}]}]
        if rng.random() < 0.2:
            configs.append({"operator": "AND", "nodes": [
                {"operator": "OR", "negate": False, "cpeMatch": [dict(matches[0])]},
                {"operator": "OR", "negate": False, "cpeMatch": [{"vulnerable": False, "criteria":
                    "cpe:2.3:o:%s:%s:-:*:*:*:*:*:*:*" % rng.choice(OS_CPES),
                    "matchCriteriaId": "703AF700-7A70-47E2-BC3A-7FD03B3CA9C1"}]}]})
        cve_obj["configurations"] = configs
    cve_obj["references"] = [{"url": "https://%s.example/security/%s/%d" % (vendor, cve, k),
                              "source": "cve@mitre.org",
                              "tags": rng.sample(["Vendor Advisory", "Patch", "Third Party Advisory",
                                                  "Issue Tracking", "Mailing List", "Exploit"], rng.randint(0, 2))}
                             for k in range(rng.randint(1, 6))]
    return {"cve": cve_obj}


V2_VECTORS = [("AV:N/AC:L/Au:N/C:P/I:P/A:P", 7.5), ("AV:N/AC:M/Au:N/C:N/I:P/A:N", 4.3),
              ("AV:N/AC:L/Au:N/C:N/I:N/A:P", 5.0), ("AV:L/AC:L/Au:N/C:C/I:C/A:C", 7.2),
              ("AV:N/AC:L/Au:N/C:C/I:C/A:C", 10.0), ("AV:N/AC:L/Au:S/C:P/I:N/A:N", 4.0)]
OS_CPES = [("linux", "linux_kernel"), ("microsoft", "windows"), ("apple", "macos"),
           ("debian", "debian_linux"), ("redhat", "enterprise_linux"), ("google", "android")]


def vendor_pool(seed, count):
    rng = random.Random(stable_seed(seed, "vendors"))
    names = Names(rng)
    out = []
    for _ in range(count):
        v = names.word_name("_")
        out.append((v, [names.word_name("_") for _ in range(weighted(rng, [(1, 50), (3, 30), (10, 15), (40, 5)]))]))
    return out


NVD_PAGE = 2000


def nvd_task(out, cves, seed, first_page, last_page):
    """Writes NVD pages [first_page, last_page) (each page has its own random stream)."""
    d = os.path.join(out, "nvd")
    os.makedirs(d, exist_ok=True)
    vendors = vendor_pool(seed, max(50, len(cves) // 20))
    for page in range(first_page, last_page):
        rng = random.Random(stable_seed(seed, "nvd", page))
        p = page * NVD_PAGE
        chunk = cves[p:p + NVD_PAGE]
        body = ",".join(dumps(nvd_record(rng, c, p + k, vendors)) for k, c in enumerate(chunk))
        doc = ('{"resultsPerPage":%d,"startIndex":%d,"totalResults":%d,"format":"NVD_CVE",'
               '"version":"2.0","timestamp":"2026-12-01T00:00:00.000","vulnerabilities":[%s]}\n'
               % (len(chunk), p, len(cves), body))
        path = os.path.join(d, "nvdcve-2.0-%03d.json" % page)
        with open(path + ".tmp", "w", encoding="utf-8") as fh:
            fh.write(doc)
        os.replace(path + ".tmp", path)
    return "nvd", last_page - first_page, None


def run_task(args):
    kind = args[0]
    return osv_task(*args[1:]) if kind == "osv" else nvd_task(*args[1:])


def write_epss(out, cves, count, seed, log):
    rng = random.Random(stable_seed(seed, "epss"))
    rows = cves[:count]
    # EPSS is heavy-tailed: most scores below 1 %, a few near 1.
    scores = [min(0.99999, rng.paretovariate(1.6) * 0.0004) for _ in rows]
    order = sorted(range(len(rows)), key=lambda k: scores[k])
    pct = [0.0] * len(rows)
    for rank, k in enumerate(order):
        pct[k] = (rank + 1) / len(rows)
    d = os.path.join(out, "epss")
    os.makedirs(d, exist_ok=True)
    path = os.path.join(d, "epss_scores-current.csv.gz")
    buf = io.StringIO()
    buf.write("#model_version:v2025.03.14,score_date:2026-12-01T12:55:00Z\ncve,epss,percentile\n")
    for k, c in enumerate(rows):
        buf.write("%s,%.5f,%.5f\n" % (c, scores[k], pct[k]))
    with open(path + ".tmp", "wb") as fh:
        with gzip.GzipFile(fileobj=fh, mode="wb", mtime=0, filename="") as gz:
            gz.write(buf.getvalue().encode())
    os.replace(path + ".tmp", path)
    log("epss %d rows" % len(rows))


def write_kev(out, cves, count, seed, vendors, log):
    rng = random.Random(stable_seed(seed, "kev"))
    chosen = sorted(rng.sample(cves, min(count, len(cves))), key=lambda c: c)
    vulns = []
    for c in chosen:
        vendor, products = vendors[rng.randrange(len(vendors))]
        y = max(2021, int(c.split("-")[1]))
        added = "%d-%02d-%02d" % (min(y, 2026), rng.randint(1, 11), rng.randint(1, 28))
        vulns.append({"cveID": c, "vendorProject": vendor.replace("_", " ").title(),
                      "product": rng.choice(products).replace("_", " ").title(),
                      "vulnerabilityName": "%s %s Vulnerability" % (vendor.title(), rng.choice(VULN_KINDS)),
                      "dateAdded": added, "shortDescription": "%s allows %s." % (rng.choice(VULN_KINDS), "remote code execution"),
                      "requiredAction": "Apply mitigations per vendor instructions or discontinue use of the product if mitigations are unavailable.",
                      "dueDate": added, "knownRansomwareCampaignUse": "Known" if rng.random() < 0.2 else "Unknown",
                      "notes": "https://%s.example/advisory/%s" % (vendor, c), "cwes": ["CWE-%d" % rng.choice(CWES)]})
    doc = {"title": "CISA Catalog of Known Exploited Vulnerabilities", "catalogVersion": "2026.12.01",
           "dateReleased": "2026-12-01T17:00:00.000Z", "count": len(vulns), "vulnerabilities": vulns}
    d = os.path.join(out, "kev")
    os.makedirs(d, exist_ok=True)
    path = os.path.join(d, "known_exploited_vulnerabilities.json")
    with open(path + ".tmp", "w", encoding="utf-8") as fh:
        json.dump(doc, fh, indent=2)
    os.replace(path + ".tmp", path)
    log("kev %d entries" % len(vulns))


def purl_of(eco, name, version, release):
    from urllib.parse import quote
    ptype, ns = PURL_OF[eco]
    q = lambda s: quote(s, safe="")
    if eco == "Go":
        return "pkg:golang/%s@v%s" % (quote(name, safe="/"), q(version))
    if eco == "Maven":
        g, _, a = name.partition(":")
        return "pkg:maven/%s/%s@%s" % (q(g), q(a), q(version))
    if eco in ("npm", "Packagist") and "/" in name:
        scope, _, base = name.partition("/")
        return "pkg:%s/%s/%s@%s" % (ptype, q(scope), q(base), q(version))
    if eco == "PyPI":
        name = name.lower().replace("_", "-")
    if ns:
        purl = "pkg:%s/%s/%s@%s" % (ptype, ns, q(name), q(version))
        quals = []
        if eco in ("Debian", "Ubuntu"):  # binary package name, source in the upstream qualifier
            purl = "pkg:%s/%s/%s@%s" % (ptype, ns, q(name + "-bin" if len(name) % 3 == 0 else name), q(version))
            quals.append("upstream=" + q(name))
        if release and eco in DISTRO_QUALIFIER:
            quals.append("distro=" + q(DISTRO_QUALIFIER[eco](release)))
        quals.append("arch=x86_64" if ptype == "rpm" else "arch=amd64" if ptype == "deb" else "arch=x86_64")
        return purl + "?" + "&".join(sorted(quals))
    return "pkg:%s/%s@%s" % (ptype, q(name), q(version))


def write_sbom(out, label, count, gen, seed, log):
    rng = random.Random(stable_seed(seed, "sbom", label))
    clean = Names(random.Random(stable_seed(seed, "clean", label)))
    clean.used = set()
    comps = []
    vuln = 0
    mix = [(e, w) for e, w in SBOM_MIX if gen.vulnerable.get(e)]
    seen = set()
    retry_vuln = False  # a vulnerable pick that repeated an earlier component: pick again
    while len(comps) < count:
        eco = weighted(rng, mix)
        release = None
        picked_vuln = retry_vuln or rng.random() < VULNERABLE_SHARE
        if picked_vuln:
            name, release, version = rng.choice(gen.vulnerable[eco])
        else:
            # A package no generated record names: a fresh name with a suffix records never use.
            name = Names.make(clean, eco) + "-x"
            version = upstream_version(rng)
            if eco in RELEASES:
                release = rng.choice(RELEASES[eco])
                fam = dict((e, f) for e, _, f in OSV_MIX)[eco]
                version = distro_version(fam, eco, version, RELEASES[eco].index(release), rng.randint(0, 3))
            elif eco in ("Wolfi", "Chainguard"):
                version = "%s-r%d" % (version, rng.randint(0, 3))
        key = (eco, name, version, release)
        retry_vuln = key in seen and picked_vuln
        if key in seen:
            continue
        seen.add(key)
        vuln += picked_vuln
        comp = {"type": "library", "bom-ref": "c%d" % len(comps)}
        if eco == "Maven":
            comp["group"] = name.partition(":")[0]
            comp["name"] = name.partition(":")[2]
        else:
            comp["name"] = name
        comp["version"] = ("v" + version) if eco == "Go" else version
        comp["purl"] = purl_of(eco, name, version, release)
        comps.append(comp)
    serial = "%08x-%04x-4%03x-8%03x-%012x" % (rng.getrandbits(32), rng.getrandbits(16), rng.getrandbits(12),
                                              rng.getrandbits(12), rng.getrandbits(48))
    bom = {"bomFormat": "CycloneDX", "specVersion": "1.6", "serialNumber": "urn:uuid:" + serial,
           "version": 1,
           "metadata": {"timestamp": "2026-12-01T00:00:00Z",
                        "tools": {"components": [{"type": "application", "name": "bulwark-bench-gen_fullsize",
                                                  "version": "1"}]},
                        "component": {"type": "application", "bom-ref": "root",
                                      "name": "bench-fullsize-%s" % label, "version": "1.0.0"}},
           "components": comps,
           "dependencies": [{"ref": "root", "dependsOn": [c["bom-ref"] for c in comps]}]}
    path = os.path.join(out, "sbom-%s.cdx.json" % label)
    with open(path + ".tmp", "w", encoding="utf-8") as fh:
        json.dump(bom, fh, indent=1)
        fh.write("\n")
    os.replace(path + ".tmp", path)
    log("sbom %s: %d components, %d picked vulnerable (%.1f %%)" % (label, count, vuln, 100.0 * vuln / count))
    return {"components": count, "picked_vulnerable": vuln}


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", required=True)
    ap.add_argument("--scale", type=float, default=1.0)
    ap.add_argument("--sbom-scale", type=float, default=None,
                    help="multiplies the SBOM sizes (default 1, or --scale when below 0.1)")
    ap.add_argument("--seed", type=int, default=20261207)
    ap.add_argument("--jobs", type=int, default=min(2, os.cpu_count() or 1))
    args = ap.parse_args()
    if args.scale <= 0:
        sys.exit("gen_fullsize.py: --scale must be positive")
    sbom_scale = args.sbom_scale if args.sbom_scale is not None else (1.0 if args.scale >= 0.1 else args.scale)
    start = time.time()

    def log(msg):
        print("gen_fullsize.py [%5.1fs] %s" % (time.time() - start, msg), file=sys.stderr, flush=True)

    out = args.out
    os.makedirs(out, exist_ok=True)
    manifest = os.path.join(out, "MANIFEST.json")
    if os.path.exists(manifest):
        os.remove(manifest)
    for sub in ("osv", "nvd", "epss", "kev"):
        shutil.rmtree(os.path.join(out, sub), ignore_errors=True)
    n_cve = max(100, round(300_000 * args.scale))
    cves = cve_ids(n_cve, args.seed)
    # Every ecosystem and every 10 NVD pages are one task; two processes (both cores).
    tasks = [("osv", out, args.scale, args.seed, cves, eco, n, fam) for eco, n, fam in OSV_MIX]
    pages = (len(cves) + NVD_PAGE - 1) // NVD_PAGE
    tasks += [("nvd", out, cves, args.seed, p, min(p + 10, pages)) for p in range(0, pages, 10)]
    tasks.sort(key=lambda t: -(t[6] if t[0] == "osv" else 10 * NVD_PAGE * 1.6))  # longest first
    gen = OsvGen(args.seed, cves)
    osv_counts = {}
    with multiprocessing.Pool(args.jobs) as pool:
        for kind, what, vulnerable in pool.imap_unordered(run_task, tasks):
            if kind == "nvd":
                log("nvd: %d pages written" % what)
                continue
            osv_counts[kind] = what
            gen.vulnerable[kind] = vulnerable
            log("osv %-15s %7d records (%d withdrawn)" % (kind, what["records"], what["withdrawn"]))
    osv_counts = {eco: osv_counts[eco] for eco, _, _ in OSV_MIX}
    osv_total = sum(c["records"] for c in osv_counts.values())
    vendors = vendor_pool(args.seed, max(50, len(cves) // 20))
    write_epss(out, cves, max(100, round(300_000 * args.scale)), args.seed, log)
    write_kev(out, cves, max(10, round(1_500 * args.scale)), args.seed, vendors, log)
    sboms = {}
    for label, n in (("1k", 1_000), ("10k", 10_000), ("300k", 300_000)):
        sboms[label] = write_sbom(out, label, max(10, round(n * sbom_scale)), gen, args.seed, log)
    imports = sorted(v["file"] for v in osv_counts.values()) + [
        "nvd", "epss/epss_scores-current.csv.gz", "kev/known_exploited_vulnerabilities.json"]
    doc = {"generator": "bench/gen_fullsize.py", "version": 1, "seed": args.seed, "scale": args.scale,
           "sbom_scale": sbom_scale, "osv_records": osv_total, "osv": osv_counts, "nvd_records": len(cves),
           "epss_rows": min(len(cves), max(100, round(300_000 * args.scale))),
           "kev_entries": max(10, round(1_500 * args.scale)), "sboms": sboms,
           "import_paths": imports}
    with open(manifest + ".tmp", "w", encoding="utf-8") as fh:
        json.dump(doc, fh, indent=2)
        fh.write("\n")
    os.replace(manifest + ".tmp", manifest)
    log("done: %d OSV records, %d NVD CVEs -> %s" % (osv_total, len(cves), out))


if __name__ == "__main__":
    main()
