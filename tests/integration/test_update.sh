#!/bin/sh
# test_update.sh - `licit lists update` against local mirrors only (no
# outside network): the real lists folder as a folder mirror (newest dated
# folder holding a whole set), the same tree over HTTP from python's
# http.server (dated folders found in its directory listings, If-Modified-
# Since on the second run), an import of the result, a mirror URL where
# nothing listens (exit 3, the URL named), and a small server of our own for
# ETag / If-None-Match, redirects, Apache-style listings and a set that must
# not be half replaced when one of its files fails.
set -eu
: "${LICIT_BIN:?}" "${LICIT_TEST_DATA:?}"
skip_or_fail() {
	if [ "${CI:-}" = true ]; then
		echo "FAIL: $1 (CI=true)"
		exit 1
	fi
	echo "SKIP: $1"
	exit 0
}
[ -d "$LICIT_TEST_DATA/lists" ] || skip_or_fail "$LICIT_TEST_DATA/lists missing"
command -v python3 >/dev/null || skip_or_fail "python3 missing"
L=$LICIT_TEST_DATA/lists
tmp=$(mktemp -d)
pids=
cleanup() {
	for p in $pids; do kill "$p" 2>/dev/null || true; done
	for p in $pids; do wait "$p" 2>/dev/null || true; done
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 1' HUP INT TERM
fails=0
check() { # check DESCRIPTION COMMAND...
	desc=$1
	shift
	if "$@"; then echo "ok: $desc"; else echo "FAIL: $desc"; fails=$((fails + 1)); fi
}
update() { # update LOG ARGS...: licit lists update, status in $rc
	log=$1
	shift
	set +e
	"$LICIT_BIN" lists update "$@" >"$log.out" 2>"$log"
	rc=$?
	set -e
}
count_lines() { # count_lines PATTERN FILE
	grep -c -- "$1" "$2" || true
}
# start_server NAME PYTHON-ARGS...: run it on a free port, set $port; it
# stops by itself after 5 minutes should this script die without its trap
start_server() {
	name=$1
	shift
	timeout 300 python3 -u "$@" >"$tmp/$name.log" 2>&1 &
	pids="$pids $!"
	i=0
	while [ $i -lt 100 ]; do
		port=$(sed -n 's/^Serving HTTP on [0-9.]* port \([0-9]*\).*/\1/p' "$tmp/$name.log" 2>/dev/null || true)
		[ -n "$port" ] && return 0
		sleep 0.1
		i=$((i + 1))
	done
	echo "FAIL: $name did not start:"
	cat "$tmp/$name.log"
	exit 1
}

# dest file : file in the lists folder it must equal
cat >"$tmp/expected" <<'EOF'
us-ofac-sdn/sdn.csv:us-ofac-sdn/2023-12-28/sdn.csv
us-ofac-sdn/add.csv:us-ofac-sdn/2023-12-28/add.csv
us-ofac-sdn/alt.csv:us-ofac-sdn/2023-12-28/alt.csv
us-ofac-sdn/sdn_comments.csv:us-ofac-sdn/2023-12-28/sdn_comments.csv
us-ofac-cons/cons_prim.csv:us-ofac-cons/2025-12-19/cons_prim.csv
us-ofac-cons/cons_add.csv:us-ofac-cons/2025-12-19/cons_add.csv
us-ofac-cons/cons_alt.csv:us-ofac-cons/2025-12-19/cons_alt.csv
us-ofac-cons/cons_comments.csv:us-ofac-cons/2025-12-19/cons_comments.csv
us-ofac-enhanced/CONS_ENHANCED.ZIP:us-ofac-cons/2025-01-10/CONS_ENHANCED.ZIP
us-csl/consolidated.csv:us-csl/2022-04-21/consolidated.csv
us-bis-dpl/dpl.txt:us-bis-dpl/2023/dpl.txt
un-sc/consolidated.xml:un-sc/2026-02-27/consolidated.xml
uk-ofsi/ConList.csv:uk-ofsi/2025-04-10/ConList.csv
EOF
nfiles=$(wc -l <"$tmp/expected")
subs=$(cut -d/ -f1 "$tmp/expected" | uniq)

# SHA256SUMS must be what sha256sum prints for the set's files, in order
sums_ok() { # sums_ok DEST SUB
	files=$(grep "^$2/" "$tmp/expected" | cut -d: -f1 | cut -d/ -f2)
	# shellcheck disable=SC2086 # word splitting wanted
	(cd "$1/$2" && sha256sum $files) | cmp -s - "$1/$2/SHA256SUMS"
}
same_as_lists() { # same_as_lists DEST: every file equals its source
	while IFS=: read -r got src; do
		cmp -s "$1/$got" "$L/$src" || { echo "  $1/$got differs from $L/$src"; return 1; }
	done <"$tmp/expected"
}
no_temp_files() {
	[ -z "$(find "$1" -name '*.tmp.*')" ]
}

# --- 1. the lists folder as a folder mirror
update "$tmp/a.log" --mirror "$L" --dest "$tmp/a"
check "folder mirror: exit 0" [ "$rc" = 0 ]
check "folder mirror: prints the destination" [ "$(cat "$tmp/a.log.out")" = "$tmp/a" ]
check "folder mirror: every file equals the newest complete publication" same_as_lists "$tmp/a"
check "folder mirror: the SDN set comes from 2023-12-28 (2024-05-03 has only sdn.csv)" \
	grep -q "^us-ofac-sdn/add.csv: copied 1226935 bytes sha256 c9706ac0aaca from $L/us-ofac-sdn/2023-12-28/add.csv\$" "$tmp/a.log"
for sub in $subs; do
	check "folder mirror: $sub/SHA256SUMS matches sha256sum" sums_ok "$tmp/a" "$sub"
done
check "folder mirror: one 'copied' line per file" [ "$(count_lines ': copied [0-9]* bytes sha256 [0-9a-f]\{12\} from ' "$tmp/a.log")" = "$nfiles" ]
check "folder mirror: the EU file is reported missing" grep -q '^eu-fsf/eu-fsf.xml: missing from mirror$' "$tmp/a.log"
check "folder mirror: no folder for a missing source" [ ! -e "$tmp/a/eu-fsf" ]
check "folder mirror: no temp files left" no_temp_files "$tmp/a"
update "$tmp/a2.log" --mirror "$L" --dest "$tmp/a"
check "folder mirror again: exit 0" [ "$rc" = 0 ]
check "folder mirror again: every file unchanged" [ "$(count_lines ': unchanged$' "$tmp/a2.log")" = "$nfiles" ]

# --- 2. the same tree over HTTP
start_server lists -m http.server 0 --bind 127.0.0.1 --directory "$L"
url=http://127.0.0.1:$port
update "$tmp/b.log" --mirror "$url/" --dest "$tmp/b"
check "http mirror: exit 0" [ "$rc" = 0 ]
check "http mirror: every file equals the newest complete publication" same_as_lists "$tmp/b"
check "http mirror: one 'downloaded' line per file" [ "$(count_lines ': downloaded [0-9]* bytes sha256 ' "$tmp/b.log")" = "$nfiles" ]
check "http mirror: dated folder found in the listing" \
	grep -q "^us-ofac-sdn/sdn.csv: downloaded 3477010 bytes sha256 d768d28ee9e3 from $url/us-ofac-sdn/2023-12-28/sdn.csv\$" "$tmp/b.log"
for sub in $subs; do
	check "http mirror: $sub/SHA256SUMS same as the folder mirror's" cmp -s "$tmp/a/$sub/SHA256SUMS" "$tmp/b/$sub/SHA256SUMS"
done
check "http mirror: Last-Modified kept" grep -q '^last-modified .*GMT$' "$tmp/b/us-csl/.consolidated.csv.meta"
check "http mirror: no temp files left" no_temp_files "$tmp/b"
n304=$(count_lines '" 304 ' "$tmp/lists.log")
update "$tmp/b2.log" --mirror "$url" --dest "$tmp/b"
check "http mirror again: exit 0" [ "$rc" = 0 ]
check "http mirror again: every file unchanged" [ "$(count_lines ': unchanged$' "$tmp/b2.log")" = "$nfiles" ]
check "http mirror again: the server answered 304 to each" [ "$(count_lines '" 304 ' "$tmp/lists.log")" = $((n304 + nfiles)) ]
check "http mirror again: files intact" same_as_lists "$tmp/b"

# --- 3. what update wrote imports
# The whole update folder imports in one go.
imp() { # imp DATA-DIR PATH...: lists import, status in $rc, stderr in $tmp/imp.err
	dd=$1
	shift
	set +e
	"$LICIT_BIN" --data-dir "$dd" lists import "$@" >/dev/null 2>"$tmp/imp.err"
	rc=$?
	set -e
}
ok_subs=$subs
set -- "$tmp/b"
imp "$tmp/d" "$@"
check "import of the update ($*): exit 0" [ "$rc" = 0 ]
[ "$rc" = 0 ] || cat "$tmp/imp.err"
"$LICIT_BIN" --data-dir "$tmp/d" lists show --json >"$tmp/show.json" || true
show() { # show PYTHON-EXPR over the sources s of lists show --json
	python3 -c 'import json,sys; src=json.load(open(sys.argv[1]))["sources"]; print('"$1"')' "$tmp/show.json" 2>/dev/null || true
}
want_ids=$(for sub in $ok_subs; do echo "$sub"; done | sed 's/^us-ofac-enhanced$/us-ofac-cons-xml/' | sort | tr '\n' ' ')
check "import of the update: lists show names its sources ($want_ids)" \
	[ "$(show '" ".join(sorted(s["id"] for s in src)) + " "')" = "$want_ids" ]
check "import of the update: every source read from the update folder" \
	[ "$(show 'all(s["path"].startswith(sys.argv[1].rsplit("/", 1)[0] + "/b/") for s in src)')" = True ]
for sub in $ok_subs; do
	[ "$sub" = us-bis-dpl ] || continue
	dpl_sha=$(show '[s["sha256"] for s in src if s["id"] == "us-bis-dpl"][0]')
	check "import of the update: DPL sha256 is the one in SHA256SUMS" grep -q "^$dpl_sha  dpl.txt\$" "$tmp/b/us-bis-dpl/SHA256SUMS"
done

# --- 4. a mirror URL where nothing listens
dead=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
update "$tmp/c.log" --mirror "http://127.0.0.1:$dead/lists" --dest "$tmp/c"
check "dead mirror: exit 3" [ "$rc" = 3 ]
check "dead mirror: the error names the URL" grep -q "^licit: .*http://127\.0\.0\.1:$dead/lists/" "$tmp/c.log"
check "dead mirror: nothing written" [ -z "$(find "$tmp/c" -type f 2>/dev/null)" ]

# --- 5. ETag, redirects, Apache-style listings, a set that fails half-way
cat >"$tmp/srv.py" <<'EOF'
# A mirror that sends ETags (no Last-Modified), honours If-None-Match,
# redirects /moved/... to /..., lists folders with absolute Apache-style
# links, and fails GET of 2024-01-01/add.csv while the file "fail" exists.
import hashlib, http.server, io, os, sys
root, flag = sys.argv[1], sys.argv[2]
class H(http.server.SimpleHTTPRequestHandler):
    def __init__(self, *a, **k):
        super().__init__(*a, directory=root, **k)
    def send_head(self):
        if self.path.startswith("/moved/"):
            self.send_response(301)
            self.send_header("Location", self.path[len("/moved"):])
            self.send_header("Content-Length", "0")
            self.end_headers()
            return None
        path = self.translate_path(self.path)
        if os.path.isdir(path):
            return self.listing(path)
        if not os.path.isfile(path):
            self.send_error(404)
            return None
        if (self.command == "GET" and os.path.exists(flag)
                and self.path.endswith("/2024-01-01/add.csv")):
            self.send_error(500)
            return None
        data = open(path, "rb").read()
        tag = '"%s"' % hashlib.sha256(data).hexdigest()[:20]
        if self.headers.get("If-None-Match") == tag:
            self.send_response(304)
            self.send_header("ETag", tag)
            self.end_headers()
            return None
        self.send_response(200)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("ETag", tag)
        self.end_headers()
        return io.BytesIO(data)
    def listing(self, path):
        base = self.path if self.path.endswith("/") else self.path + "/"
        rows = "".join("<tr><td><a href='%s%s/'>%s/</a></td></tr>\n" % (base, n, n)
                       for n in sorted(os.listdir(path)))
        body = ("<html><body><table><tr><th><a href=\"?C=N;O=D\">Name</a></th></tr>\n"
                + rows + "</table></body></html>\n").encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)
srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), H)
print("Serving HTTP on 127.0.0.1 port %d" % srv.server_address[1])
srv.serve_forever()
EOF
W=$tmp/www
mkdir -p "$W/us-ofac-sdn/2023-12-28" "$W/us-bis-dpl"
for f in sdn.csv add.csv alt.csv sdn_comments.csv; do
	echo "v1 $f" >"$W/us-ofac-sdn/2023-12-28/$f"
done
echo "dpl v1" >"$W/us-bis-dpl/dpl.txt"
start_server etag "$tmp/srv.py" "$W" "$tmp/fail"
url=http://127.0.0.1:$port/moved
update "$tmp/e.log" --mirror "$url" --dest "$tmp/e"
check "etag mirror: exit 0" [ "$rc" = 0 ]
check "etag mirror: 5 files downloaded through the redirect" [ "$(count_lines ': downloaded ' "$tmp/e.log")" = 5 ]
check "etag mirror: SDN set found in an Apache-style listing" cmp -s "$tmp/e/us-ofac-sdn/alt.csv" "$W/us-ofac-sdn/2023-12-28/alt.csv"
check "etag mirror: ETag kept" grep -q '^etag "[0-9a-f]*"$' "$tmp/e/us-ofac-sdn/.sdn.csv.meta"
update "$tmp/e2.log" --mirror "$url" --dest "$tmp/e"
check "etag mirror again: 5 files unchanged" [ "$(count_lines ': unchanged$' "$tmp/e2.log")" = 5 ]
check "etag mirror again: the server answered 304 to If-None-Match" [ "$(count_lines '" 304 ' "$tmp/etag.log")" = 5 ]

mkdir "$W/us-ofac-sdn/2024-01-01"
for f in sdn.csv add.csv alt.csv sdn_comments.csv; do
	echo "v2 $f" >"$W/us-ofac-sdn/2024-01-01/$f"
done
: >"$tmp/fail"
update "$tmp/e3.log" --mirror "$url" --dest "$tmp/e"
check "half-failed set: exit 0 (other lists fetched)" [ "$rc" = 0 ]
check "half-failed set: the failure names the URL and status" \
	grep -q "^us-ofac-sdn/add.csv: failed: cannot fetch '$url/us-ofac-sdn/2024-01-01/add.csv': HTTP 500\$" "$tmp/e3.log"
check "half-failed set: the rest not kept" [ "$(count_lines '^us-ofac-sdn/.*: not kept: ' "$tmp/e3.log")" = 3 ]
check "half-failed set: previous set intact" grep -qx "v1 sdn.csv" "$tmp/e/us-ofac-sdn/sdn.csv"
check "half-failed set: SHA256SUMS still right" sums_ok "$tmp/e" us-ofac-sdn
check "half-failed set: no temp files left" no_temp_files "$tmp/e"
rm "$tmp/fail"
update "$tmp/e4.log" --mirror "$url" --dest "$tmp/e"
check "new set: exit 0" [ "$rc" = 0 ]
check "new set: all four replaced" [ "$(cat "$tmp/e/us-ofac-sdn/"*.csv | grep -c '^v2 ')" = 4 ]
check "new set: SHA256SUMS updated" sums_ok "$tmp/e" us-ofac-sdn

# --- 6. the publishers, through a proxy where nothing listens (so nothing
# leaves this machine), and the EU file from $LICIT_EU_FSF_URL on our server
mkdir -p "$W/eu"
printf '<?xml version="1.0" encoding="UTF-8"?>\n<export generationDate="2024-01-01"/>\n' >"$W/eu/fsf.xml"
offline() {
	http_proxy=http://127.0.0.1:$dead https_proxy=http://127.0.0.1:$dead \
		HTTPS_PROXY=http://127.0.0.1:$dead ALL_PROXY='' all_proxy='' \
		no_proxy=127.0.0.1 NO_PROXY=127.0.0.1 "$@"
}
eu_url="http://127.0.0.1:$port/eu/fsf.xml?token=s3cr3t"
offline env LICIT_EU_FSF_URL="$eu_url" "$LICIT_BIN" lists update --dest "$tmp/f" >/dev/null 2>"$tmp/f.log" && rc=0 || rc=$?
check "publishers: exit 0 (the EU file came)" [ "$rc" = 0 ]
check "publishers: the EU file is in eu-fsf/" cmp -s "$W/eu/fsf.xml" "$tmp/f/eu-fsf/eu-fsf.xml"
eu_size=$(wc -c <"$W/eu/fsf.xml" | tr -d ' ')
eu_sha=$(sha256sum "$W/eu/fsf.xml" | cut -c1-12)
check "publishers: the EU line does not show the URL" \
	grep -q "^eu-fsf/eu-fsf.xml: downloaded $eu_size bytes sha256 $eu_sha from \\\$LICIT_EU_FSF_URL\$" "$tmp/f.log"
check "publishers: the token is never shown" [ "$(count_lines s3cr3t "$tmp/f.log")" = 0 ]
check "publishers: OFAC's URL named in its failure" grep -q "^us-ofac-sdn/sdn.csv: failed: cannot fetch 'https://www.treasury.gov/ofac/downloads/sdn.csv': " "$tmp/f.log"
check "publishers: the UN's URL named in its failure" grep -q "^un-sc/consolidated.xml: failed: cannot fetch 'https://scsanctions.un.org/resources/xml/en/consolidated.xml': " "$tmp/f.log"
check "publishers: one line per file" [ "$(wc -l <"$tmp/f.log")" = $((nfiles + 1)) ]
check "publishers: nothing else written" [ "$(find "$tmp/f" -type f ! -name '.*' | wc -l)" = 2 ]
offline env LICIT_EU_FSF_URL="$eu_url" "$LICIT_BIN" lists update --dest "$tmp/f" >/dev/null 2>"$tmp/f2.log" && rc=0 || rc=$?
check "publishers again: the EU file unchanged (ETag)" grep -q '^eu-fsf/eu-fsf.xml: unchanged$' "$tmp/f2.log"
offline env -u LICIT_EU_FSF_URL "$LICIT_BIN" lists update --dest "$tmp/g" >/dev/null 2>"$tmp/g.log" && rc=0 || rc=$?
check "publishers unreachable: exit 3" [ "$rc" = 3 ]
check "publishers unreachable: the EU file needs its URL" grep -q '^eu-fsf/eu-fsf.xml: skipped: set LICIT_EU_FSF_URL' "$tmp/g.log"
check "publishers unreachable: the error names a URL" grep -q "^licit: cannot fetch 'https://" "$tmp/g.log"

if [ "$fails" -ne 0 ]; then
	echo "$fails check(s) failed"
	exit 1
fi
echo "all update checks passed"
