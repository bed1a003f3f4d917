#!/bin/sh
# test_record.sh - the record through the real licit binary, on SQLite
# (the default file in the data dir) and on PostgreSQL ($LICIT_TEST_PG,
# a schema of its own): screenings leave audit entries and open alerts,
# a false positive suppresses the next hit, verify passes, export gives
# every entry in each format, and one row changed directly in the
# database (sqlite3, psql) makes verify fail with exit 4 naming that row.
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
tmp=$(mktemp -d)
schema="licit_it_record_$$"
cleanup() {
	if [ -n "${LICIT_TEST_PG:-}" ]; then
		PGOPTIONS=--client-min-messages=warning psql -X -q "$LICIT_TEST_PG" -c "DROP SCHEMA IF EXISTS $schema CASCADE" >/dev/null 2>&1 || true
	fi
	rm -rf "$tmp"
}
trap cleanup EXIT
fails=0
check() { # check DESCRIPTION COMMAND...
	desc=$1
	shift
	if "$@"; then echo "ok: $desc"; else echo "FAIL: $desc"; fails=$((fails + 1)); fi
}
py() { # py EXPR FILE: EXPR over j (the JSON document in FILE) must hold
	python3 -c "import json,sys; j=json.load(open(sys.argv[1])); assert $1, j" "$2"
}

D="$tmp/data"
"$LICIT_BIN" --data-dir "$D" lists import "$L/us-csl/2022-04-21" "$L/us-bis-dpl/2023" >/dev/null

backends="sqlite"
if [ -n "${LICIT_TEST_PG:-}" ]; then
	PGOPTIONS=--client-min-messages=warning psql -X -q -v ON_ERROR_STOP=1 "$LICIT_TEST_PG" -c "CREATE SCHEMA $schema" >/dev/null
	case $LICIT_TEST_PG in *\?*) sep='&' ;; *) sep='?' ;; esac
	PG_URL="$LICIT_TEST_PG${sep}options=-csearch_path%3D$schema"
	backends="sqlite postgres"
elif [ "${CI:-}" = true ]; then
	echo "FAIL: LICIT_TEST_PG is not set (CI=true: the record is tested on PostgreSQL too)"
	exit 1
else
	echo "note: LICIT_TEST_PG not set: PostgreSQL case skipped"
fi

for b in $backends; do
	if [ "$b" = sqlite ]; then
		licit() { "$LICIT_BIN" --data-dir "$D" --actor alice "$@"; }
		sql() { sqlite3 "$D/licit.db" "$1"; }
	else
		licit() { "$LICIT_BIN" --data-dir "$D" --store "$PG_URL" --actor alice "$@"; }
		sql() { PGOPTIONS=--client-min-messages=warning psql -X -q -v ON_ERROR_STOP=1 "$PG_URL" -c "$1" >/dev/null; }
	fi
	licit screen "NSO Group Technologies" >"$tmp/s1.txt"
	check "$b: a hit opens alert 1" grep -q "\[alert 1 opened\]" "$tmp/s1.txt"
	licit screen --json "NSO Group Technologies" >"$tmp/s2.json"
	check "$b: the JSON names the audit entry and the decision" py "j['audit']['seq']==2 and j['audit']['decision']=='review' and j['audit']['alerts'][0]['status']=='open'" "$tmp/s2.json"
	set +e
	licit screen "Zzyzx Qwertyuiop Nobody" >/dev/null
	rc=$?
	set -e
	check "$b: a screening without hits is recorded too (exit 1)" [ "$rc" = 1 ]
	licit alerts list --json >"$tmp/alerts.json"
	check "$b: one alert, open, for the Entity List entry" py "len(j)==1 and j[0]['status']=='open' and j[0]['entity_id'].startswith('us-csl:')" "$tmp/alerts.json"
	set +e
	licit alerts decide 1 false-positive >/dev/null 2>&1
	rc=$?
	set -e
	check "$b: a decision without a reason is refused (exit 2)" [ "$rc" = 2 ]
	licit alerts decide 1 false-positive --reason "our customer is NSO Gardening Ltd" >/dev/null
	licit alerts show --json 1 >"$tmp/a1.json"
	check "$b: the decision is kept with its actor and reason" py "j['status']=='false-positive' and j['decisions'][0]['actor']=='alice' and 'Gardening' in j['decisions'][0]['reason']" "$tmp/a1.json"
	licit screen "NSO Group Technologies" >"$tmp/s3.txt"
	check "$b: the next hit is suppressed" grep -q "\[alert 1 suppressed\]" "$tmp/s3.txt"
	set +e
	licit alerts list --status open >/dev/null
	rc=$?
	set -e
	check "$b: no open alert left (exit 1)" [ "$rc" = 1 ]
	licit audit verify >"$tmp/v.txt"
	check "$b: verify: 5 entries intact" grep -q "intact: 5 entries" "$tmp/v.txt"
	licit audit export --format jsonl >"$tmp/e.jsonl"
	check "$b: jsonl export has 5 entries in chain order" python3 -c "
import json,sys
rows=[json.loads(l) for l in open(sys.argv[1])]
assert [r['seq'] for r in rows]==[1,2,3,4,5], rows
assert rows[3]['entry']['kind']=='alert-decision' and rows[3]['entry']['actor']=='alice'
assert rows[4]['prev_hash']==rows[3]['hash']" "$tmp/e.jsonl"
	check "$b: the export's hashes recompute outside licit" python3 -c "
import hashlib,json,sys
prev='0'*64
for l in open(sys.argv[1]):
    r=json.loads(l)
    text=json.dumps(r['entry'],sort_keys=True,separators=(',',':'),ensure_ascii=False)
    assert r['prev_hash']==prev
    assert hashlib.sha256((prev+text).encode()).hexdigest()==r['hash'], text
    prev=r['hash']" "$tmp/e.jsonl"
	licit audit export --from 2000-01-01 --to 2999-12-31 >"$tmp/e.csv"
	check "$b: csv export: header and 5 rows" [ "$(python3 -c 'import csv,sys; print(len(list(csv.reader(open(sys.argv[1])))))' "$tmp/e.csv")" = 6 ]
	licit audit export --from 2999-01-01 --format jsonl >"$tmp/none.jsonl"
	check "$b: --from in the future exports nothing" [ ! -s "$tmp/none.jsonl" ]
	licit audit export --output "$tmp/audit.xlsx" 2>/dev/null
	check "$b: xlsx export is a workbook" python3 -c "import zipfile,sys; assert 'xl/worksheets/sheet1.xml' in zipfile.ZipFile(sys.argv[1]).namelist()" "$tmp/audit.xlsx"

	# tamper: one row changed directly in the database
	sql "UPDATE audit SET entry = REPLACE(entry, 'NSO Group Technologies', 'NSO Group Technologie') WHERE seq = 2"
	set +e
	licit audit verify >"$tmp/v.out" 2>"$tmp/v.err"
	rc=$?
	set -e
	check "$b: a changed row fails verify with exit 4" [ "$rc" = 4 ]
	check "$b: verify names that row" grep -q "audit entry 2 fails verification" "$tmp/v.err"
	licit audit verify --json >"$tmp/v.json" 2>/dev/null || true
	check "$b: verify --json names it too" py "j['ok'] is False and j['first_bad']==2 and j['entries']==1" "$tmp/v.json"
	rm -f "$D/licit.db" "$D/licit.db-wal" "$D/licit.db-shm"
done

# books: rejected rows named with their line, the others stored
D2="$tmp/books"
printf 'id,name,schema,country,birth_date,identifier\nC1,Acme GmbH,organization,Germany,,\nC2,,person,FR,,\nC3,Jane Doe,person,Atlantis,,\n' >"$tmp/parties.csv"
set +e
"$LICIT_BIN" --data-dir "$D2" parties import "$tmp/parties.csv" >"$tmp/pi.out" 2>"$tmp/pi.err"
rc=$?
set -e
check "parties import with rejected rows exits 2" [ "$rc" = 2 ]
check "each rejected row is named with file and line" sh -c "grep -q 'parties.csv:3: name is missing' '$tmp/pi.err' && grep -q \"parties.csv:4: country: unknown country 'Atlantis'\" '$tmp/pi.err'"
check "the summary counts them" grep -q "1 of 3 rows imported, 2 rejected" "$tmp/pi.out"
"$LICIT_BIN" --data-dir "$D2" parties list --json >"$tmp/pl.json"
check "the good row is stored, country as ISO code" py "j==[{'id':'C1','name':'Acme GmbH','schema':'organization','country':'DE','birth_date':None,'identifier':None}]" "$tmp/pl.json"
printf '{"id":"L1","exporter":"Acme","item":"4A005","destination":"Mexico","regime":"il-deca-cyber","issued":"2021-06-01","expires":"2024-06-01"}\n' >"$tmp/lic.jsonl"
"$LICIT_BIN" --data-dir "$D2" licences import --json "$tmp/lic.jsonl" >"$tmp/li.json"
check "licences import (JSON lines) stores the row" py "j['imported']==1 and j['rejected']==0" "$tmp/li.json"
"$LICIT_BIN" --data-dir "$D2" licences list --json >"$tmp/ll.json"
check "the licence reads back, destination MX, status active" py "j[0]['destination']=='MX' and j[0]['status']=='active'" "$tmp/ll.json"
check "book imports are audit entries" sh -c "\"$LICIT_BIN\" --data-dir '$D2' audit verify | grep -q 'intact: 2 entries'"

for c in "audit --help" "audit verify --help" "audit export --help" \
	"alerts --help" "alerts list --help" "alerts decide --help" \
	"parties --help" "parties import --help" "licences --help" \
	"licences import --help"; do
	check "licit $c" sh -c "\"$LICIT_BIN\" $c | grep -q usage"
done

echo "$fails failed"
[ "$fails" = 0 ]
