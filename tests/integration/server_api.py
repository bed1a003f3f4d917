#!/usr/bin/env python3
"""server_api.py PORT DATA_DIR TMP LICIT_BIN LISTS PID - the checks of
test_server.sh against a running `licit serve` on 127.0.0.1:PORT.

Each check prints "ok: ..." or "FAIL: ..."; the exit status is the number
of failures (capped). Answers are compared with what the CLI prints for
the same question, so the HTTP API and the CLI cannot drift apart.
"""
import hashlib
import http.client
import json
import os
import re
import socket
import subprocess
import sys
import threading
import time
import urllib.parse

PORT = int(sys.argv[1])
DATA, TMP, BIN, LISTS = sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5]
SERVER_PID = int(sys.argv[6])
KEYS = dict(line.split() for line in open(os.path.join(TMP, "keys")))
SCREENER, REVIEWER, ADMIN = KEYS["screener"], KEYS["reviewer"], KEYS["admin"]
fails = 0
bodies = []  # every body received, searched for leaked paths at the end


def check(desc, cond, detail=""):
    global fails
    if cond:
        print("ok: " + desc)
    else:
        fails += 1
        print("FAIL: " + desc + (": " + str(detail)[:500] if detail else ""))


def request(method, path, body=None, key=SCREENER, headers=None, conn=None):
    """(status, headers, bytes) of one request; JSON bodies are dumped."""
    h = {} if headers is None else dict(headers)
    if key:
        h["Authorization"] = "Bearer " + key
    if isinstance(body, (dict, list)):
        body = json.dumps(body).encode()
        h.setdefault("Content-Type", "application/json")
    own = conn is None
    c = conn or http.client.HTTPConnection("127.0.0.1", PORT, timeout=60)
    c.request(method, path, body=body, headers=h)
    r = c.getresponse()
    data = r.read()
    if own:
        c.close()
    bodies.append(data)
    return r.status, {k.lower(): v for k, v in r.getheaders()}, data


def get_json(path, key=SCREENER):
    s, h, d = request("GET", path, key=key)
    return s, json.loads(d) if d else None


def post_json(path, body, key=SCREENER, headers=None):
    s, h, d = request("POST", path, body, key=key, headers=headers)
    try:
        return s, json.loads(d)
    except ValueError:
        return s, d


def cli(*args):
    r = subprocess.run([BIN, "--data-dir", DATA] + list(args),
                       capture_output=True, text=True)
    return r.stdout


def q(**params):
    return urllib.parse.urlencode(params, doseq=True)


def is_error(j, code, field=None):
    try:
        e = j["error"]
        return (e["code"] == code and isinstance(e["message"], str)
                and e["message"] and (field is None or e["field"] == field)
                and set(e) == {"code", "message", "field"})
    except (TypeError, KeyError):
        return False


def raw(data, read_all=True):
    """Send raw bytes on a fresh connection; the status line and the body."""
    s = socket.create_connection(("127.0.0.1", PORT), timeout=30)
    try:
        s.sendall(data)
    except OSError:
        pass
    out = b""
    try:
        while True:
            chunk = s.recv(65536)
            if not chunk:
                break
            out += chunk
            if not read_all and b"\r\n\r\n" in out:
                break
    except OSError:
        pass
    s.close()
    bodies.append(out)
    head, _, body = out.partition(b"\r\n\r\n")
    status = int(head.split(b" ")[1]) if head.startswith(b"HTTP/1.1 ") else 0
    return status, body


# ------------------------------------------------------------- health
s, j = get_json("/v1/health", key=None)
check("health without a key: 200", s == 200, s)
snap = json.loads(cli("lists", "show", "--json"))
check("health names the snapshot and the version",
      j and j["status"] == "ok" and j["snapshot"] == snap["snapshot"]
      and j["version"] and j["snapshot_age_seconds"] >= 0, j)

# ------------------------------------------------------------- keys
s, h, d = request("GET", "/v1/lists", key=None)
check("no key: 401 with WWW-Authenticate", s == 401 and
      h.get("www-authenticate", "").startswith("Bearer")
      and is_error(json.loads(d), "unauthorized"), (s, d))
s, h, d = request("GET", "/v1/lists", key="not-a-key")
check("unknown key: 401", s == 401 and is_error(json.loads(d), "unauthorized"), s)
s, h, d = request("GET", "/v1/lists", headers={"Authorization": "Basic eDp5"}, key=None)
check("Basic credentials: 401", s == 401, s)
s, j = get_json("/v1/screen?name=x", key=None)
check("screen without a key: 401", s == 401, s)
s, j = post_json("/v1/lists/reload", {}, key=SCREENER)
check("screener cannot reload: 403", s == 403 and is_error(j, "forbidden"), (s, j))
s, j = post_json("/v1/lists/reload", {}, key=REVIEWER)
check("reviewer cannot reload: 403", s == 403, s)

# ------------------------------------------------------------- lists
s, j = get_json("/v1/lists")
check("lists: 200 with the CLI's snapshot", s == 200 and j["snapshot"] == snap["snapshot"], s)
cli_src = {x["id"]: x for x in snap["sources"]}
check("lists: the CLI's sources and counts",
      {x["id"] for x in j["sources"]} == set(cli_src) and all(
          x[k] == cli_src[x["id"]][k] for x in j["sources"]
          for k in ("format", "sha256", "published", "records", "entities",
                    "names", "skipped")), j["sources"][:1])
check("lists: file names without their folders",
      all("/" not in x["file"] and all("/" not in k["file"] for k in x["skips"])
          for x in j["sources"]) and any(x["file"] == "dpl.txt" for x in j["sources"]),
      [x["file"] for x in j["sources"]])
check("lists: the SDN's 3 skips are listed",
      [len(x["skips"]) for x in j["sources"] if x["id"] == "us-ofac-sdn"] == [3])

# ------------------------------------------------------------- entities
s, j = get_json("/v1/entities/us-ofac-sdn:35096")
want = json.loads(cli("entity", "us-ofac-sdn:35096"))
want["origin"]["file"] = os.path.basename(want["origin"]["file"])
check("entity: the CLI's record (origin file without its folder)", s == 200 and j == want, j)
s, j = get_json("/v1/entities/" + urllib.parse.quote("us-csl:9bb32c725b10b9658db3bc6cf92b6c6830195e42"))
check("entity: a CSL id with an escaped colon", s == 200 and j["source"] == "us-csl", s)
s, j = get_json("/v1/entities/us-ofac-sdn:999999999")
check("entity: unknown id is 404 naming the field", s == 404 and is_error(j, "not_found", "id"), j)
s, j = get_json("/v1/entities/%FF%FE")
check("entity: an id that is not UTF-8 is 400", s == 400 and is_error(j, "invalid_value", "id"), j)

# ------------------------------------------------------------- screen
def without_record(o):
    """A screening's JSON without its own audit entry (each call has one:
    its sequence number and alerts differ between two calls)."""
    o = dict(o)
    o.pop("audit", None)
    return o


def same_as_cli(desc, params, args):
    s, h, d = request("GET", "/v1/screen?" + q(**params))
    want = cli("screen", "--json", *args)
    ok = s == 200
    if ok:
        got, exp = json.loads(d), json.loads(want)
        # the same bytes once the per-call audit entry is left out
        ok = (json.dumps(without_record(got)) == json.dumps(without_record(exp))
              and "audit" in got and got["audit"]["seq"] != exp["audit"]["seq"])
    check(desc, ok, (s, d[:300], want[:300]))


same_as_cli("GET screen: byte for byte the CLI's JSON (NSO)",
            {"name": "NSO Group Technologies"}, ["NSO Group Technologies"])
same_as_cli("GET screen: with country, birth date, limit, threshold (Putin)",
            {"name": "Владимир Путин", "country": "RU", "birth_date": "1952-10-07",
             "limit": "3", "threshold": "0.7"},
            ["--country", "RU", "--birth-date", "1952-10-07", "--limit", "3",
             "--threshold", "0.7", "Владимир Путин"])
same_as_cli("GET screen: schema, gender, id and repeated source",
            {"name": "Ayman al-Zawahiri", "schema": "person", "gender": "male",
             "id": "1234", "source": ["un-sc", "us-ofac-sdn"]},
            ["--schema", "person", "--gender", "male", "--id", "1234",
             "--source", "un-sc", "--source", "us-ofac-sdn", "Ayman al-Zawahiri"])
s, j = get_json("/v1/screen?" + q(name="Zzyzx Qwertyuiop Blorft"))
check("GET screen: no hit is 200 with no hits", s == 200 and j["hits"] == [], j)
s, j = get_json("/v1/screen?name=NSO+Group")
check("GET screen: the Entity List hit first",
      s == 200 and j["hits"][0]["source"] == "us-csl" and "explanation" in j["hits"][0], j)

bad_get = [
    ("missing name", {}, "missing_field", "name"),
    ("empty name", {"name": " "}, "invalid_value", "name"),
    ("unknown parameter", {"name": "x", "nmae": "y"}, "unknown_parameter", "nmae"),
    ("name given twice", {"name": ["a", "b"]}, "duplicate_parameter", "name"),
    ("limit not a number", {"name": "x", "limit": "ten"}, "invalid_value", "limit"),
    ("limit 0", {"name": "x", "limit": "0"}, "invalid_value", "limit"),
    ("limit too large", {"name": "x", "limit": "100000"}, "invalid_value", "limit"),
    ("threshold above 1", {"name": "x", "threshold": "1.5"}, "invalid_value", "threshold"),
    ("threshold nan", {"name": "x", "threshold": "nan"}, "invalid_value", "threshold"),
    ("unknown schema", {"name": "x", "schema": "planet"}, "invalid_value", "schema"),
    ("bad gender", {"name": "x", "gender": "x"}, "invalid_value", "gender"),
    ("bad birth date", {"name": "x", "birth_date": "1952-13-01"}, "invalid_value", "birth_date"),
    ("name too long", {"name": "a" * 2000}, "value_too_long", "name"),
]
for desc, params, code, field in bad_get:
    s, j = get_json("/v1/screen?" + q(**params))
    check("GET screen, %s: 400 %s" % (desc, code), s == 400 and is_error(j, code, field), (s, j))
s, j = get_json("/v1/screen?name=%FF%FE")
check("GET screen, name not UTF-8: 400 invalid_utf8",
      s == 400 and is_error(j, "invalid_utf8", "name"), j)
s, j = get_json("/v1/screen?name=a%00b")
check("GET screen, NUL in a value: 400", s == 400 and is_error(j, "invalid_value", "name"), j)
s, j = get_json("/v1/screen?" + "&".join("p%d=1" % i for i in range(40)))
check("GET screen, 40 parameters: 400", s == 400 and is_error(j, "too_many_parameters"), j)

# POST, one party
s, j = post_json("/v1/screen", {"name": "NSO Group Technologies", "country": "IL", "limit": 5})
want = json.loads(cli("screen", "--json", "--country", "IL", "--limit", "5", "NSO Group Technologies"))
check("POST screen, one party: the CLI's JSON",
      s == 200 and without_record(j) == without_record(want) and "audit" in j, j)
# POST, a batch
parties = [{"name": "NSO Group"}, {"name": "John Smithson Qwerty"},
           {"name": "AL ZAWAHIRI, Ayman", "country": "EG", "sources": ["un-sc"]}]
s, j = post_json("/v1/screen", {"parties": parties, "limit": 3})
check("POST screen, batch: one result per party, in order",
      s == 200 and [r["query"]["name"] for r in j["results"]] == [p["name"] for p in parties]
      and j["results"][0]["hits"] and not j["results"][1]["hits"]
      and all(h["source"] == "un-sc" for h in j["results"][2]["hits"]), j)
want = json.loads(cli("screen", "--json", "--limit", "3", "NSO Group"))
check("POST screen, batch: each result is the CLI's",
      s == 200 and without_record(j["results"][0]) == without_record(want))

bad_post = [
    ("wrong type", {"name": 42}, 400, "wrong_type", "name"),
    ("missing name", {"country": "FR"}, 400, "missing_field", "name"),
    ("unknown field", {"name": "x", "nmae": "y"}, 400, "unknown_field", "nmae"),
    ("limit a string", {"name": "x", "limit": "5"}, 400, "wrong_type", "limit"),
    ("limit a float", {"name": "x", "limit": 2.5}, 400, "wrong_type", "limit"),
    ("threshold out of range", {"name": "x", "threshold": -1}, 400, "invalid_value", "threshold"),
    ("sources not strings", {"name": "x", "sources": [1]}, 400, "wrong_type", "sources"),
    ("name with NUL", {"name": "a\u0000b"}, 400, "malformed_json", None),
    ("batch: empty", {"parties": []}, 400, "invalid_value", "parties"),
    ("batch: a party not an object", {"parties": [{"name": "x"}, 3]}, 400, "wrong_type", "parties[1]"),
    ("batch: a party's wrong type", {"parties": [{"name": "x"}, {"name": ["y"]}]}, 400, "wrong_type", "parties[1].name"),
    ("batch: unknown field in a party", {"parties": [{"name": "x", "limit": 3}]}, 400, "unknown_field", "parties[0].limit"),
    ("batch: over --max-batch", {"parties": [{"name": "x"}] * 51}, 413, "batch_too_large", "parties"),
    ("batch: parties not an array", {"parties": {"name": "x"}}, 400, "wrong_type", "parties"),
]
for desc, body, status, code, field in bad_post:
    s, j = post_json("/v1/screen", body)
    check("POST screen, %s: %d %s" % (desc, status, code),
          s == status and is_error(j, code, field), (s, j))
raw_bodies = [
    ("malformed JSON", b'{"name": "x",', "malformed_json"),
    ("trailing garbage", b'{"name": "x"} x', "malformed_json"),
    ("a duplicate key", b'{"name": "x", "name": "y"}', "malformed_json"),
    ("not an object", b'["x"]', "wrong_type"),
    ("empty body", b"", "malformed_json"),
    ("invalid UTF-8", b'{"name": "\xff\xfe"}', "invalid_utf8"),
    ("overlong UTF-8", b'{"name": "\xc0\xaf"}', "invalid_utf8"),
    ("a lone surrogate escape", b'{"name": "\\ud800"}', "malformed_json"),
]
for desc, body, code in raw_bodies:
    s, h, d = request("POST", "/v1/screen", body, headers={"Content-Type": "application/json"})
    check("POST screen, %s: 400 %s" % (desc, code), s == 400 and is_error(json.loads(d), code), (s, d))
s, h, d = request("POST", "/v1/screen", b'{"name":"x"}', headers={"Content-Type": "text/plain"})
check("POST screen, text/plain: 415", s == 415 and is_error(json.loads(d), "unsupported_media_type"), s)
s, h, d = request("POST", "/v1/screen", b'{"name":"x"}',
                  headers={"Content-Type": "application/json; charset=latin-1"})
check("POST screen, a charset other than UTF-8: 415", s == 415, s)
s, h, d = request("POST", "/v1/screen", b'{"name":"NSO"}',
                  headers={"Content-Type": "application/json; charset=utf-8"})
check("POST screen, application/json; charset=utf-8: 200", s == 200, s)

# oversized bodies: announced (answered before the body is sent) and chunked
# a 10 MB body announced by Content-Length is refused before it is sent
head = ("POST /v1/screen HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer %s\r\n"
        "Content-Type: application/json\r\nContent-Length: %d\r\n" % (SCREENER, 10 << 20)).encode()
s, body = raw(head + b"Expect: 100-continue\r\n\r\n")
check("POST screen, a 10 MB body (Expect: 100-continue): 413 before the body",
      s == 413 and is_error(json.loads(body), "body_too_large"), (s, body[:200]))
s, body = raw(head + b"\r\n" + b'{"name":"' + b"a" * 60000)
check("POST screen, a 10 MB body sent at once: 413", s == 413, (s, body[:200]))


def chunks():
    for _ in range(200):
        yield b"a" * 65536


c = http.client.HTTPConnection("127.0.0.1", PORT, timeout=60)
try:
    c.request("POST", "/v1/screen", body=chunks(),
              headers={"Content-Type": "application/json", "Authorization": "Bearer " + SCREENER},
              encode_chunked=True)
    r = c.getresponse()
    d = r.read()
    check("POST screen, a 13 MB chunked body: 413", r.status == 413 and is_error(json.loads(d), "body_too_large"), r.status)
except (OSError, http.client.HTTPException) as e:
    check("POST screen, a 13 MB chunked body: 413", False, e)
c.close()

# headers and request line over the connection's memory
s, body = raw(b"GET /v1/health HTTP/1.1\r\nHost: x\r\nX-Big: " + b"a" * 40000 + b"\r\n\r\n")
check("a 40 KB header: 431", s == 431, s)
s, body = raw(b"GET /v1/screen?name=" + b"a" * 40000 + b" HTTP/1.1\r\nHost: x\r\n\r\n")
check("a 40 KB request line: 414", s == 414, s)
s, body = raw(b"GET /v1/health\r\n\r\n")
check("a request line without a version: 400", s == 400, s)
s, body = raw(b"GARBAGE\r\n\r\n")
check("bytes that are not HTTP: the connection is closed", s in (0, 400), s)

# routes
s, j = get_json("/v1/nothing")
check("unknown path: 404 not_found", s == 404 and is_error(j, "not_found"), j)
s, h, d = request("DELETE", "/v1/screen")
check("DELETE /v1/screen: 405 with Allow", s == 405 and h.get("allow") == "GET, HEAD, POST"
      and is_error(json.loads(d), "method_not_allowed"), (s, h))
s, h, d = request("GET", "/v1/check")
check("GET /v1/check: 405 Allow: POST", s == 405 and h.get("allow") == "POST", (s, h))
s, h, d = request("HEAD", "/v1/health", key=None)
check("HEAD /v1/health: 200 without a body", s == 200 and d == b"", (s, d))

# ------------------------------------------------------------- check
nso = {"item": "4A005", "destination": "IL", "end_user": "NSO Group Technologies Ltd",
       "regimes": ["us-ear-cyber"], "as_of": "2021-12-01"}
s, h, d = request("POST", "/v1/check", nso)
want = cli("check", "--json", "--item", "4A005", "--destination", "IL", "--end-user",
           "NSO Group Technologies Ltd", "--regime", "us-ear-cyber", "--as-of", "2021-12-01")
check("check: byte for byte the CLI's JSON (NSO, Entity List)", s == 200 and d.decode() + "\n" == want, d[:300])
j = json.loads(d)
check("check: NSO needs a licence under us-ear-cyber",
      j["decision"] == "licence-required" and j["party_hits"][0]["source"] == "us-csl", j["decision"])
s, j = post_json("/v1/check", {"item": "4D004", "destination": "MX", "end_user_type": "government",
                               "regimes": ["il-deca-cyber"], "as_of": "2021-10-01"})
check("check: the DECA marketing exemption (MX, 2021-10-01)",
      s == 200 and j["regimes"][0]["exception"] == "marketing-exemption", j)
bad_check = [
    ("unknown control code", {"item": "XYZ", "destination": "FR"}, "invalid_value", "item"),
    ("retired country code", {"item": "4A005", "destination": "AN"}, "invalid_value", "destination"),
    ("not a country code", {"item": "4A005", "destination": "ZZ"}, "invalid_value", "destination"),
    ("unknown end use", {"item": "4A005", "destination": "FR", "end_use": "fun"}, "invalid_value", "end_use"),
    ("unknown end-user type", {"item": "4A005", "destination": "FR", "end_user_type": "alien"}, "invalid_value", "end_user_type"),
    ("unknown regime", {"item": "4A005", "destination": "FR", "regimes": ["moon"]}, "invalid_value", "regimes"),
    ("bad date", {"item": "4A005", "destination": "FR", "as_of": "2021-02-30x"}, "invalid_value", "as_of"),
    ("region outside the destination", {"item": "4A005", "destination": "FR", "region": "UA-43"}, "invalid_value", "region"),
    ("missing destination", {"item": "4A005"}, "missing_field", "destination"),
    ("wrong type", {"item": "4A005", "destination": ["FR"]}, "wrong_type", "destination"),
    ("unknown field", {"item": "4A005", "destination": "FR", "party": "x"}, "unknown_field", "party"),
    ("regimes not strings", {"item": "4A005", "destination": "FR", "regimes": [{}]}, "wrong_type", "regimes"),
]
for desc, body, code, field in bad_check:
    s, j = post_json("/v1/check", body)
    check("check, %s: 400 %s %s" % (desc, code, field), s == 400 and is_error(j, code, field), (s, j))
s, j = post_json("/v1/check", {"item": "XYZ", "destination": "FR"})
check("check errors name body fields, not CLI options", "--" not in j["error"]["message"], j)

# ------------------------------------------------------------- watchman
s, j = get_json("/v2/search?" + q(name="Vladimir Putin", type="person", limit="3", minMatch="0.8"))
check("v2/search: watchman's shape (query, entities)", s == 200 and set(j) == {"query", "entities"}, j)
e = j["entities"][0] if s == 200 and j["entities"] else {}
check("v2/search: the SDN entry as watchman lays it out",
      e.get("sourceList") == "us_ofac" and e.get("sourceID") == "35096"
      and e.get("entityType") == "person" and e["person"]["birthDate"] == "1952-10-07T00:00:00Z"
      and 0.8 <= e["match"] <= 1 and "PUTIN, Vladimir" in e["person"]["altNames"]
      and isinstance(e["sanctionsInfo"]["programs"], list), e)
check("v2/search: every entity has watchman's keys",
      all({"name", "entityType", "sourceList", "sourceID", "person", "business", "organization",
           "aircraft", "vessel", "contact", "addresses", "cryptoAddresses", "affiliations",
           "sanctionsInfo", "historicalInfo", "sourceData", "match"} <= set(x) for x in j["entities"]))
s, j = get_json("/v2/search?" + q(name="NSO Group", type="business"))
check("v2/search: a business from the CSL",
      s == 200 and j["entities"][0]["sourceList"] == "us_csl" and j["entities"][0]["business"]["name"], j)
for desc, params in [("unknown type", {"name": "x", "type": "planet"}),
                     ("limit over 100", {"name": "x", "limit": "101"}),
                     ("minMatch above 1", {"name": "x", "minMatch": "2"}),
                     ("unknown parameter", {"name": "x", "q": "y"}),
                     ("no name", {"type": "person"})]:
    s, j = get_json("/v2/search?" + q(**params))
    check("v2/search, %s: 400 {\"error\": message}" % desc,
          s == 400 and isinstance(j.get("error"), str) and j["error"], (s, j))

# ------------------------------------------------------------- review
s, j = get_json("/v1/screen?" + q(name="Candiru Ltd", schema="organization"))
hit = j["hits"][0] if s == 200 and j["hits"] else {}
links = {a["entity_id"]: a for a in j.get("audit", {}).get("alerts", [])}
check("screen: the hit's audit object links it to an open alert",
      hit and hit["entity_id"] in links and links[hit["entity_id"]]["alert"]
      and links[hit["entity_id"]]["status"] in ("opened", "open"), j.get("audit"))
alert = links.get(hit.get("entity_id"), {}).get("alert")
s, j = get_json("/v1/alerts?status=open&limit=1000")
check("alerts: the open queue holds the new alert",
      s == 200 and alert in [a["id"] for a in j["alerts"]] and j["count"] == len(j["alerts"]), s)
s, j = get_json("/v1/alerts/%s" % alert)
check("alerts/{id}: the alert with its party, entity and no decision yet",
      s == 200 and j["id"] == alert and j["party_name"] == "Candiru Ltd"
      and j["entity_id"] == hit.get("entity_id") and j["decisions"] == [], j)
body = {"disposition": "false-positive", "reason": "another company"}
s, j = post_json("/v1/alerts/%s/decision" % alert, body, key=SCREENER)
check("decision by a screener: 403", s == 403 and is_error(j, "forbidden"), (s, j))
for desc, b, field in [("no reason", {"disposition": "false-positive"}, "reason"),
                       ("blank reason", {"disposition": "false-positive", "reason": "  "}, "reason"),
                       ("unknown disposition", {"disposition": "maybe", "reason": "x"}, "disposition"),
                       ("unknown field", dict(body, note="x"), "note")]:
    s, j = post_json("/v1/alerts/%s/decision" % alert, b, key=REVIEWER)
    check("decision, %s: 400 naming %s" % (desc, field),
          s == 400 and j["error"]["field"] == field, (s, j))
s, j = post_json("/v1/alerts/999999999/decision", body, key=REVIEWER)
check("decision on no such alert: 404", s == 404 and is_error(j, "not_found"), (s, j))
s, h, d = request("GET", "/v1/alerts/12abc")
check("alerts/12abc: 404", s == 404, s)
s, j = post_json("/v1/alerts/%s/decision" % alert, body, key=REVIEWER)
check("decision by a reviewer: 200, false-positive, by the key's label",
      s == 200 and j["status"] == "false-positive" and j["decided_by"] == "key:test-reviewer"
      and j["decisions"][-1]["reason"] == "another company", j)
s, j = get_json("/v1/alerts?status=open&limit=1000")
check("the decided alert leaves the open queue", s == 200 and alert not in [a["id"] for a in j["alerts"]], s)
s, j = get_json("/v1/alerts?status=false-positive")
check("...and is listed as a false positive", s == 200 and alert in [a["id"] for a in j["alerts"]], s)
s, j = get_json("/v1/screen?" + q(name="Candiru Ltd", schema="organization"))
st = [a["status"] for a in j.get("audit", {}).get("alerts", []) if a["entity_id"] == hit.get("entity_id")]
check("screening the party again: the hit is suppressed", st == ["suppressed"], j.get("audit"))
s, j = get_json("/v1/alerts?status=shut")
check("alerts?status=shut: 400", s == 400 and is_error(j, "invalid_value", "status"), j)

# ------------------------------------------------------------- audit
s, j = get_json("/v1/audit?limit=5", key=SCREENER)
check("audit by a screener: 403", s == 403, s)
s, j = get_json("/v1/audit?limit=5", key=REVIEWER)
e = j.get("entries", [])
check("audit: newest first, the decision on top, by its key",
      s == 200 and len(e) == 5 and e[0]["seq"] > e[1]["seq"]
      and any(x["kind"] == "alert-decision" and x["actor"] == "key:test-reviewer" for x in e), e[:2])
check("audit: each entry chains to the one before",
      all(e[i]["prev_hash"] == e[i + 1]["hash"] for i in range(len(e) - 1)), e)
s, j2 = get_json("/v1/audit?limit=2&entry=1&before=%d" % e[0]["seq"], key=REVIEWER)
check("audit: paging with before, entry=1 gives the hashed JSON",
      s == 200 and j2["entries"][0]["seq"] == e[1]["seq"]
      and j2["entries"][0]["entry"]["seq"] == e[1]["seq"], j2)
s, j = get_json("/v1/audit?from=2020-01-01&to=2099-12-31&limit=3", key=REVIEWER)
check("audit: a time range, oldest first from seq 1",
      s == 200 and j["order"] == "oldest-first" and [x["seq"] for x in j["entries"]] == [1, 2, 3], j)
s, j = get_json("/v1/audit?from=yesterday", key=REVIEWER)
check("audit?from=yesterday: 400", s == 400 and is_error(j, "invalid_value", "from"), j)
s, j = get_json("/v1/audit/verify", key=REVIEWER)
check("audit/verify: valid, every entry checked",
      s == 200 and j["valid"] is True and j["entries"] >= 5 and j["first_bad"] == 0
      and len(j["head"]) == 64, j)

# ------------------------------------------------------------- impact
s, j = post_json("/v1/impact", {}, key=SCREENER)
check("impact by a screener: 403", s == 403, s)
s, j = post_json("/v1/impact", {"from_as_of": "2021-10-01", "to_as_of": "2022-02-01"}, key=REVIEWER)
check("impact: the report of both sides, with its audit entry",
      s == 200 and j["from"]["as_of"] == "2021-10-01" and j["to"]["as_of"] == "2022-02-01"
      and j["audit"]["seq"] > 0 and "parties" in j and "licences" in j, (s, str(j)[:300]))
s, j = post_json("/v1/impact", {"to_snapshot": "ffffffffffff"}, key=REVIEWER)
check("impact, unknown snapshot: 404", s == 404 and is_error(j, "not_found"), (s, j))
s, j = post_json("/v1/impact", {"from_as_of": "2021-13-45"}, key=REVIEWER)
check("impact, a bad date: 400", s == 400, (s, j))
s, j = post_json("/v1/impact", {"since": "2021"}, key=REVIEWER)
check("impact, unknown field: 400", s == 400 and is_error(j, "unknown_field", "since"), (s, j))

# ------------------------------------------------------------- keys while serving
out = cli("keys", "create", "--role", "screener", "--label", "late-client")
late = out.strip().splitlines()[-1]
time.sleep(1.5)
s, j = get_json("/v1/lists", key=late)
check("a key made while the server runs works within a second", s == 200, s)
cli("keys", "revoke", "late-client")
time.sleep(1.5)
s, j = get_json("/v1/lists", key=late)
check("a revoked key is refused within a second", s == 401, s)

# ------------------------------------------------------------- metrics
s, h, d = request("GET", "/metrics")
text = d.decode()
check("metrics: Prometheus text", s == 200 and h["content-type"].startswith("text/plain; version=0.0.4"), h)
check("metrics: requests by route and status",
      'licit_http_requests_total{route="/v1/screen",method="GET",code="2xx"}' in text
      and 'licit_http_requests_total{route="/v1/screen",method="POST",code="4xx"}' in text, text[:500])
check("metrics: a latency histogram per route",
      'licit_http_request_duration_seconds_bucket{route="/v1/check",method="POST",le="+Inf"}' in text
      and 'licit_http_request_duration_seconds_count{route="/v1/screen",method="GET"}' in text)
check("metrics: snapshot age", "licit_snapshot_age_seconds " in text)
s, jj = get_json("/v1/alerts?status=open&limit=1000")
check("metrics: the open alerts, as many as the queue holds",
      'licit_alerts{status="open"} %d\n' % len(jj["alerts"]) in text, (len(jj["alerts"]), text[-600:]))
count = [l for l in text.splitlines()
         if l.startswith('licit_http_request_duration_seconds_count{route="/v1/health"')]
check("metrics: health requests counted", count and int(count[0].split()[-1]) >= 2, count)
s, h, d = request("GET", "/metrics", key=None)
check("metrics need a key", s == 401, s)
src = os.environ.get("LICIT_SOURCE_DIR")
if src:
    spec = open(os.path.join(src, "docs", "openapi.yaml"), encoding="utf-8").read()
    documented = set(re.findall(r"^  (/\S*):$", spec, re.M))
    served = set(re.findall(r'route="([^"]+)"', text)) - {"other"}
    check("docs/openapi.yaml documents every route the server has",
          documented == served, (sorted(documented), sorted(served)))

# ------------------------------------------------------------- reload under load
s, j = post_json("/v1/lists/reload", {}, key=ADMIN)
check("reload with the same snapshot: 200, unchanged",
      s == 200 and j["snapshot"] == snap["snapshot"] and j["changed"] is False, j)
old = snap["snapshot"]
results, stop = [], threading.Event()


def hammer():
    conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=60)
    while not stop.is_set():
        try:
            st, _, dd = request("GET", "/v1/screen?" + q(name="NSO Group Technologies"), conn=conn)
            results.append((st, json.loads(dd)["snapshot"]))
        except Exception as ex:  # a dropped request is a failure
            results.append((0, repr(ex)))
            conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=60)
    conn.close()


threads = [threading.Thread(target=hammer) for _ in range(4)]
for t in threads:
    t.start()
time.sleep(0.5)
# a new snapshot: the same lists and the 2019 DPL instead of the 2023 one
subprocess.run([BIN, "--data-dir", DATA, "lists", "import",
                LISTS + "/us-ofac-sdn/2023-12-28", LISTS + "/us-ofac-cons/2025-12-19",
                LISTS + "/us-csl/2022-04-21", LISTS + "/us-bis-dpl/2019",
                LISTS + "/un-sc/2026-02-27", LISTS + "/uk-ofsi/2025-04-10",
                LISTS + "/eu-fsf/2018-12-21"], check=True, capture_output=True)
new = json.loads(cli("lists", "show", "--json"))["snapshot"]
s, j = post_json("/v1/lists/reload", {}, key=ADMIN)
time.sleep(1.0)
stop.set()
for t in threads:
    t.join()
check("reload: 200 with the new snapshot and the old one",
      s == 200 and j["snapshot"] == new and j["previous"] == old and j["changed"] is True, j)
check("reload under load: no request failed (%d requests)" % len(results),
      results and all(st == 200 for st, _ in results), [r for r in results if r[0] != 200][:3])
check("reload under load: answers moved from the old snapshot to the new",
      results and results[0][1] == old and results[-1][1] == new,
      (results[:1], results[-1:]))
seen = set()
for _ in range(8):  # fresh connections land on every thread
    st, jj = get_json("/v1/screen?name=x")
    seen.add(jj["snapshot"])
check("after the reload every thread serves the new snapshot", seen == {new}, seen)
s, j = get_json("/v1/lists")
check("lists shows the 2019 DPL after the reload",
      [x["records"] for x in j["sources"] if x["id"] == "us-bis-dpl"] == [546], j["sources"][3:4])
s, j = get_json("/v1/health", key=None)
check("health names the new snapshot", j["snapshot"] == new, j)

# ------------------------------------------------------------- bad-request flood
def rss_kb(pid):
    for line in open("/proc/%d/status" % pid):
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


flood = [("POST", "/v1/screen", b'{"name": "x",'), ("POST", "/v1/screen", b'{"name": 1}'),
         ("POST", "/v1/screen", b'{"nmae": "x"}'), ("POST", "/v1/screen", b'{"name": "\xff"}'),
         ("GET", "/v1/screen?name=%FF", None), ("POST", "/v1/check", b'{"item": "XYZ", "destination": "FR"}'),
         ("GET", "/v1/lists", None)]
N = int(os.environ.get("LICIT_SOAK_REQUESTS", "100000"))


def flood_run(n):
    conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=60)
    bad = 0
    for i in range(n):
        m, p, b = flood[i % len(flood)]
        key = None if p == "/v1/lists" else SCREENER
        h = {"Content-Type": "application/json"}
        if key:
            h["Authorization"] = "Bearer " + key
        conn.request(m, p, body=b, headers=h)
        r = conn.getresponse()
        r.read()
        bad += not (400 <= r.status < 500)
    conn.close()
    return bad


flood_run(2000)  # warm up every allocator cache
before = rss_kb(SERVER_PID) if SERVER_PID else 0
t0 = time.time()
bad = flood_run(N)
after = rss_kb(SERVER_PID) if SERVER_PID else 0
check("flood: %d bad requests all get a 4xx (%.0f/s)" % (N, N / (time.time() - t0)), bad == 0, bad)
check("flood: memory stays flat (RSS %d -> %d KiB)" % (before, after),
      SERVER_PID and after - before < 8192, (SERVER_PID, before, after))
s, j = get_json("/v1/health", key=None)
check("the server is still up", s == 200 and j["status"] == "ok", s)

# ------------------------------------------------------------- no leaks of paths
leaks = [b for b in bodies if DATA.encode() in b or TMP.encode() in b or b"/work/" in b
         or b".c:" in b or b"snapshots/" in b]
check("no response names a server path", not leaks, leaks[:1])
sys.exit(min(fails, 100))
