#!/bin/sh
# test_browser.sh - the analyst web UI end to end: `licit serve` over the
# real US Consolidated Screening List (it lists "NSO Group"), driven in
# Debian's chromium by playwright-core (tests/browser/ui.test.mjs: sign
# in, screen, check, decide an alert, the queue, the audit log, the
# lists). Screenshots of each screen go to $LICIT_ARTIFACTS, default
# <build>/test-artifacts/browser. Builds nothing; runs `npm ci` in
# tests/browser when its node_modules is missing (from the lock file).
#
# Without chromium, node or npm this test is skipped (exit 77), except
# under CI=true, where it fails.
set -eu
: "${LICIT_BIN:?}" "${LICIT_TEST_DATA:?}"
here=$(cd "$(dirname "$0")" && pwd)
. "$here/serve-wait.inc"
browser="$here/../browser"
CHROMIUM=${LICIT_CHROMIUM:-/usr/bin/chromium}

need() { # need WHAT: fail under CI, else skip
	if [ "${CI:-}" = true ]; then
		echo "FAIL: $1 (CI=true: nothing may skip; scripts/install-deps installs it)"
		exit 1
	fi
	echo "SKIP: $1"
	exit 77
}
CSL=$LICIT_TEST_DATA/lists/us-csl/2022-04-21
SDN=$LICIT_TEST_DATA/lists/us-ofac-sdn/2023-12-28
[ -d "$CSL" ] || need "no real data ($CSL)"
[ -x "$CHROMIUM" ] || need "no chromium at $CHROMIUM"
command -v node >/dev/null 2>&1 || need "no node"
command -v npm >/dev/null 2>&1 || need "no npm"

tmp=$(mktemp -d)
pid=
cleanup() {
	[ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT
D="$tmp/data"
"$LICIT_BIN" --data-dir "$D" lists import "$SDN" "$CSL" >/dev/null

# a reviewer key (decides alerts, reads the audit log) and a screener key,
# stored hashed as the README says
rkey=$(od -An -N24 -tx1 /dev/urandom | tr -d ' \n')
skey=$(od -An -N24 -tx1 /dev/urandom | tr -d ' \n')
{
	echo "# licit API keys: sha256:<digest> <role> [label]"
	printf 'sha256:%s reviewer browser-reviewer\n' "$(printf %s "$rkey" | sha256sum | cut -d' ' -f1)"
	printf 'sha256:%s screener browser-screener\n' "$(printf %s "$skey" | sha256sum | cut -d' ' -f1)"
} >"$D/api-keys"

if [ ! -d "$browser/node_modules/playwright-core" ]; then
	echo "npm ci in tests/browser"
	(cd "$browser" && npm ci --no-audit --no-fund --loglevel=error) ||
		need "npm ci failed in tests/browser"
fi

# the web folder is the build's default (the source tree's web/)
"$LICIT_BIN" --data-dir "$D" serve --listen 127.0.0.1:0 --threads 2 \
	2>"$tmp/serve.log" &
pid=$!
wait_listening "$tmp/serve.log" "$pid" "the server"
if grep -q "no web UI" "$tmp/serve.log"; then
	echo "FAIL: the server found no web UI"
	cat "$tmp/serve.log"
	exit 1
fi

artifacts=${LICIT_ARTIFACTS:-${LICIT_BUILD_DIR:-$PWD}/test-artifacts/browser}
mkdir -p "$artifacts"
artifacts=$(cd "$artifacts" && pwd)
rc=0
# near the end the test changes audit entry 1 (the first screening) in
# the store behind the server's back, and expects the UI to say so
tamper="sqlite3 '$D/licit.db' \"UPDATE audit SET entry = REPLACE(entry, 'NSO Group Technologies', 'NSO Group Technologie') WHERE seq = 1\""
command -v sqlite3 >/dev/null 2>&1 || tamper=
LICIT_URL="http://127.0.0.1:$port" LICIT_KEY="$rkey" LICIT_SCREENER_KEY="$skey" \
	LICIT_TAMPER="$tamper" \
	LICIT_ARTIFACTS="$artifacts" LICIT_CHROMIUM="$CHROMIUM" \
	node "$browser/ui.test.mjs" || rc=$?
# a clean stop (under ASan: nothing leaked, no error on the way)
kill -TERM "$pid"
src=0
wait "$pid" || src=$?
pid=
if [ "$src" = 0 ] && ! grep -q "Sanitizer\|runtime error" "$tmp/serve.log"; then
	echo "ok: the server stops cleanly after the walk"
else
	echo "FAIL: the server exited $src after SIGTERM"
	rc=1
fi
if [ "$rc" != 0 ]; then
	echo "server log:"
	cat "$tmp/serve.log"
fi

# --web-dir: another folder is served; a symbolic link in it is not
# followed; a folder without index.html is said at start
W="$tmp/web"
mkdir -p "$W/sub"
printf '<!doctype html><title>other</title>\n' >"$W/index.html"
printf 'export const x = 1;\n' >"$W/a.js"
printf 'x\n' >"$W/sub/b.js"
ln -s /etc/hostname "$W/link.js"
"$LICIT_BIN" --data-dir "$D" serve --listen 127.0.0.1:0 --threads 1 \
	--web-dir "$W" 2>"$tmp/serve2.log" &
pid=$!
wait_listening "$tmp/serve2.log" "$pid" "the server with --web-dir"
python3 - "$port" <<'PY' || rc=1
import sys, urllib.request, urllib.error
base = "http://127.0.0.1:%s" % sys.argv[1]
def get(p):
    try:
        r = urllib.request.urlopen(base + p)
        return r.status, r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.read()
fails = 0
for path, want, body in (("/", 200, b"<title>other</title>"), ("/ui/a.js", 200, b"export"),
                         ("/ui/link.js", 404, None), ("/ui/sub", 404, None),
                         ("/ui/app.js", 404, None)):
    s, b = get(path)
    good = s == want and (body is None or body in b)
    print("%s: --web-dir: GET %s is %d" % ("ok" if good else "FAIL", path, s))
    fails += not good
sys.exit(1 if fails else 0)
PY
kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null || true
pid=
"$LICIT_BIN" --data-dir "$D" serve --listen 127.0.0.1:0 --threads 1 \
	--web-dir "$tmp/nowhere" 2>"$tmp/serve3.log" &
pid=$!
i=0
while ! grep -q "listening on" "$tmp/serve3.log" && [ "$i" -lt 600 ]; do
	i=$((i + 1))
	sleep 0.1
done
if grep -q "no web UI: '$tmp/nowhere' has no index.html" "$tmp/serve3.log"; then
	echo "ok: a --web-dir without index.html is said at start"
else
	echo "FAIL: no warning for a --web-dir without index.html"
	cat "$tmp/serve3.log"
	rc=1
fi
exit "$rc"
