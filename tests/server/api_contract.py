#!/usr/bin/env python3
"""Contract and authorisation test of `bulwark serve` against api/openapi.yaml.

Starts the server on a fresh SQLite database seeded with the sample data, then walks every
operation of the OpenAPI document:
  * without credentials: refused with 401 (unless the operation declares `security: []`);
  * with a key whose team lacks the operation's x-permission: refused with 403;
  * with a key holding every permission: the response status must be documented for the
    operation and its body must validate against the documented schema.
Also checks that another team's product answers 404 on both APIs. Prints counts; exit 1 on any
failure. Usage: api_contract.py BULWARK_BIN [REPO_ROOT]
"""
import base64
import json
import os
import re
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request

import jsonschema
import yaml

BIN = os.path.abspath(sys.argv[1])
ROOT = os.path.abspath(sys.argv[2] if len(sys.argv) > 2 else os.path.join(os.path.dirname(__file__), "..", ".."))
SPEC = yaml.safe_load(open(os.path.join(ROOT, "api", "openapi.yaml")))
failures = []
counts = {"contract": 0, "unauthenticated": 0, "forbidden": 0, "isolation": 0, "csv": 0}


def fail(msg):
    failures.append(msg)
    print("FAIL:", msg)


def run(*args, env_extra=None, stdin=None):
    env = dict(os.environ, BULWARK_DB=DB, BULWARK_ARGON2_MEMORY_KIB="1024")
    if env_extra:
        env.update(env_extra)
    p = subprocess.run([BIN, *args], capture_output=True, text=True, env=env, input=stdin)
    if p.returncode != 0:
        raise SystemExit(f"{' '.join(args)} failed ({p.returncode}): {p.stderr}")
    return p.stdout


def request(method, path, key=None, body=None, headers=None, raw=False):
    h = dict(headers or {})
    data = None
    if body is not None:
        if isinstance(body, (bytes, str)):
            data = body.encode() if isinstance(body, str) else body
        else:
            data = json.dumps(body).encode()
            h.setdefault("Content-Type", "application/json")
    if key:
        h["X-Api-Key"] = key
    req = urllib.request.Request(BASE + path, data=data, method=method, headers=h)
    try:
        with urllib.request.urlopen(req, timeout=30) as r:
            return r.status, dict(r.headers), r.read()
    except urllib.error.HTTPError as e:
        return e.code, dict(e.headers), e.read()


def validator_for(schema):
    # References point into the OpenAPI document: resolve them against it.
    resolver = jsonschema.RefResolver.from_schema({"components": SPEC["components"]})
    return jsonschema.Draft202012Validator(schema, resolver=resolver)


tmp = tempfile.mkdtemp(prefix="bulwark-contract-")
DB = os.path.join(tmp, "bulwark.db")
run("db", "import", *[os.path.join(ROOT, p) for p in [
    "data/sample/osv", "data/sample/feeds/kev-sample.json", "data/sample/feeds/epss-sample.csv",
    "data/sample/feeds/nvd-sample.json"]])
run("team", "add", "psirt", *sum([["--permission", p] for p in
                                  ["upload", "view", "triage", "manage-products", "cra-reporting"]], []))
run("team", "add", "other")  # upload and view, owns nothing yet
FULL = run("apikey", "create", "--team", "psirt").strip().splitlines()[-1]
OTHER = run("apikey", "create", "--team", "other").strip().splitlines()[-1]
# One key per permission: each lacks every other permission.
PERMS = ["upload", "view", "triage", "manage-products", "cra-reporting", "administer"]
ONLY = {}
for p in PERMS:
    run("team", "add", "only-" + p, "--permission", p)
    ONLY[p] = run("apikey", "create", "--team", "only-" + p).strip().splitlines()[-1]

server = subprocess.Popen([BIN, "--db", DB, "serve", "--listen", "127.0.0.1:0", "--workers", "1",
                           "--no-access-log"], stderr=subprocess.PIPE, text=True,
                          env=dict(os.environ, BULWARK_ARGON2_MEMORY_KIB="1024"))
line = server.stderr.readline()
m = re.search(r"http://([0-9.]+):(\d+)", line)
if not m:
    raise SystemExit("server did not start: " + line + server.stderr.read())
BASE = f"http://{m.group(1)}:{m.group(2)}"

try:
    sbom = open(os.path.join(ROOT, "data/sample/sbom/sample-product.cdx.json"), "rb").read()
    # The product first, with the https website CSAF advisories need; the upload then fills it.
    st, _, body = request("POST", "/api/bulwark/v1/products", FULL, {
        "name": "sample-product", "vendor": "Acme", "website": "https://acme.example"})
    assert st == 201, (st, body)
    st, _, body = request("PUT", "/api/v1/bom", FULL, {
        "projectName": "sample-product", "projectVersion": "1.0.0", "autoCreate": True,
        "bom": base64.b64encode(sbom).decode()})
    assert st == 200, (st, body)
    token = json.loads(body)["token"]
    for _ in range(600):
        st, _, body = request("GET", f"/api/v1/bom/token/{token}", FULL)
        if not json.loads(body)["processing"]:
            break
        time.sleep(0.1)
    st, _, body = request("GET", "/api/v1/project/lookup?name=sample-product&version=1.0.0", FULL)
    assert st == 200, (st, body)
    project_uuid = json.loads(body)["uuid"]
    st, _, body = request("GET", "/api/bulwark/v1/products/sample-product/releases/1.0.0/findings", FULL)
    assert st == 200, (st, body)
    findings = json.loads(body)["items"]
    assert findings, "the sample release has no findings"
    # An Article 14 case about the first finding's vulnerability, for the case operations.
    st, _, body = request("POST", "/api/bulwark/v1/products/sample-product/cra/cases", FULL,
                          {"vulnerabilities": [findings[0]["vulnerability"]], "source": "contract test"})
    assert st == 201, (st, body)
    case_id = json.loads(body)["case"]["id"]
    values = {"product": "sample-product", "version": "1.0.0", "id": str(findings[0]["id"]),
              "uuid": project_uuid, "token": token, "case": case_id, "action": "confirm",
              "name": "contract-admin", "advisory": "SAMPLE-SA-CONTRACT-1"}
    bodies = {
        "createProduct": {"name": "contract-product", "vendor": "Acme"},
        "triageFinding": {"state": "under_investigation", "detail": "contract test"},
        "triageBulk": {"items": [{"finding": findings[0]["id"], "state": "under_investigation"}]},
        "login": {"name": "nobody", "password": "wrong password"},
        "dtPutBom": {"projectName": "sample-product", "projectVersion": "1.0.0",
                     "bom": base64.b64encode(sbom).decode()},
        "uploadSbom": sbom,
        "openCraCase": {"incident": "contract test: a severe incident", "answers": ["yes", "no", "no", "no"]},
        "adminCreateUser": {"name": "contract-admin", "password": "contract password 1"},
        "adminCreateTeam": {"name": "contract-admin", "permissions": ["view"], "products": ["sample-product"],
                            "members": ["contract-admin"]},
        "adminUpdateTeam": {"permissions": ["view", "triage"], "products": ["sample-product"]},
        "adminCreateApiKey": {"team": "contract-admin", "comment": "contract test"},
        "createNotificationRule": {"destination": "webhook", "url": "https://hooks.example.test/contract",
                                   "secret": "contract", "events": ["finding.kev"]},
        "importRiskAssessment": {"format": "bulwark-risk-assessment/1",
                                 "assets": [{"id": "A1", "name": "Credentials", "confidentiality": "high"}],
                                 "threats": [{"id": "T1", "title": "Credential stuffing", "stride": ["S"],
                                              "assets": ["A1"],
                                              "inherent": {"likelihood": 3, "impact": {"business": 3}}}]},
        "riskAssessmentReturn": {"reason": "contract test"},
        "setRiskPolicy": {"policy": "deadlines: {P0: 2}\n", "source": "contract.yaml"},
        "importVex": {"@context": "https://openvex.dev/ns/v0.2.0", "@id": "https://acme.example/vex/contract",
                      "author": "contract test", "timestamp": "2026-01-01T00:00:00Z", "version": 1,
                      "statements": [{"vulnerability": {"name": findings[0]["vulnerability"]},
                                      "products": [{"@id": findings[0]["purl"] or "pkg:generic/none"}],
                                      "status": "under_investigation"}]},
        "createAdvisory": {"vulnerabilities": [findings[0]["vulnerability"]],
                           "tracking_id": "SAMPLE-SA-CONTRACT-1"},
    }
    queries = {"whereUsed": "?component=pkg:npm/minimist&versions=%3C1.2.6"}

    for path, item in SPEC["paths"].items():
        for method, op in item.items():
            if method == "parameters":
                continue
            op_id = op["operationId"]
            concrete = re.sub(r"\{(\w+)\}", lambda g: values[g.group(1)], path) + queries.get(op_id, "")
            body = bodies.get(op_id)
            headers = {}
            if op_id == "dtPostBom":
                boundary = "contractboundary"
                body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"project\"\r\n\r\n{project_uuid}\r\n"
                        f"--{boundary}\r\nContent-Disposition: form-data; name=\"bom\"; filename=\"bom.json\"\r\n"
                        f"Content-Type: application/octet-stream\r\n\r\n").encode() + sbom + f"\r\n--{boundary}--\r\n".encode()
                headers["Content-Type"] = f"multipart/form-data; boundary={boundary}"
            if op_id == "uploadSbom":
                headers["Content-Type"] = "application/octet-stream"
            public = op.get("security") == []
            verb = method.upper()
            if not public:
                st, _, _ = request(verb, concrete, None, body, headers)
                counts["unauthenticated"] += 1
                if st != 401:
                    fail(f"{op_id}: without credentials answered {st}, expected 401")
                perm = op.get("x-permission")
                if perm:
                    # Every single-permission key but the one needed (and administer) must be refused.
                    for p in PERMS:
                        if p in (perm, "administer"):
                            continue
                        st, _, _ = request(verb, concrete, ONLY[p], body, headers)
                        counts["forbidden"] += 1
                        if st != 403:
                            fail(f"{op_id}: a key with only '{p}' answered {st}, expected 403")
            if op_id == "dtDeleteProject":
                continue  # run last, below
            st, hdrs, payload = request(verb, concrete, FULL, body, headers)
            counts["contract"] += 1
            doc = op["responses"].get(str(st))
            if doc is None:
                fail(f"{op_id}: status {st} is not documented ({payload[:200]!r})")
                continue
            if "$ref" in doc:
                doc = SPEC["components"]["responses"][doc["$ref"].split("/")[-1]]
            content = doc.get("content")
            if not content:
                continue
            ctype = (hdrs.get("Content-Type") or "").split(";")[0].strip()
            if ctype not in content:
                fail(f"{op_id}: {st} with Content-Type {ctype!r}, documented {list(content)}")
                continue
            schema = content[ctype].get("schema")
            if schema and ctype.endswith("json"):
                try:
                    validator_for(schema).validate(json.loads(payload))
                except Exception as e:  # noqa: BLE001 - any mismatch is a failure
                    fail(f"{op_id}: {st} body does not match the schema: {str(e)[:300]}")
            # A list that documents text/csv (and answered JSON) answers CSV with format=csv.
            if st == 200 and verb == "GET" and "text/csv" in content:
                sep = "&" if "?" in concrete else "?"
                st, hdrs, payload = request(verb, concrete + sep + "format=csv", FULL)
                counts["csv"] += 1
                ctype = (hdrs.get("Content-Type") or "").split(";")[0].strip()
                if st != 200 or ctype != "text/csv" or not payload.endswith(b"\n"):
                    fail(f"{op_id}: format=csv answered {st} {ctype!r} {payload[:200]!r}")

    # Isolation: the other team sees neither the product nor the project.
    for path in ["/api/bulwark/v1/products/sample-product",
                 "/api/bulwark/v1/products/sample-product/releases/1.0.0/findings",
                 f"/api/v1/project/{project_uuid}", f"/api/v1/finding/project/{project_uuid}",
                 f"/api/v1/metrics/project/{project_uuid}/current",
                 "/api/v1/project/lookup?name=sample-product&version=1.0.0"]:
        st, _, _ = request("GET", path, OTHER)
        counts["isolation"] += 1
        if st != 404:
            fail(f"another team's product: GET {path} answered {st}, expected 404")
    # Where-used: the sample ships minimist 1.2.5; the owner sees it, the other team does not.
    st, _, body = request("GET", "/api/bulwark/v1/components/where-used" + queries["whereUsed"], FULL)
    counts["isolation"] += 1
    if st != 200 or [(i["product"], i["component"]["version"]) for i in json.loads(body)["items"]] \
            != [("sample-product", "1.2.5")]:
        fail(f"where-used for the owner: {st} {body[:300]!r}")
    st, _, body = request("GET", "/api/bulwark/v1/components/where-used" + queries["whereUsed"], OTHER)
    counts["isolation"] += 1
    if st != 200 or json.loads(body)["items"] != []:
        fail(f"another team's where-used shows releases: {st} {body[:200]!r}")
    st, _, body = request("GET", "/api/v1/project", OTHER)
    counts["isolation"] += 1
    if st != 200 or json.loads(body) != []:
        fail(f"another team's list shows projects: {st} {body[:200]!r}")
    st, _, _ = request("DELETE", f"/api/v1/project/{project_uuid}", FULL)
    counts["contract"] += 1
    if st != 204:
        fail(f"dtDeleteProject answered {st}")
finally:
    server.terminate()
    try:
        server.wait(timeout=30)
    except subprocess.TimeoutExpired:
        server.kill()
        fail("the server did not stop within 30 s of SIGTERM")
    if server.returncode not in (0, None):
        fail(f"the server exited with {server.returncode} after SIGTERM")

print(f"api-contract: {counts['contract']} contract checks, {counts['unauthenticated']} "
      f"unauthenticated and {counts['forbidden']} forbidden-permission checks, "
      f"{counts['isolation']} isolation checks, {counts['csv']} CSV checks; {len(failures)} failure(s)")
sys.exit(1 if failures else 0)
