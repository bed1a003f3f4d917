#!/bin/sh
# test_tls.sh - `licit serve --tls-cert --tls-key` serves HTTPS through
# libmicrohttpd (GnuTLS): a client that trusts the certificate screens
# over TLS (1.2 or 1.3: the server offers nothing older); plain HTTP on
# the TLS port is refused; a key
# that does not match the certificate stops the server at start (exit 3);
# --tls-cert without --tls-key is a usage error (exit 2).
set -eu
. "$(cd "$(dirname "$0")" && pwd)/serve-wait.inc"
: "${LICIT_BIN:?}" "${LICIT_TEST_DATA:?}"
CSL=$LICIT_TEST_DATA/lists/us-csl/2022-04-21
if [ ! -d "$CSL" ]; then
	echo "FAIL: $CSL is missing"
	exit 1
fi
tmp=$(mktemp -d)
pid=
cleanup() {
	[ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT
D=$tmp/data
"$LICIT_BIN" --data-dir "$D" lists import "$CSL" >/dev/null
key=$("$LICIT_BIN" --data-dir "$D" keys create --role screener --label tls | tail -n 1)
openssl req -x509 -newkey rsa:2048 -nodes -keyout "$tmp/key.pem" \
	-out "$tmp/cert.pem" -days 2 -subj /CN=127.0.0.1 \
	-addext subjectAltName=IP:127.0.0.1 2>/dev/null
openssl req -x509 -newkey rsa:2048 -nodes -keyout "$tmp/other.pem" \
	-out "$tmp/other-cert.pem" -days 2 -subj /CN=other 2>/dev/null

fails=0
ok() { echo "ok: $1"; }
fail() {
	echo "FAIL: $1"
	fails=$((fails + 1))
}

"$LICIT_BIN" --data-dir "$D" serve --listen 127.0.0.1:0 \
	--tls-cert "$tmp/cert.pem" --tls-key "$tmp/key.pem" 2>"$tmp/log" &
pid=$!
wait_listening "$tmp/log" "$pid" "the server"
grep -q "listening on https://" "$tmp/log" && ok "listening on https://" ||
	fail "no https:// in: $(cat "$tmp/log")"

python3 - "$port" "$tmp/cert.pem" "$key" >"$tmp/py.out" 2>&1 <<'EOF' || true
import http.client, json, socket, ssl, sys
port, cafile, key = int(sys.argv[1]), sys.argv[2], sys.argv[3]
ctx = ssl.create_default_context(cafile=cafile)
c = http.client.HTTPSConnection("127.0.0.1", port, context=ctx, timeout=20)
c.request("GET", "/v1/screen?name=NSO+Group+Technologies",
          headers={"Authorization": "Bearer " + key})
r = c.getresponse()
j = json.loads(r.read())
print("screen", r.status, j["hits"][0]["source"] if j.get("hits") else None,
      c.sock.version())
c = http.client.HTTPConnection("127.0.0.1", port, timeout=20)
try:
    c.request("GET", "/v1/health")
    print("plain", c.getresponse().status)
except (OSError, http.client.HTTPException):
    print("plain refused")
EOF
grep -q "^screen 200 us-csl TLSv1\.[23]$" "$tmp/py.out" &&
	ok "a screening over TLS 1.2+ finds the Entity List hit" ||
	fail "screening over TLS: $(cat "$tmp/py.out")"
grep -q "^plain refused$" "$tmp/py.out" && ok "plain HTTP on the TLS port gets no answer" ||
	fail "plain HTTP: $(cat "$tmp/py.out")"
kill "$pid"
wait "$pid" 2>/dev/null || true
pid=

set +e
"$LICIT_BIN" --data-dir "$D" serve --listen 127.0.0.1:0 \
	--tls-cert "$tmp/cert.pem" --tls-key "$tmp/other.pem" 2>"$tmp/bad.err"
rc=$?
"$LICIT_BIN" --data-dir "$D" serve --tls-cert "$tmp/cert.pem" 2>"$tmp/half.err"
rc2=$?
"$LICIT_BIN" --data-dir "$D" serve --tls-cert "$tmp/nope.pem" \
	--tls-key "$tmp/key.pem" 2>"$tmp/missing.err"
rc3=$?
set -e
[ "$rc" = 3 ] && grep -q "do not match" "$tmp/bad.err" &&
	ok "a key that does not match: exit 3 saying so" ||
	fail "mismatched key: exit $rc: $(cat "$tmp/bad.err")"
[ "$rc2" = 2 ] && grep -q "go together" "$tmp/half.err" &&
	ok "--tls-cert without --tls-key: exit 2" || fail "half TLS: exit $rc2"
[ "$rc3" = 3 ] && grep -q "nope.pem" "$tmp/missing.err" &&
	ok "a missing certificate file: exit 3 naming it" ||
	fail "missing cert: exit $rc3: $(cat "$tmp/missing.err")"
echo "$fails failed"
[ "$fails" = 0 ]
