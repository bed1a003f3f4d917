#!/usr/bin/env python3
"""scaleout.py NGINX PORT1 PORT2 TMP DATA LICIT_BIN LISTS STORE EVAL ACCESS_LOG
- the checks of test_scaleout.sh: two `licit serve` on 127.0.0.1:PORT1 and
:PORT2 over one data directory DATA and one store STORE, behind nginx on
127.0.0.1:NGINX (which logs "METHOD URI STATUS UPSTREAM" to ACCESS_LOG).

Screens real names (eval negatives, and UN positives each sent several
times at once, so both servers screen one party together) through nginx
from many threads; decides one alert through nginx and screens its party
again on both servers; imports a newer snapshot and reloads each server
directly; screens again; then checks the audit chain in the store. nginx
names the server that answered in an X-Upstream header (the test's own
config adds it). Each check prints "ok: ..." or "FAIL: ..."; the exit
status is the number of failures (capped). Nothing here waits for a
commit: a screening's entry is in the store once its 200 has been
received.
"""
import collections
import csv
import http.client
import json
import os
import re
import subprocess
import sys
import threading
import urllib.parse
from concurrent.futures import ThreadPoolExecutor

NGINX, PORT1, PORT2 = (int(a) for a in sys.argv[1:4])
TMP, DATA, BIN, LISTS, STORE, EVAL, ACCESS_LOG = sys.argv[4:11]
KEYS = dict(line.split() for line in open(os.path.join(TMP, "keys")))
SCREENER, REVIEWER, ADMIN = KEYS["screener"], KEYS["reviewer"], KEYS["admin"]
BACKENDS = {f"127.0.0.1:{PORT1}", f"127.0.0.1:{PORT2}"}
THREADS = 8
REPEAT = 4  # times each positive is sent in round 1, side by side
fails = 0


def check(desc, cond, detail=""):
    global fails
    if cond:
        print("ok: " + desc)
    else:
        fails += 1
        print("FAIL: " + desc + (": " + str(detail)[:800] if detail else ""))


local = threading.local()


def request(port, method, path, key=SCREENER, body=None, with_headers=False):
    """(status, body bytes) over this thread's keep-alive connection to
    port, and the headers (lower-case names) when asked; a request that
    fails on the wire is (0, the error). A dict body is sent as JSON."""
    conns = local.__dict__.setdefault("conns", {})
    c = conns.get(port)
    if c is None:
        c = conns[port] = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    h = {"Authorization": "Bearer " + key} if key else {}
    if body is not None:
        body = json.dumps(body).encode()
        h["Content-Type"] = "application/json"
    try:
        c.request(method, path, body=body, headers=h)
        r = c.getresponse()
        out = r.status, r.read()
        headers = {k.lower(): v for k, v in r.getheaders()}
    except (OSError, http.client.HTTPException) as e:
        c.close()
        conns.pop(port, None)
        out, headers = (0, repr(e).encode()), {}
    return out + (headers,) if with_headers else out


def read_rows(name, n, skip=0):
    with open(os.path.join(EVAL, name), encoding="utf-8") as f:
        rows = list(csv.DictReader(f))[skip : skip + n]
    out = []
    for r in rows:
        q = {"name": r["full_name"]}
        if r.get("date_of_birth"):
            q["birth_date"] = r["date_of_birth"]
        out.append(q)
    return out


def screen_all(queries):
    """Screen every query through nginx from THREADS threads; the list of
    (query, status, answer or error text) in the order given. Each answer
    gets the server that gave it as "_upstream"."""
    def one(q):
        s, body, h = request(NGINX, "GET", "/v1/screen?" + urllib.parse.urlencode(q),
                             with_headers=True)
        try:
            a = json.loads(body) if s == 200 else body[:300]
        except ValueError:
            return q, s, body[:300]
        if isinstance(a, dict):
            a["_upstream"] = h.get("x-upstream")
        return q, s, a

    with ThreadPoolExecutor(THREADS) as ex:
        return list(ex.map(one, queries))


SCREEN_METRIC = re.compile(
    r'^licit_http_requests_total\{route="/v1/screen",method="GET",code="(\w+)"\} (\d+)$', re.M
)


def screens_served(port):
    """GET /v1/screen answers of the server on port, by status class."""
    s, body = request(port, "GET", "/metrics")
    if s != 200:
        return None
    return {code: int(n) for code, n in SCREEN_METRIC.findall(body.decode())}


def total(m):
    """The 200s (every screening sent is meant to be one)."""
    return m.get("2xx", 0) if m else 0


def check_round(label, results, snapshot, before):
    """Every answer 200 on `snapshot`, both servers screened, nginx sent
    each screening once. Returns the seqs the answers name."""
    bad = [(q, s, a) for q, s, a in results if s != 200]
    check(f"{label}: {len(results)} screenings through nginx, every one 200",
          not bad, bad[:3])
    good = [a for _, s, a in results if s == 200]
    snaps = collections.Counter(a.get("snapshot") for a in good)
    check(f"{label}: every answer names snapshot {snapshot[:12]}", set(snaps) == {snapshot}, snaps)
    after = [screens_served(p) for p in (PORT1, PORT2)]
    served = [total(a) - total(b) for a, b in zip(after, before)]
    check(f"{label}: both servers screened ({served[0]} + {served[1]})",
          all(n > 0 for n in served), after)
    check(f"{label}: the servers answered as many screenings as were sent",
          sum(served) == len(results), (served, len(results)))
    by_header = collections.Counter(a.get("_upstream") for a in good)
    check(f"{label}: nginx names one of the two servers for every answer",
          set(by_header) <= BACKENDS and sum(by_header.values()) == len(good), by_header)
    seqs = [a.get("audit", {}).get("seq") for a in good]
    return seqs, after


def check_alerts(results):
    """A positive sent REPEAT times at once (to both servers) opens one
    alert per listed entity; the other answers join it."""
    by_query = collections.defaultdict(list)
    for q, s, a in results:
        if s == 200 and isinstance(a, dict):
            by_query[json.dumps(q, sort_keys=True)].append(a)
    pairs = wrong = 0
    detail = []
    for key, answers in by_query.items():
        if len(answers) < REPEAT:
            continue
        per_entity = collections.defaultdict(list)
        for a in answers:
            for al in a.get("audit", {}).get("alerts", []):
                per_entity[al["entity_id"]].append((al["alert"], al["status"]))
        for ent, got in per_entity.items():
            pairs += 1
            ids = {i for i, _ in got}
            opened = sum(1 for _, st in got if st == "opened")
            if len(got) != len(answers) or len(ids) != 1 or opened != 1:
                wrong += 1
                detail.append((key, ent, got))
    check(f"concurrent screenings of one party on both servers: one alert per "
          f"(party, entity), opened once ({pairs} pairs)", pairs > 0 and not wrong, detail[:3])


def nginx_upstreams():
    """Screenings nginx passed on and got a 200 for, by upstream address."""
    n = collections.Counter()
    with open(ACCESS_LOG) as f:
        for line in f:
            parts = line.split()
            if len(parts) >= 4 and parts[1] == "/v1/screen" and parts[2] == "200":
                n[parts[3]] += 1
    return n


def licit(*args):
    return subprocess.run([BIN, "--data-dir", DATA, *args], capture_output=True, text=True)


def current():
    with open(os.path.join(DATA, "CURRENT")) as f:
        return f.read().strip()


# ------------------------------------------------------------- round 1

first = current()
s, _ = request(NGINX, "GET", "/v1/screen?name=x", key=None)
check("through nginx, no key: 401 from licit", s == 401, s)
s, _ = request(NGINX, "POST", "/v1/lists/reload")
check("through nginx, a screener's key passes to licit: reload is 403", s == 403, s)

negatives = read_rows("negatives-dev.csv", 240)
positives = read_rows("un-positives-dev.csv", 30)
decided_query = positives[0]
round1 = []
for i, q in enumerate(negatives):
    round1.append(q)
    if i % 8 == 0 and positives:
        round1.extend([positives.pop(0)] * REPEAT)
start = [screens_served(p) for p in (PORT1, PORT2)]
check("GET /metrics of each server directly", all(m is not None for m in start), start)
r1 = screen_all(round1)
seqs1, mid = check_round("round 1", r1, first, start)
check_alerts(r1)

# ----------------------------------- a decision on one server, seen by both

links = [al for q, s, a in r1 if q == decided_query and s == 200
         for al in a.get("audit", {}).get("alerts", [])]
alert = links[0]["alert"] if links else None
entity = links[0]["entity_id"] if links else None
body = {"disposition": "false-positive", "reason": "scale-out test: another person"}
s, d, h = request(NGINX, "POST", f"/v1/alerts/{alert}/decision", key=REVIEWER, body=body,
                  with_headers=True)
j = json.loads(d) if s == 200 else {}
decided_on = h.get("x-upstream")
check(f"alert {alert} decided through nginx (on {decided_on}): 200 false-positive",
      s == 200 and j.get("status") == "false-positive" and decided_on in BACKENDS, (s, d[:300]))
for port in (PORT1, PORT2):
    s, d = request(port, "GET", f"/v1/alerts/{alert}")
    j = json.loads(d) if s == 200 else {}
    check(f"alert {alert} on :{port} directly: false-positive, one decision",
          s == 200 and j.get("status") == "false-positive" and len(j.get("decisions", [])) == 1,
          (s, d[:300]))
before = [screens_served(p) for p in (PORT1, PORT2)]
r_dec = screen_all([decided_query] * (2 * THREADS))
seqs_dec, mid = check_round("the decided party again", r_dec, first, before)
statuses = collections.Counter(
    al["status"] for _, s, a in r_dec if s == 200
    for al in a.get("audit", {}).get("alerts", []) if al["entity_id"] == entity)
check(f"...its hit on {entity} is suppressed on both servers", dict(statuses) == {"suppressed": len(r_dec)},
      statuses)

# --------------------------------------------- a newer snapshot, reloaded

p = licit("lists", "import", f"{LISTS}/un-sc/2026-02-27", f"{LISTS}/us-csl/2022-04-21",
          f"{LISTS}/us-bis-dpl/2023", f"{LISTS}/uk-ofsi/2025-04-10")
second = current()
check("a newer snapshot is imported beside the one served", p.returncode == 0 and second != first,
      p.stderr)
for port in (PORT1, PORT2):
    s, d = request(port, "POST", "/v1/lists/reload", key=ADMIN)
    j = json.loads(d) if s == 200 else {}
    check(f"reload on :{port} directly: 200, {first[:12]} -> {second[:12]}",
          s == 200 and j.get("snapshot") == second and j.get("previous") == first
          and j.get("changed") is True, (s, d[:300]))

# ------------------------------------------------------------- round 2

round2 = read_rows("negatives-dev.csv", 80, skip=240) + read_rows("un-positives-dev.csv", 40)
r2 = screen_all(round2)
seqs2, end = check_round("round 2", r2, second, mid)

ups = nginx_upstreams()
want = {f"127.0.0.1:{PORT1}": total(end[0]) - total(start[0]),
        f"127.0.0.1:{PORT2}": total(end[1]) - total(start[1])}
check("nginx's access log agrees with each server's count", dict(ups) == want, (dict(ups), want))

# ------------------------------------------------------------ the record

results = r1 + r_dec + r2
answers = [a for _, s, a in results if s == 200]
v = licit("--store", STORE, "audit", "verify")
check("audit verify on the shared store: exit 0", v.returncode == 0, v.stdout + v.stderr)
print("   " + v.stdout.strip())
x = licit("--store", STORE, "audit", "export", "--format", "jsonl")
entries = [json.loads(line) for line in x.stdout.splitlines() if line.strip()]
kinds = collections.Counter(e["entry"].get("kind") for e in entries)
screens = [e for e in entries if e["entry"].get("kind") == "screen"]
check(f"one screen entry per 200 screening ({len(screens)} entries, {len(answers)} sent)",
      x.returncode == 0 and len(screens) == len(answers), x.stderr)
check("and one alert-decision entry, nothing else", dict(kinds) == {"screen": len(answers),
      "alert-decision": 1}, kinds)
stored = {e["seq"]: e["entry"] for e in screens}
seqs = [a.get("audit", {}).get("seq") for a in answers]
check("every answer's audit seq is its own screen entry in the chain",
      len(set(seqs)) == len(seqs) and set(seqs) == set(stored), (len(seqs), len(set(seqs)), len(stored)))
mismatch = [a["audit"]["seq"] for a in answers
            if stored.get(a["audit"]["seq"], {}).get("input", {}).get("name") != a["query"]["name"]
            or stored.get(a["audit"]["seq"], {}).get("snapshot") != a["snapshot"]]
check("each entry records its answer's query and snapshot", not mismatch, mismatch[:5])
actors = collections.Counter(e["entry"].get("actor") for e in screens)
check("every screen entry is by the screener's key", set(actors) == {"key:test-screener"}, actors)
# along the chain, the two servers' entries alternate in runs: count the
# places where the next entry came from the other server
server_of = {a["audit"]["seq"]: a.get("_upstream") for a in answers}
order = [server_of[q] for q in sorted(server_of)]
switches = sum(1 for x, y in zip(order, order[1:]) if x != y)
check(f"both servers appended to the one chain, interleaved ({switches} switches "
      f"between them along {len(order)} entries)", switches >= 10, switches)

sys.exit(min(fails, 100))
