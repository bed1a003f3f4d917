#!/bin/sh
# test_screen.sh - licit screen and compare on the real lists: the
# November 2021 Entity List parties, JSON shapes, batch order, exit codes.
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
trap 'rm -rf "$tmp"' EXIT
D="$tmp/data"
licit() { "$LICIT_BIN" --data-dir "$D" "$@"; }
fails=0
check() {
	desc=$1
	shift
	if "$@"; then echo "ok: $desc"; else echo "FAIL: $desc"; fails=$((fails + 1)); fi
}
py() { python3 -c "import json,sys; j=json.load(open(sys.argv[1])); $1" "$2"; }

licit lists import "$L/us-ofac-sdn/2023-12-28" "$L/us-csl/2022-04-21" \
	"$L/un-sc/2026-02-27" "$L/uk-ofsi/2025-04-10" >/dev/null

for party in "NSO Group Technologies" "Candiru Ltd" "Positive Technologies" \
	"Computer Security Initiative Consultancy"; do
	licit screen --json "$party" >"$tmp/s.json"
	check "$party: an Entity List hit first" py "hits=j['hits']; assert hits and hits[0]['source']=='us-csl'; e=json.load(open(sys.argv[1]))" "$tmp/s.json"
done
licit screen --json "NSO Group Technologies" >"$tmp/s.json"
check "screen JSON has query, snapshot, threshold, hits, audit" py "assert set(j)=={'query','snapshot','threshold','hits','audit'}; assert len(j['snapshot'])==64; assert j['audit']['seq']>0 and j['audit']['decision']=='review'" "$tmp/s.json"
check "each hit has the documented fields" py "h=j['hits'][0]; assert {'entity_id','source','schema','name','matched_name','score','explanation'}<=set(h)" "$tmp/s.json"
check "the explanation aligns 'nso' and 'group'" py "a=j['hits'][0]['explanation']['aligned']; assert [x['query'] for x in a][:2]==['nso','group'], a" "$tmp/s.json"
check "the unmatched query token is named" py "u=j['hits'][0]['explanation']['unmatched_query']; assert [x['token'] for x in u]==['technologies'], u" "$tmp/s.json"

licit screen --json --birth-date 1952-10-07 --country RU "Vladimir Putin" >"$tmp/p.json"
check "Putin with birth date and country: SDN entry in the top 3" py "ids=[h['entity_id'] for h in j['hits'][:3]]; assert 'us-ofac-sdn:35096' in ids, ids" "$tmp/p.json"
check "birth date adds evidence" py "f=[x['feature'] for h in j['hits'] for x in h['explanation']['features']]; assert 'birth_date' in f, f" "$tmp/p.json"
licit screen --json --birth-date 1990 "Vladimir Putin" >"$tmp/p2.json"
check "a different birth year lowers the score" python3 -c "import json,sys; a=json.load(open(sys.argv[1]))['hits'][0]['score']; b=json.load(open(sys.argv[2]))['hits'][0]['score']; assert b < a, (a, b)" "$tmp/p.json" "$tmp/p2.json"
licit screen --json --threshold 0 --gender female "Vladimir Putin" >"$tmp/g.json"
check "a different listed gender lowers the score" py "f=[x for h in j['hits'][:3] for x in h['explanation']['features'] if x['feature']=='gender']; assert f and f[0]['contribution'] < 0, f" "$tmp/g.json"
licit screen --json --source un-sc "Ayman al-Zawahiri" >"$tmp/u.json"
check "--source restricts the lists" py "assert j['hits'] and all(h['source']=='un-sc' for h in j['hits'])" "$tmp/u.json"

set +e
licit screen "Zzyzx Qwertyuiop Blorft" >/dev/null
rc=$?
licit screen --threshold 2 "x" >/dev/null 2>&1
rc2=$?
set -e
check "no hit: exit 1" [ "$rc" = 1 ]
check "bad threshold: exit 2" [ "$rc2" = 2 ]

printf 'name,country,ref\nNSO Group,IL,a1\nJohn Smithson Qwerty,,a2\n"AL ZAWAHIRI, Ayman",EG,a3\n' >"$tmp/in.csv"
licit screen --input "$tmp/in.csv" --output "$tmp/out.csv" 2>"$tmp/summary"
check "batch CSV: header + one row per input row" [ "$(wc -l <"$tmp/out.csv")" = 4 ]
check "batch CSV: input order and passthrough kept" [ "$(python3 -c 'import csv,sys; print(" ".join(r["ref"] for r in csv.DictReader(open(sys.argv[1]))))' "$tmp/out.csv")" = "a1 a2 a3" ]
check "batch CSV: NSO row has a hit" grep -q '^NSO Group,IL,a1,[1-9]' "$tmp/out.csv"
check "batch prints a summary" grep -q "screened 3 records" "$tmp/summary"
licit screen --input "$tmp/in.csv" --format jsonl >"$tmp/out.jsonl" 2>/dev/null
check "batch JSONL: one screen object per line, in order" python3 -c "
import json,sys
rows=[json.loads(l) for l in open(sys.argv[1])]
assert [r['query']['name'] for r in rows]==['NSO Group','John Smithson Qwerty','AL ZAWAHIRI, Ayman']
assert rows[0]['hits'] and not rows[1]['hits']" "$tmp/out.jsonl"

licit screen --input "$tmp/in.csv" --format jsonl --source un-sc >"$tmp/un.jsonl" 2>/dev/null
check "batch --source restricts the lists" python3 -c "
import json,sys
rows=[json.loads(l) for l in open(sys.argv[1])]
hits=[h for r in rows for h in r['hits']]
assert hits and all(h['source']=='un-sc' for h in hits)" "$tmp/un.jsonl"
licit screen --input "$tmp/in.csv" --output "$tmp/out.xlsx" 2>/dev/null
check "batch XLSX: a workbook with the input rows and the best hit" python3 -c "
import zipfile,sys
z=zipfile.ZipFile(sys.argv[1])
s=z.read('xl/sharedStrings.xml').decode()
assert 'NSO Group' in s and 'top_entity_id' in s and 'us-csl:' in s, s[:500]" "$tmp/out.xlsx"

licit compare --json "Siemens Aktiengesellschaft" "Siemens AG" >"$tmp/c.json"
check "compare JSON: score, match, threshold, explanation" py "assert set(j)=={'score','match','threshold','explanation'} and j['match'] is True" "$tmp/c.json"
printf 'schema,name1,name2\nPerson,Vladimir Putin,Владимир Путин\nCompany,Snow Storm 1,Snow Storm 2\n' >"$tmp/pairs.csv"
licit compare --input "$tmp/pairs.csv" >"$tmp/pairs.out"
check "compare --input adds score,match" [ "$(head -1 "$tmp/pairs.out")" = "schema,name1,name2,score,match" ]
check "Cyrillic Putin matches, numbers must agree" [ "$(cut -d, -f5 "$tmp/pairs.out" | tail -2 | tr '\n' ' ')" = "true false " ]
for c in "screen --help" "compare --help"; do
	check "licit $c" sh -c "\"$LICIT_BIN\" $c | grep -q usage"
done
echo "$fails failed"
[ "$fails" = 0 ]
