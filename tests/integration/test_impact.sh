#!/bin/sh
# test_impact.sh - change impact through the real licit binary, on SQLite
# and on PostgreSQL ($LICIT_TEST_PG, a schema of its own per backend):
#
#  1. November 2021: a licence register under il-deca-cyber (4D004 to MX,
#     MA, SA, AE, FR, DE for a government) and us-ear-cyber (4A005 to IL
#     for NSO Group Technologies Ltd), over the CSL of 2022-04-21, between
#     the dates 2021-10-01 and 2022-02-01: exactly the MX, MA, SA, AE and
#     NSO deals become more restrictive, each with its rule and, for NSO,
#     its list entry; the other way round nothing does. `licit check`
#     leaves an audit entry with the policy version.
#  2. The 50,000 dev negatives as a customer book, with five parties named
#     as entities the SDN added between 2022-02-17 and 2022-03-15 and one
#     named as an entity it changed (its alert decided false-positive on
#     the old list), re-screened between snapshots of those two versions:
#     every party reported matches an entity of the newer snapshot that it
#     did not match in the older (checked by screening the reported parties
#     against the older list), the five are among them, the decided alert
#     is reported re-opened, the report is the same on a second run, and
#     each run is one audit entry. Under ASan/UBSan (LICIT_SANITIZED=1) the
#     book holds the first 10,000 negatives instead of 50,000.
set -eu
: "${LICIT_BIN:?}" "${LICIT_TEST_DATA:?}"
CSL=$LICIT_TEST_DATA/lists/us-csl/2022-04-21
H=$LICIT_TEST_DATA/history/us-ofac-sdn
NEG=$LICIT_TEST_DATA/eval/negatives-dev.csv
for f in "$CSL" "$H/sdn-2022-02-17.csv" "$H/sdn-2022-03-15.csv" "$NEG"; do
	if [ ! -e "$f" ]; then
		if [ "${CI:-}" = true ]; then
			echo "FAIL: $f missing (CI=true)"
			exit 1
		fi
		echo "SKIP: no real data ($f)"
		exit 0
	fi
done
tmp=$(mktemp -d)
schema="licit_it_impact_$$"
cleanup() {
	if [ -n "${LICIT_TEST_PG:-}" ]; then
		for s in a b; do
			PGOPTIONS=--client-min-messages=warning psql -X -q "$LICIT_TEST_PG" -c "DROP SCHEMA IF EXISTS ${schema}_$s CASCADE" >/dev/null 2>&1 || true
		done
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
py() { # py CODE FILE: CODE over j (the JSON document in FILE) must not raise
	python3 -c "import json,sys; j=json.load(open(sys.argv[1])); $1" "$2"
}

backends="sqlite"
if [ -n "${LICIT_TEST_PG:-}" ]; then
	case $LICIT_TEST_PG in *\?*) sep='&' ;; *) sep='?' ;; esac
	for s in a b; do
		PGOPTIONS=--client-min-messages=warning psql -X -q -v ON_ERROR_STOP=1 "$LICIT_TEST_PG" -c "CREATE SCHEMA ${schema}_$s" >/dev/null
	done
	backends="sqlite postgres"
elif [ "${CI:-}" = true ]; then
	echo "FAIL: LICIT_TEST_PG is not set (CI=true: impact is tested on PostgreSQL too)"
	exit 1
else
	echo "note: LICIT_TEST_PG not set: PostgreSQL case skipped"
fi

# store_opt BACKEND PART: the --store option for a backend ("" for SQLite)
store_opt() {
	if [ "$1" = postgres ]; then
		echo "--store ${LICIT_TEST_PG}${sep}options=-csearch_path%3D${schema}_$2"
	fi
}

# --- 1. November 2021 ------------------------------------------------------
cat >"$tmp/licences.csv" <<'EOF'
id,exporter,item,destination,end_user,end_user_type,regime,issued,expires,status
DECA-MX,Acme Cyber Ltd,4D004,MX,,government,il-deca-cyber,2021-06-01,2024-06-01,active
DECA-MA,Acme Cyber Ltd,4D004,Morocco,,government,il-deca-cyber,2021-06-01,2024-06-01,active
DECA-SA,Acme Cyber Ltd,4D004,SA,,government,il-deca-cyber,2021-06-01,2024-06-01,active
DECA-AE,Acme Cyber Ltd,4D004,AE,,government,il-deca-cyber,2021-06-01,2024-06-01,active
DECA-FR,Acme Cyber Ltd,4D004,FR,,government,il-deca-cyber,2021-06-01,2024-06-01,active
DECA-DE,Acme Cyber Ltd,4D004,DE,,government,il-deca-cyber,2021-06-01,2024-06-01,active
EAR-NSO,Acme Cyber Inc,4A005,IL,NSO Group Technologies Ltd,,us-ear-cyber,2021-06-01,2024-06-01,active
EOF

for b in $backends; do
	D="$tmp/nov-$b"
	# shellcheck disable=SC2046
	licit() { "$LICIT_BIN" --data-dir "$D" $(store_opt "$b" a) "$@"; }
	licit lists import "$CSL" >/dev/null
	licit licences import "$tmp/licences.csv" >/dev/null
	set +e
	licit impact --as-of 2021-10-01 --as-of 2022-02-01 --json >"$tmp/nov.json" 2>"$tmp/nov.err"
	rc=$?
	set -e
	check "$b: November 2021: exit 0 (changes found)" [ "$rc" = 0 ]
	check "$b: November 2021: exactly MX, MA, SA, AE and NSO are flagged" py "
ids=sorted(l['licence_id'] for l in j['licences'])
assert ids==['DECA-AE','DECA-MA','DECA-MX','DECA-SA','EAR-NSO'], ids
assert j['summary']['licences_checked']==7 and j['errors']==[], j['summary']" "$tmp/nov.json"
	check "$b: November 2021: each DECA deal lost the marketing exemption, with the rule and the country" py "
for l in j['licences']:
    if l['regime']!='il-deca-cyber': continue
    cc=l['licence_id'][-2:]
    assert l['before']=='licence-exception' and l['after']=='licence-required', l
    assert l['rules']==['DECA-LICENCE'] and l['list_entries']==[], l
    assert 'marketing-exemption' in l['reason'] and cc+' is not in marketing-exempt' in l['reason'], l['reason']" "$tmp/nov.json"
	check "$b: November 2021: the NSO deal needs a licence because of the Entity List entry of 2021-11-04" py "
l=[x for x in j['licences'] if x['licence_id']=='EAR-NSO'][0]
assert l['regime']=='us-ear-cyber' and l['after']=='licence-required' and l['before'] in ('no-licence-required','licence-exception','review'), l
assert 'EAR-ENTITY-LIST' in l['rules'], l
assert len(l['list_entries'])==1 and l['list_entries'][0].startswith('us-csl:'), l
assert \"'NSO Group' listed 2021-11-04\" in l['reason'] and 'Entity List' in l['reason'], l['reason']" "$tmp/nov.json"
	check "$b: November 2021: both sides named (one snapshot, two dates, the policy version)" py "
f,t=j['from'],j['to']
assert f['snapshot']==t['snapshot'] and len(t['snapshot'])==64
assert (f['as_of'],t['as_of'])==('2021-10-01','2022-02-01')
assert len(t['policy_version'])==64 and j['parties']==[] and j['alerts_reopened']==[]" "$tmp/nov.json"
	set +e
	licit impact --as-of 2022-02-01 --as-of 2021-10-01 --json >"$tmp/back.json"
	rc=$?
	set -e
	check "$b: the other way round nothing becomes more restrictive (exit 1)" sh -c "[ $rc = 1 ] && python3 -c \"import json,sys; j=json.load(open(sys.argv[1])); assert j['licences']==[] and j['summary']['licences_checked']==7\" '$tmp/back.json'"
	licit impact --as-of 2021-10-01 --as-of 2022-02-01 >"$tmp/nov.txt"
	check "$b: the table names each flagged deal and its reason" sh -c "grep -q 'licences more restrictive: 5' '$tmp/nov.txt' && grep -q 'EAR-NSO .*us-ear-cyber: .* -> licence-required' '$tmp/nov.txt' && ! grep -q 'DECA-FR' '$tmp/nov.txt'"
	set +e
	licit check --json --item 4D004 --destination MX --end-user-type government --regime il-deca-cyber --as-of 2022-02-01 >/dev/null
	set -e
	licit audit export --format jsonl >"$tmp/nov-audit.jsonl"
	check "$b: impact and check are audit entries: one per impact run, the check with its policy version" python3 -c "
import json,sys
rows=[json.loads(l)['entry'] for l in open(sys.argv[1])]
kinds=[r['kind'] for r in rows]
assert kinds==['licences-import','impact','impact','impact','check'], kinds
imp=json.load(open(sys.argv[2]))
c=rows[-1]
assert c['policy_version']==imp['to']['policy_version'] and c['decision']=='licence-required', c
assert c['input']['destination']=='MX' and c['regimes'][0]['effect']=='licence-required', c
assert rows[1]['policy_version']==imp['to']['policy_version'] and len(rows[1]['licences'])==5, rows[1]
assert imp['audit']['seq']==2" "$tmp/nov-audit.jsonl" "$tmp/nov.json"
	check "$b: the chain verifies" sh -c "\"$LICIT_BIN\" --data-dir '$D' $(store_opt "$b" a) audit verify >/dev/null"
done

# --- 2. the dev negatives between two SDN versions -------------------------
n_neg=50000
[ "${LICIT_SANITIZED:-0}" = 1 ] && n_neg=10000
OLD="$tmp/sdn-old" # the older list alone, to check the report against
"$LICIT_BIN" --data-dir "$OLD" lists import "$H/sdn-2022-02-17.csv" >"$tmp/old.out"
"$LICIT_BIN" lists diff --json "$H/sdn-2022-02-17.csv" "$H/sdn-2022-03-15.csv" >"$tmp/diff.json"
# the book: the negatives (full_name, date_of_birth, nationality as name,
# birth_date, country), five parties named as added entities (P1-P5) and
# one named as a changed entity (C1)
python3 - "$NEG" "$n_neg" "$tmp/diff.json" "$tmp/book.csv" "$tmp/planted.json" "$tmp/c1.csv" <<'EOF'
import csv, json, sys
neg, n, diff, out, planted, c1 = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4], sys.argv[5], sys.argv[6]
d = json.load(open(diff))
w = csv.writer(open(out, "w", newline=""))
w.writerow(["id", "name", "schema", "country", "birth_date", "identifier"])
for i, r in enumerate(csv.DictReader(open(neg))):
    if i == n:
        break
    w.writerow(["N%05d" % (i + 1), r["full_name"], "person", r["nationality"], r["date_of_birth"], ""])
added = [a for a in d["added"] if len(a["name"].split()) >= 3][:5]
assert len(added) == 5, d["summary"]
p = {}
for k, a in enumerate(added, 1):
    w.writerow(["P%d" % k, a["name"], "", "", "", ""])
    p["P%d" % k] = a["entity_id"]
ch = [c for c in d["changed"] if len(c["name"].split()) >= 2][0]
w.writerow(["C1", ch["name"], "", "", "", ""])
p["C1"] = ch["entity_id"]
json.dump(p, open(planted, "w"))
cw = csv.writer(open(c1, "w", newline=""))
cw.writerow(["party_id", "name"])
cw.writerow(["C1", ch["name"]])
EOF

for b in $backends; do
	D="$tmp/sdn-$b"
	# shellcheck disable=SC2046
	licit() { "$LICIT_BIN" --data-dir "$D" $(store_opt "$b" b) "$@"; }
	A=$(licit lists import "$H/sdn-2022-02-17.csv" | sed -n 's/^snapshot \([0-9a-f]*\):.*/\1/p')
	licit parties import "$tmp/book.csv" >/dev/null
	# C1 screened on the old list: an alert, cleared as a false positive
	licit screen --input "$tmp/c1.csv" --output "$tmp/c1.out.csv" 2>/dev/null
	c1_entity=$(python3 -c "import json; print(json.load(open('$tmp/planted.json'))['C1'])")
	licit alerts list --json >"$tmp/alerts.json"
	alert=$(python3 -c "import json,sys; print([a['id'] for a in json.load(open(sys.argv[1])) if a['party_id']=='C1' and a['entity_id']==sys.argv[2]][0])" "$tmp/alerts.json" "$c1_entity")
	licit alerts decide "$alert" false-positive --reason "not our customer's namesake" >/dev/null
	B=$(licit lists import "$H/sdn-2022-03-15.csv" | sed -n 's/^snapshot \([0-9a-f]*\):.*/\1/p')
	check "$b: two snapshots kept ($A, $B)" sh -c "[ -f '$D/snapshots/$A.snap' ] && [ -f '$D/snapshots/$B.snap' ] && [ '$A' != '$B' ]"
	licit impact --from-snapshot "$(echo "$A" | cut -c1-12)" --to-snapshot "$B" --json >"$tmp/r1.json"
	licit impact --from-snapshot "$A" --to-snapshot "$B" --json >"$tmp/r2.json"
	check "$b: every party of the book was screened" py "assert j['summary']['parties_screened']==$n_neg+6, j['summary']" "$tmp/r1.json"
	check "$b: the five parties named as added entities newly match them" py "
p=json.load(open('$tmp/planted.json'))
got={(x['party_id'],x['entity_id']):x for x in j['parties']}
for k in ['P1','P2','P3','P4','P5']:
    x=got[(k,p[k])]
    assert x['change']=='added' and x['score']>=0.8, x" "$tmp/r1.json"
	check "$b: the party named as a changed entity is not new, its cleared alert re-opens" py "
p=json.load(open('$tmp/planted.json'))
assert not any(x['party_id']=='C1' and x['entity_id']==p['C1'] for x in j['parties']), j['parties']
assert [(a['alert'],a['party_id'],a['entity_id'],a['status']) for a in j['alerts_reopened']]==[($alert,'C1',p['C1'],'false-positive')], j['alerts_reopened']" "$tmp/r1.json"
	check "$b: the report is the same on a second run" python3 -c "
import json,sys
a,b=(json.load(open(f)) for f in sys.argv[1:3])
key=lambda j:[(x['party_id'],x['entity_id'],x['score']) for x in j['parties']]
assert key(a)==key(b) and len(key(a))>=5 and a['alerts_reopened']==b['alerts_reopened'], (len(key(a)),len(key(b)))
assert a['from']['snapshot']=='$A' and a['to']['snapshot']=='$B'" "$tmp/r1.json" "$tmp/r2.json"
	# every reported entity is in the newer snapshot...
	python3 -c "import json,sys; print('\n'.join(sorted({x['entity_id'] for x in json.load(open(sys.argv[1]))['parties']})))" "$tmp/r1.json" >"$tmp/entities.txt"
	missing=0
	while read -r e; do
		licit entity "$e" >/dev/null 2>&1 || missing=$((missing + 1))
	done <"$tmp/entities.txt"
	check "$b: every reported entity is in the newer snapshot" [ "$missing" = 0 ]
	# ...and the party did not match it in the older: screen the reported
	# parties against the old list alone
	python3 - "$tmp/r1.json" "$tmp/book.csv" "$tmp/reported.csv" <<'EOF'
import csv, json, sys
ids = {x["party_id"] for x in json.load(open(sys.argv[1]))["parties"]}
r = csv.DictReader(open(sys.argv[2]))
w = csv.writer(open(sys.argv[3], "w", newline=""))
w.writerow(["party_id", "name", "schema", "country", "birth_date", "id"])
for row in r:
    if row["id"] in ids:
        w.writerow([row["id"], row["name"], row["schema"], row["country"], row["birth_date"], row["identifier"]])
EOF
	"$LICIT_BIN" --data-dir "$OLD" screen --input "$tmp/reported.csv" --output "$tmp/old-hits.jsonl" --format jsonl --limit 64 2>/dev/null
	check "$b: no reported party matched its entity at or above the threshold in the older list" python3 -c "
import json,sys
rep=json.load(open(sys.argv[1]))['parties']
old={}
for l in open(sys.argv[2]):
    o=json.loads(l)
    old[o['query']['party_id']]={h['entity_id']:h['score'] for h in o['hits']}
assert len(old)==len({x['party_id'] for x in rep}), (len(old), len(rep))
for x in rep:
    s=old[x['party_id']].get(x['entity_id'])
    assert s is None or s<0.8, (x, s)" "$tmp/r1.json" "$tmp/old-hits.jsonl"
	licit audit export --format jsonl >"$tmp/sdn-audit.jsonl"
	check "$b: each impact run is one audit entry; no screening was recorded for it" python3 -c "
import json,sys
kinds=[json.loads(l)['entry']['kind'] for l in open(sys.argv[1])]
assert kinds==['parties-import','screen','alert-decision','impact','impact'], kinds" "$tmp/sdn-audit.jsonl"
	set +e
	licit impact --from-snapshot ffff --to-snapshot "$B" >/dev/null 2>"$tmp/bad.err"
	rc=$?
	set -e
	check "$b: an unknown snapshot id is refused (exit 2), named" sh -c "[ $rc = 2 ] && grep -q \"no snapshot 'ffff'\" '$tmp/bad.err'"
	check "$b: the chain verifies" sh -c "\"$LICIT_BIN\" --data-dir '$D' $(store_opt "$b" b) audit verify >/dev/null"
done

set +e
"$LICIT_BIN" --data-dir "$tmp/x" impact --as-of 2021-10-01 >/dev/null 2>&1
rc=$?
set -e
check "one --as-of alone is refused (exit 2)" [ "$rc" = 2 ]
check "licit impact --help" sh -c "\"$LICIT_BIN\" impact --help | grep -q usage"

[ "$fails" = 0 ] || {
	echo "$fails failed"
	exit 1
}
echo "all passed"
