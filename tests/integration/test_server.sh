#!/bin/sh
# test_server.sh - `licit serve` on 127.0.0.1 over a snapshot of the real
# lists: every endpoint's answers against the CLI's, API keys and roles,
# every 4xx case (malformed JSON, wrong types, unknown fields, invalid
# UTF-8, oversized bodies and headers, ...), a reload under load, memory
# flat over a flood of bad requests, and a clean stop. The checks
# themselves are in server_api.py.
set -eu
: "${LICIT_BIN:?}" "${LICIT_TEST_DATA:?}"
if [ ! -d "$LICIT_TEST_DATA/lists" ]; then
	if [ "${CI:-}" = true ]; then
		echo "FAIL: $LICIT_TEST_DATA/lists missing (CI=true)"
		exit 1
	fi
	echo "SKIP: no real data"
	exit 0
fi
L=$LICIT_TEST_DATA/lists
here=$(cd "$(dirname "$0")" && pwd)
. "$here/serve-wait.inc"
tmp=$(mktemp -d)
pid=
cleanup() {
	[ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT
D="$tmp/data"
licit() { "$LICIT_BIN" --data-dir "$D" "$@"; }

licit lists import "$L/us-ofac-sdn/2023-12-28" "$L/us-ofac-cons/2025-12-19" \
	"$L/us-csl/2022-04-21" "$L/us-bis-dpl/2023" "$L/un-sc/2026-02-27" \
	"$L/uk-ofsi/2025-04-10" "$L/eu-fsf/2018-12-21" >/dev/null

# one key per role, made as the README says: the key alone on the last
# line of stdout, only its hash in the key file
for role in screener reviewer admin; do
	printf '%s %s\n' "$role" \
		"$(licit keys create --role "$role" --label "test-$role" | tail -n 1)"
done >"$tmp/keys"
if grep -q "$(sed -n 's/^admin //p' "$tmp/keys")" "$D/api-keys"; then
	echo "FAIL: the key file holds a key in clear"
	exit 1
fi

start() { # start LOG [OPTIONS...]: serve in the background, set $port
	log=$1
	shift
	# under ASan, a small quarantine: the memory check measures the
	# server, not freed blocks ASan holds back (no effect otherwise)
	ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}quarantine_size_mb=4" \
		"$LICIT_BIN" --data-dir "$D" serve --listen 127.0.0.1:0 "$@" \
		2>"$log" &
	pid=$!
	wait_listening "$log" "$pid" "the server"
}

fails=0
# without keys the server refuses to start, and says what to do
mv "$D/api-keys" "$D/api-keys.off"
set +e
"$LICIT_BIN" --data-dir "$D" serve --listen 127.0.0.1:0 2>"$tmp/nokeys.err"
rc=$?
set -e
mv "$D/api-keys.off" "$D/api-keys"
if [ "$rc" = 2 ] && grep -q "no API keys" "$tmp/nokeys.err"; then
	echo "ok: no key file: exit 2 with what to do"
else
	echo "FAIL: no key file: exit $rc"
	cat "$tmp/nokeys.err"
	fails=$((fails + 1))
fi

start "$tmp/serve.log" --threads 2 --max-batch 50
python3 "$here/server_api.py" "$port" "$D" "$tmp" "$LICIT_BIN" "$L" "$pid" ||
	fails=$((fails + 1))

kill -TERM "$pid"
set +e
wait "$pid"
rc=$?
set -e
pid=
if [ "$rc" = 0 ]; then echo "ok: SIGTERM stops the server cleanly"; else
	echo "FAIL: exit $rc after SIGTERM"
	fails=$((fails + 1))
fi
if [ "$fails" != 0 ]; then
	echo "server log:"
	cat "$tmp/serve.log"
fi
echo "$fails failed"
[ "$fails" = 0 ]
