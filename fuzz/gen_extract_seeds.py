#!/usr/bin/env python3
"""Writes the seed inputs of the extractor and walker fuzz targets (fuzz/seeds/<target>/).

Every seed is written by this script (facts such as package names only): a small valid input
per format, and where meaningful a deep-nesting and an amplification input (shared rpm blobs,
repeated header tags, YAML alias bombs, an unwanted compressed bomb member, a deep index.json).
Seeds stay small (the CTest replay mutates each 200 times). Run from the repository root:
    python3 fuzz/gen_extract_seeds.py
mksquashfs (squashfs-tools) is needed for the SquashFS seeds; they are skipped without it.
"""
import gzip
import hashlib
import io
import json
import os
import shutil
import sqlite3
import struct
import subprocess
import sys
import tarfile
import tempfile
import zipfile

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "seeds")


def put(target, name, data):
    d = os.path.join(ROOT, target)
    os.makedirs(d, exist_ok=True)
    if isinstance(data, str):
        data = data.encode()
    with open(os.path.join(d, name), "wb") as f:
        f.write(data)


# ---- rpm ----

def rpm_header(tags):
    """tags: list of (tag, type, value); strings (type 6) or int32 (type 4)."""
    index, data = b"", b""
    for tag, typ, value in tags:
        if typ == 4:
            while len(data) % 4:
                data += b"\0"
            index += struct.pack(">IIII", tag, typ, len(data), 1)
            data += struct.pack(">I", value)
        else:
            index += struct.pack(">IIII", tag, typ, len(data), 1)
            data += value.encode() + b"\0"
    return struct.pack(">II", len(tags), len(data)) + index + data


def pkg(name, version, release="1", arch="x86_64", epoch=None):
    tags = [(1000, 6, name), (1001, 6, version), (1002, 6, release), (1022, 6, arch),
            (1014, 6, "MIT"), (1044, 6, f"{name}-{version}-{release}.src.rpm")]
    if epoch is not None:
        tags.append((1003, 4, epoch))
    return rpm_header(tags)


def repeated_tag_header(n=2000, length=4000):
    data = b"a" * length + b"\0"
    index = struct.pack(">IIII", 1000, 6, 0, 1) * n
    return struct.pack(">II", n, len(data)) + index + data


def ndb(blobs, slot_pages=1, share=False):
    slots = slot_pages * 256 - 2
    table_end = 32 + slots * 16
    out = bytearray(table_end)
    struct.pack_into("<IIII", out, 0, 0x506D7052, 0, 1, slot_pages)
    offsets = []
    for i, b in enumerate(blobs):
        while len(out) % 16:
            out += b"\0"
        offsets.append(len(out) // 16)
        out += struct.pack("<IIII", 0x53626C42, i + 1, 0, len(b)) + b
    for s in range(slots):
        at = 32 + s * 16
        if share:
            struct.pack_into("<IIII", out, at, 0x746F6C53, 1, offsets[0], 1)
        elif s < len(blobs):
            struct.pack_into("<IIII", out, at, 0x746F6C53, s + 1, offsets[s], 1)
        else:
            struct.pack_into("<IIII", out, at, 0x746F6C53, 0, 0, 0)
    return bytes(out)


def bdb(values, ps=512, shared_slots=0):
    """A BerkeleyDB hash db: page 1 holds H_OFFPAGE items for `values` (each its own chain);
    with shared_slots, that many value slots all name the first chain."""
    chains = []
    pages = [bytearray(ps)]  # meta
    hash_page = bytearray(ps)
    pages.append(hash_page)
    next_page = 2
    starts = []
    for v in values:
        chunk = ps - 26
        n = max(1, (len(v) + chunk - 1) // chunk)
        starts.append(next_page)
        for k in range(n):
            p = bytearray(ps)
            part = v[k * chunk:(k + 1) * chunk]
            nxt = next_page + 1 if k + 1 < n else 0
            struct.pack_into("<I", p, 16, nxt)
            if nxt == 0:
                struct.pack_into("<H", p, 22, len(part))
            p[26:26 + len(part)] = part
            pages.append(p)
            next_page += 1
    hash_page[25] = 13
    items = []
    at = ps
    for s in starts:
        at -= 12
        hash_page[at] = 3
        struct.pack_into("<I", hash_page, at + 4, s)
        items.append(at)
    slots = []
    for it in items:
        slots += [it, it]  # key, value
    for _ in range(shared_slots):
        slots += [items[0], items[0]]
    slots = slots[: (min(items) - 26) // 2 // 2 * 2]
    struct.pack_into("<H", hash_page, 20, len(slots))
    for i, off in enumerate(slots):
        struct.pack_into("<H", hash_page, 26 + i * 2, off)
    meta = pages[0]
    struct.pack_into("<I", meta, 12, 0x00061561)
    struct.pack_into("<I", meta, 20, ps)
    struct.pack_into("<I", meta, 32, len(pages) - 1)
    return b"".join(bytes(p) for p in pages)


def rpm_sqlite(path, statements, blobs=()):
    if os.path.exists(path):
        os.remove(path)
    db = sqlite3.connect(path)
    for s in statements:
        db.execute(s)
    for i, b in enumerate(blobs):
        db.execute("INSERT INTO Packages(hnum, blob) VALUES (?, ?)", (i + 1, b))
    db.commit()
    db.execute("VACUUM")
    db.close()
    with open(path, "rb") as f:
        return f.read()


def gen_rpm(tmp):
    put("rpm_header", "bash.bin", pkg("bash", "5.2.15", epoch=0))
    put("rpm_header", "gpg-pubkey.bin", pkg("gpg-pubkey", "deadbeef"))
    put("rpm_header", "repeated-tag.bin", repeated_tag_header())
    put("rpm_ndb", "two.db", ndb([pkg("bash", "5.2"), pkg("zlib", "1.2.13")]))
    put("rpm_ndb", "shared-blob.db", ndb([pkg("shared", "1.0")], share=True))
    put("rpm_ndb", "repeated-tag.db", ndb([repeated_tag_header(300, 1000)], share=True))
    put("rpm_bdb", "two.db", bdb([pkg("bash", "5.2"), pkg("zlib", "1.2.13", epoch=1)]))
    put("rpm_bdb", "shared-chain.db", bdb([pkg("shared", "1.0")], shared_slots=100))
    put("rpm_sqlite", "rpmdb.sqlite", rpm_sqlite(os.path.join(tmp, "a.sqlite"),
        ["CREATE TABLE Packages(hnum INTEGER PRIMARY KEY AUTOINCREMENT, blob BLOB NOT NULL)"],
        [pkg("bash", "5.2"), pkg("zlib", "1.2.13")]))
    put("rpm_sqlite", "view-recursive.sqlite", rpm_sqlite(os.path.join(tmp, "b.sqlite"),
        ["CREATE VIEW Packages AS WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) "
         "SELECT x AS hnum, zeroblob(100) AS blob FROM c"]))
    put("rpm_sqlite", "generated-blob.sqlite", rpm_sqlite(os.path.join(tmp, "c.sqlite"),
        ["CREATE TABLE Packages(hnum INTEGER PRIMARY KEY, x BLOB, "
         "blob BLOB GENERATED ALWAYS AS (zeroblob(1000000)) VIRTUAL)",
         "INSERT INTO Packages(hnum, x) VALUES (1, x'00')"]))


# ---- OS package databases ----

def gen_os():
    status = ""
    for name, ver, deps in [("libc6", "2.36-9", ""), ("bash", "5.2.15-2", "libc6 (>= 2.36)"),
                            ("zlib1g", "1:1.2.13.dfsg-1", "libc6 (>= 2.14)")]:
        status += (f"Package: {name}\nStatus: install ok installed\nArchitecture: amd64\n"
                   f"Source: {name}\nVersion: {ver}\n" + (f"Depends: {deps}\n" if deps else "") +
                   "Description: seed\n continuation line\n\n")
    put("dpkg", "status", status)
    many = "Package: self\nStatus: install ok installed\nVersion: 1\nDepends: " + \
        ", ".join(["self | libc6"] * 2000) + "\n\n"
    put("dpkg", "self-depends.txt", many)
    put("opkg", "status", "Package: busybox\nVersion: 1.36.1-1\nDepends: libc\nStatus: install user installed\n"
        "Architecture: mips_24kc\n\nPackage: libc\nVersion: 1.2.4-4\nStatus: install user installed\n"
        "Architecture: mips_24kc\n\n")
    put("apk", "installed", "C:Q1abc=\nP:musl\nV:1.2.4-r2\nA:x86_64\nL:MIT\no:musl\nm:Maintainer <m@example.org>\n"
        "D:\np:so:libc.musl-x86_64.so.1=1\n\nC:Q1def=\nP:busybox\nV:1.36.1-r5\nA:x86_64\nL:GPL-2.0-only\n"
        "o:busybox\nD:so:libc.musl-x86_64.so.1\n\n")
    put("apk", "many-provides.txt", "P:a\nV:1\nD:" + " ".join(f"so:x{i}" for i in range(3000)) +
        "\n\nP:b\nV:1\np:" + " ".join(f"so:x{i}=1" for i in range(3000)) + "\n\n")
    put("os_release", "debian", 'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nNAME="Debian GNU/Linux"\n'
        'VERSION_ID="12"\nID=debian\nHOME_URL="https://www.debian.org/"\n')
    put("os_release", "escapes", "ID='alpine'\nVERSION_ID=\"3.20\\\"\\\\\\$\\`x\"\n# comment\n\n" +
        "PRETTY_NAME=\"" + "\\\\" * 3000 + "\"\n")


# ---- lockfiles ----

def gen_lockfiles():
    npm = {"name": "app", "version": "1.0.0", "lockfileVersion": 3, "requires": True,
           "packages": {"": {"name": "app", "version": "1.0.0", "dependencies": {"left-pad": "^1.3.0"}},
                        "node_modules/left-pad": {"version": "1.3.0", "resolved":
                                                  "https://registry.npmjs.org/left-pad/-/left-pad-1.3.0.tgz"},
                        "node_modules/@scope/x": {"version": "2.0.0", "dev": True}}}
    put("npm_lock", "v3.json", json.dumps(npm, indent=1))
    v1 = {"name": "app", "lockfileVersion": 1, "dependencies": {}}
    cur = v1["dependencies"]
    for i in range(200):  # nested node_modules 200 levels deep
        cur[f"d{i}"] = {"version": "1.0.0", "dependencies": {}}
        cur = cur[f"d{i}"]["dependencies"]
    put("npm_lock", "v1-deep.json", json.dumps(v1))
    put("npm_lock", "deep-arrays.json", '{"packages":' + "[" * 5000 + "]" * 5000 + "}")
    put("npm_installed", "author-string.json", json.dumps(
        {"name": "left-pad", "version": "1.3.0", "author": "Jane Doe <jane@example.org> (https://jane.example.org)"}))
    put("npm_installed", "author-object.json", json.dumps(
        {"name": "@scope/x", "version": "2.0.0", "author": {"name": "X Team", "url": "https://x.example.org"}}))
    put("npm_installed", "deep-author.json", '{"name":"a","version":"1","author":' + "[" * 5000 + "]" * 5000 + "}")
    put("npm_installed", "long-author.json", json.dumps(
        {"name": "a", "version": "1", "author": "<" * 20000 + "(" * 20000 + " Name"}))
    put("yarn_lock", "v1.lock", '# yarn lockfile v1\n\n"left-pad@^1.3.0":\n  version "1.3.0"\n'
        '  resolved "https://registry.yarnpkg.com/left-pad/-/left-pad-1.3.0.tgz#abc"\n'
        '  dependencies:\n    is-odd "^3.0.1"\n\nis-odd@^3.0.1:\n  version "3.0.1"\n')
    put("yarn_lock", "berry.lock", '__metadata:\n  version: 6\n\n"left-pad@npm:^1.3.0":\n  version: 1.3.0\n'
        '  resolution: "left-pad@npm:1.3.0"\n  dependencies:\n    is-odd: "npm:^3.0.1"\n\n'
        '"is-odd@npm:^3.0.1":\n  version: 3.0.1\n  resolution: "is-odd@npm:3.0.1"\n')
    put("yarn_lock", "many-descriptors.lock", "# yarn lockfile v1\n\n" +
        ", ".join(f'"x@^{i}.0.0"' for i in range(2000)) + ':\n  version "1.0.0"\n')
    put("pnpm_lock", "v6.yaml", "lockfileVersion: '6.0'\ndependencies:\n  left-pad:\n    specifier: ^1.3.0\n"
        "    version: 1.3.0\npackages:\n  /left-pad@1.3.0:\n    resolution: {integrity: sha512-x}\n"
        "    dependencies:\n      is-odd: 3.0.1\n  /is-odd@3.0.1:\n    resolution: {integrity: sha512-y}\n")
    put("pnpm_lock", "v9.yaml", "lockfileVersion: '9.0'\nimporters:\n  .:\n    dependencies:\n      a:\n"
        "        specifier: ^1\n        version: 1.0.0(b@2.0.0)\npackages:\n  a@1.0.0:\n    resolution: {integrity: x}\n"
        "  b@2.0.0:\n    resolution: {integrity: y}\nsnapshots:\n  a@1.0.0(b@2.0.0):\n    dependencies:\n      b: 2.0.0\n"
        "  b@2.0.0: {}\n")
    laughs = "lockfileVersion: '6.0'\nl0: &l0 [a, b, c, d, e, f, g, h, i, j]\n"
    for i in range(1, 10):
        laughs += f"l{i}: &l{i} [" + ", ".join([f"*l{i - 1}"] * 10) + "]\n"
    laughs += "packages:\n  /evil@1.0.0:\n    dependencies: *l9\n"
    put("pnpm_lock", "billion-laughs.yaml", laughs)
    shared = "lockfileVersion: '6.0'\nd: &d\n  dependencies:\n" + "".join(f"    x{i}: 1.0.0\n" for i in range(200))
    shared += "packages:\n" + "".join(f"  /p{i}/1.0.0: *d\n" for i in range(500))
    put("pnpm_lock", "anchor-everywhere.yaml", shared)
    put("pnpm_lock", "deep.yaml", "packages: " + "[" * 3000 + "]" * 3000 + "\n")
    put("pipfile_lock", "Pipfile.lock", json.dumps({"_meta": {"hash": {"sha256": "x"}}, "default": {
        "requests": {"version": "==2.31.0", "hashes": ["sha256:x"]}}, "develop": {"pytest": {"version": "==8.0.0"}}}))
    put("pipfile_lock", "deep.json", '{"default":' + '{"a":' * 3000 + "1" + "}" * 3000 + "}")
    put("poetry_lock", "poetry.lock", '[[package]]\nname = "requests"\nversion = "2.31.0"\noptional = false\n'
        'python-versions = ">=3.7"\n\n[package.dependencies]\nurllib3 = ">=1.21.1,<3"\n\n[[package]]\n'
        'name = "urllib3"\nversion = "2.1.0"\ncategory = "main"\n\n[metadata]\nlock-version = "2.0"\n')
    put("poetry_lock", "deep-inline.lock", '[[package]]\nname = "x"\nversion = "1"\nsource = ' + "{a = " * 2000 +
        "1" + "}" * 2000 + "\n")
    put("uv_lock", "uv.lock", 'version = 1\nrequires-python = ">=3.12"\n\n[[package]]\nname = "app"\nversion = "0.1.0"\n'
        'source = { editable = "." }\ndependencies = [\n    { name = "requests" },\n]\n\n[[package]]\n'
        'name = "requests"\nversion = "2.31.0"\nsource = { registry = "https://pypi.org/simple" }\n')
    put("uv_lock", "deep-array.lock", '[[package]]\nname = "x"\nversion = "1"\ndependencies = ' + "[" * 3000 +
        "]" * 3000 + "\n")
    put("requirements", "requirements.txt", "# pinned\nrequests==2.31.0 \\\n    --hash=sha256:abc\nurllib3[socks]==2.1.0 ; "
        "python_version >= '3.8'\n-r other.txt\n-e git+https://example.org/x.git#egg=x\nDjango>=4.2,<5\n")
    put("requirements", "continuations.txt", "x==1.0" + " \\\n" * 5000 + "\n")


# ---- walkers ----

def gz(data):
    return gzip.compress(data, mtime=0)  # reproducible seeds


def zip_entry(f, name, data):
    f.writestr(zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0)), data, compress_type=zipfile.ZIP_DEFLATED)


def tar_bytes(members, mode="w"):
    if mode == "w:gz":
        return gz(tar_bytes(members))
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode=mode, format=tarfile.PAX_FORMAT) as t:
        for name, data in members:
            info = tarfile.TarInfo(name)
            if data is None:
                info.type = tarfile.DIRTYPE
                t.addfile(info)
                continue
            info.size = len(data)
            t.addfile(info, io.BytesIO(data))
    return buf.getvalue()


OS_RELEASE = b'ID=debian\nVERSION_ID="12"\n'
STATUS = b"Package: bash\nStatus: install ok installed\nVersion: 5.2\nArchitecture: amd64\n\n"
NPM = json.dumps({"lockfileVersion": 3, "packages": {"node_modules/left-pad": {"version": "1.3.0"}}}).encode()


def gen_walkers(tmp):
    rootfs = [("etc/", None), ("etc/os-release", OS_RELEASE), ("var/lib/dpkg/status", STATUS),
              ("srv/app/package-lock.json", NPM)]
    put("walk_archive", "rootfs.tar", tar_bytes(rootfs))
    put("walk_archive", "rootfs.tar.gz", tar_bytes(rootfs, "w:gz"))
    z = io.BytesIO()
    with zipfile.ZipFile(z, "w", zipfile.ZIP_DEFLATED) as f:
        for name, data in rootfs:
            if data is not None:
                zip_entry(f, name, data)
    put("walk_archive", "rootfs.zip", z.getvalue())
    # An unwanted member of 2 MiB of zeros in a tar.gz (~2 KiB): counted as it is inflated.
    put("walk_archive", "unwanted-bomb.tar.gz",
        tar_bytes([("data/zeros.bin", bytes(2 << 20)), ("srv/app/package-lock.json", NPM)], "w:gz"))
    put("walk_archive", "traversal.tar", tar_bytes([("a/../../etc/passwd", b"root")]))

    layer = tar_bytes([("etc/", None), ("etc/os-release", OS_RELEASE), ("var/lib/dpkg/status", STATUS)], "w:gz")
    upper = tar_bytes([("srv/app/package-lock.json", NPM), ("etc/.wh.os-release", b""), ("var/.wh..wh..opq", b"")])
    lid, uid = "a" * 64, "b" * 64
    manifest = json.dumps([{"Config": "", "RepoTags": ["seed/img:1"],
                            "Layers": [f"{lid}/layer.tar", f"{uid}/layer.tar"]}]).encode()
    put("walk_image", "docker-save.tar", tar_bytes([(f"{lid}/layer.tar", layer), (f"{uid}/layer.tar", upper),
                                                    ("manifest.json", manifest)]))
    sha = lambda b: hashlib.sha256(b).hexdigest()
    config = b'{"rootfs":{"type":"layers","diff_ids":[]}}'
    man = json.dumps({"schemaVersion": 2, "config": {"digest": "sha256:" + sha(config)},
                      "layers": [{"digest": "sha256:" + sha(layer)}]}).encode()
    index = json.dumps({"manifests": [{"digest": "sha256:" + sha(man),
                                       "annotations": {"org.opencontainers.image.ref.name": "1.0"}}]}).encode()
    put("walk_image", "oci.tar", tar_bytes([("oci-layout", b'{"imageLayoutVersion":"1.0.0"}'), ("index.json", index),
                                            ("blobs/sha256/" + sha(layer), layer), ("blobs/sha256/" + sha(config), config),
                                            ("blobs/sha256/" + sha(man), man)]))
    put("walk_image", "deep-index.tar", tar_bytes([("oci-layout", b'{"imageLayoutVersion":"1.0.0"}'),
                                                   ("index.json", b'{"manifests":' + b"[" * 20000 + b"]" * 20000 + b"}")]))

    if shutil.which("mksquashfs") is None:
        print("mksquashfs not found: SquashFS seeds skipped", file=sys.stderr)
        return
    d = os.path.join(tmp, "sqroot")
    for name, data in rootfs:
        p = os.path.join(d, name)
        if data is None:
            os.makedirs(p, exist_ok=True)
            continue
        os.makedirs(os.path.dirname(p), exist_ok=True)
        with open(p, "wb") as f:
            f.write(data)
    os.makedirs(os.path.join(d, "big"), exist_ok=True)
    for i in range(300):
        open(os.path.join(d, "big", f"f{i}"), "wb").close()
    img = os.path.join(tmp, "fw.squashfs")
    subprocess.run(["mksquashfs", d, img, "-comp", "gzip", "-noappend", "-quiet", "-no-progress",
                    "-all-root", "-mkfs-time", "0", "-all-time", "0"], check=True)
    with open(img, "rb") as f:
        sq = f.read()
    put("walk_squashfs", "fw.squashfs", sq)
    put("walk_squashfs", "nested-in.tar.gz", tar_bytes([("firmware/rootfs.squashfs", sq)], "w:gz"))


# ---- binaries (the existing fuzz_binary target) ----

def overlapping_notes_elf(size=1 << 16, sections=1000):
    """A zero-filled ELF64 whose SHT_NOTE sections start at every offset and reach the end of
    the note area, with one FDO package note first (the note amplification, small)."""
    elf = bytearray(size)
    elf[0:7] = b"\x7fELF\x02\x01\x01"
    desc = json.dumps({"type": "deb", "os": "debian", "name": "zlib1g", "version": "1.2.13"}).encode() + b"\0"
    at = 0x100
    struct.pack_into("<III", elf, at, 4, len(desc), 0xCAFE1A7E)
    elf[at + 12:at + 16] = b"FDO\0"
    elf[at + 16:at + 16 + len(desc)] = desc
    shoff = size - sections * 64
    struct.pack_into("<Q", elf, 0x28, shoff)
    struct.pack_into("<HHH", elf, 0x3A, 64, sections, 0)
    for i in range(1, sections):
        h = shoff + i * 64
        off = 0x100 + i - 1
        struct.pack_into("<I", elf, h + 4, 7)
        struct.pack_into("<QQ", elf, h + 0x18, off, shoff - off)
        struct.pack_into("<Q", elf, h + 0x30, 4)
    return bytes(elf)


def many_pom_jar(count=200, size=4096):
    z = io.BytesIO()
    with zipfile.ZipFile(z, "w", zipfile.ZIP_DEFLATED) as f:
        for i in range(count):
            body = f"groupId=org.seed\nartifactId=a{i}\nversion=1.0\n#".encode()
            zip_entry(f, f"META-INF/maven/org.seed/a{i}/pom.properties", body + b"x" * (size - len(body)))
    return z.getvalue()


def gen_binary():
    put("binary", "overlapping-notes.elf", overlapping_notes_elf())
    put("binary", "many-poms.jar", many_pom_jar())


def main():
    tmp = tempfile.mkdtemp()
    try:
        gen_rpm(tmp)
        gen_os()
        gen_lockfiles()
        gen_walkers(tmp)
        gen_binary()
    finally:
        shutil.rmtree(tmp)


if __name__ == "__main__":
    main()
