#!/bin/sh
# bench_http.sh - HTTP screening speed of `licit serve` (issue 6).
#
# Imports the lists of `make bench` (SDN, non-SDN, OFAC XML, CSL, DPL, UN,
# UK), starts `licit serve` on 127.0.0.1 with API keys, and runs wrk
# (2 threads, 64 connections, BENCH_HTTP_SECONDS, default 30 s) against
# GET /v1/screen with the names of the 50,000 dev negatives, a small Lua
# script rotating through them. Before each run it imports a new snapshot
# (which the server does not serve yet); halfway through the run it calls
# POST /v1/lists/reload to switch to it, and the run fails if any
# request failed (socket error, timeout or a status other than 200) or
# the reload did not switch. Prints requests/s and p50/p99 latency per
# run and their medians over BENCH_HTTP_RUNS runs (default 3).
# Targets: >= 10,000 requests/s, p99 < 10 ms, no error.
#
# wrk comes from Debian's `wrk` package, installed here when missing (the
# tests never need it). wrk and the server share the machine's cores.
#
# Usage: bench/bench_http.sh [LICIT_BIN]
set -eu
licit=${1:-build/licit}
runs=${BENCH_HTTP_RUNS:-3}
secs=${BENCH_HTTP_SECONDS:-30}
threads=${BENCH_HTTP_SERVER_THREADS:-2}
testdata=${LICIT_TEST_DATA:-../shared/data}
shared=$testdata/lists
negatives=$testdata/eval/negatives-dev.csv
here=$(cd "$(dirname "$0")" && pwd)

if ! command -v wrk >/dev/null; then
	echo "bench_http: installing wrk" >&2
	SUDO=""
	[ "$(id -u)" -ne 0 ] && SUDO=sudo
	DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq \
		--no-install-recommends wrk >/dev/null
fi

tmp=$(mktemp -d)
pid=
cleanup() {
	[ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT
D=$tmp/data
set -- "$shared/us-ofac-sdn/2023-12-28" "$shared/us-ofac-cons/2025-12-19" \
	"$shared/us-ofac-cons/2025-01-10" "$shared/us-csl/2022-04-21" \
	"$shared/us-bis-dpl/2023" "$shared/un-sc/2026-02-27" \
	"$shared/uk-ofsi/2025-04-10"
"$licit" --data-dir "$D" lists import "$@" >/dev/null
# the snapshot the reload switches to: the same lists, the 2022 DPL
set -- "$shared/us-ofac-sdn/2023-12-28" "$shared/us-ofac-cons/2025-12-19" \
	"$shared/us-ofac-cons/2025-01-10" "$shared/us-csl/2022-04-21" \
	"$shared/us-bis-dpl/2022" "$shared/un-sc/2026-02-27" \
	"$shared/uk-ofsi/2025-04-10"

# names, URL-encoded, one a line; an admin key (shown once, stored hashed)
python3 - "$negatives" "$tmp/names" <<'EOF'
import csv, sys, urllib.parse
with open(sys.argv[1], encoding="utf-8") as f, open(sys.argv[2], "w") as out:
    for row in csv.DictReader(f):
        out.write(urllib.parse.quote(row["full_name"]) + "\n")
EOF
key=$("$licit" --data-dir "$D" keys create --role admin --label bench | tail -n 1)

cat >"$tmp/screen.lua" <<'EOF'
-- GET /v1/screen?name=... through the dev negatives; each wrk thread
-- starts at its own offset. done() prints one line the script parses.
local names = {}
for line in io.lines(os.getenv("BENCH_NAMES")) do names[#names + 1] = line end
local counter = 0
function setup(thread)
	thread:set("offset", counter * 7919)
	counter = counter + 1
end
local i = 0
function init(args)
	i = offset or 0
end
function request()
	i = i + 1
	if i > #names then i = 1 end
	return wrk.format("GET", "/v1/screen?name=" .. names[i])
end
function done(summary, latency, requests)
	local e = summary.errors
	io.write(string.format("RESULT %d %.0f %.0f %.0f %d %d %d %d %d\n",
		summary.requests, summary.duration, latency:percentile(50),
		latency:percentile(99), e.connect, e.read, e.write, e.status,
		e.timeout))
end
EOF

"$licit" --data-dir "$D" serve --listen 127.0.0.1:0 --threads "$threads" \
	2>"$tmp/serve.log" &
pid=$!
i=0
until grep -q "listening on" "$tmp/serve.log"; do
	i=$((i + 1))
	[ "$i" -lt 300 ] && kill -0 "$pid" 2>/dev/null || {
		cat "$tmp/serve.log"
		exit 1
	}
	sleep 0.1
done
port=$(sed -n 's/.*listening on http:\/\/127\.0\.0\.1:\([0-9]*\).*/\1/p' \
	"$tmp/serve.log")
url=http://127.0.0.1:$port

reload() { # POST /v1/lists/reload; prints the new snapshot id
	python3 - "$url" "$key" <<'EOF'
import json, sys, urllib.request
r = urllib.request.Request(sys.argv[1] + "/v1/lists/reload", data=b"{}", method="POST",
    headers={"Authorization": "Bearer " + sys.argv[2], "Content-Type": "application/json"})
print(json.load(urllib.request.urlopen(r))["snapshot"])
EOF
}

export BENCH_NAMES="$tmp/names"
# warm every server thread (ICU transliterators, the screener)
wrk -t 2 -c 8 -d 3 -H "Authorization: Bearer $key" -s "$tmp/screen.lua" \
	"$url" >/dev/null

echo "wrk: 2 threads, 64 connections, ${secs} s, GET /v1/screen over" \
	"$(wc -l <"$tmp/names") dev negatives; server: $threads threads;" \
	"one reload per run"
rps_all="" p50_all="" p99_all="" failed=0
r=1
while [ "$r" -le "$runs" ]; do
	# the next snapshot is written now (the server keeps serving the one
	# it has); halfway through the run the reload switches to it
	"$licit" --data-dir "$D" lists import "$@" >/dev/null
	want=$("$licit" --data-dir "$D" lists show --json |
		python3 -c 'import json,sys; print(json.load(sys.stdin)["snapshot"])')
	wrk -t 2 -c 64 -d "${secs}s" --latency -H "Authorization: Bearer $key" \
		-s "$tmp/screen.lua" "$url" >"$tmp/wrk.out" 2>&1 &
	wpid=$!
	sleep $((secs / 2))
	got=$(reload)
	wait "$wpid"
	set -- $(grep '^RESULT' "$tmp/wrk.out") "$@"
	n=$2 dur=$3 p50=$4 p99=$5 errs=$(($6 + $7 + $8 + $9 + ${10}))
	shift 10
	rps=$(awk -v n="$n" -v d="$dur" 'BEGIN { printf "%.0f", n / (d / 1e6) }')
	status="ok"
	[ "$errs" = 0 ] || status="FAILED: $errs requests failed"
	[ "$got" = "$want" ] || status="FAILED: the reload served $got, not $want"
	[ "$status" = ok ] || failed=1
	printf 'run %d: %s requests/s, p50 %.2f ms, p99 %.2f ms, %s requests, reload to %.12s: %s\n' \
		"$r" "$rps" "$(echo "$p50" | awk '{print $1/1000}')" \
		"$(echo "$p99" | awk '{print $1/1000}')" "$n" "$got" "$status"
	rps_all="$rps_all $rps" p50_all="$p50_all $p50" p99_all="$p99_all $p99"
	# alternate the two DPL versions so each run switches snapshots
	if [ $((r % 2)) = 1 ]; then dpl=2023; else dpl=2022; fi
	set -- "$shared/us-ofac-sdn/2023-12-28" "$shared/us-ofac-cons/2025-12-19" \
		"$shared/us-ofac-cons/2025-01-10" "$shared/us-csl/2022-04-21" \
		"$shared/us-bis-dpl/$dpl" "$shared/un-sc/2026-02-27" \
		"$shared/uk-ofsi/2025-04-10"
	r=$((r + 1))
done
median() { echo "$@" | tr ' ' '\n' | grep . | sort -n | sed -n "$(( ($# + 1) / 2 ))p"; }
m_rps=$(median $rps_all)
m_p50=$(median $p50_all)
m_p99=$(median $p99_all)
printf 'GET /v1/screen over HTTP: median %s requests/s, p50 %.2f ms, p99 %.2f ms over %d runs (targets: >= 10000 requests/s, p99 < 10 ms, no error)\n' \
	"$m_rps" "$(echo "$m_p50" | awk '{print $1/1000}')" \
	"$(echo "$m_p99" | awk '{print $1/1000}')" "$runs"
grep -q "cannot\|error" "$tmp/serve.log" && cat "$tmp/serve.log"
[ "$failed" = 0 ]
