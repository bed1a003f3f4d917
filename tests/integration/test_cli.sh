#!/bin/sh
# test_cli.sh - drive the real licit binary over the real lists:
# import + show counts, failed imports leave the snapshot alone, bad input
# gets one-line errors with exit status 2, diff of two SDN versions,
# exact lookups, --help everywhere.
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
H=$LICIT_TEST_DATA/history/us-ofac-sdn
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
D="$tmp/data"
licit() { "$LICIT_BIN" --data-dir "$D" "$@"; }
fails=0
check() { # check DESCRIPTION COMMAND...
	desc=$1
	shift
	if "$@"; then echo "ok: $desc"; else echo "FAIL: $desc"; fails=$((fails + 1)); fi
}
json_get() { # json_get FILE PYTHON-EXPR (j is the document)
	python3 -c "import json,sys; j=json.load(open(sys.argv[1])); print($2)" "$1"
}

# --- import the real lists and check the publishers' counts
licit lists import "$L/us-ofac-sdn/2023-12-28" "$L/us-ofac-cons/2025-12-19" \
	"$L/us-ofac-cons/2025-01-10" "$L/us-csl/2022-04-21" "$L/us-bis-dpl/2023" \
	"$L/un-sc/2026-02-27" "$L/uk-ofsi/2025-04-10" "$L/eu-fsf/2018-12-21" \
	>"$tmp/import.out"
licit lists show --json >"$tmp/show.json"
count() { json_get "$tmp/show.json" "[s['$2'] for s in j['sources'] if s['id']=='$1'][0]"; }
check "SDN 2023-12-28 has 13821 entities" [ "$(count us-ofac-sdn entities)" = 13821 ]
check "CSL 2022-04-21 has 14160 rows" [ "$(count us-csl records)" = 14160 ]
csl_ids=$(python3 -c 'import csv,sys; print(len({r["_id"] for r in csv.DictReader(open(sys.argv[1], encoding="utf-8"))}))' "$L/us-csl/2022-04-21/consolidated.csv")
check "CSL: one entity per distinct _id ($csl_ids; a party on several lists is one entity)" [ "$(count us-csl entities)" = "$csl_ids" ]
check "DPL 2023 has 665 entities" [ "$(count us-bis-dpl entities)" = 665 ]
check "UN 2026-02-27 has 1003 entities" [ "$(count un-sc entities)" = 1003 ]
check "UK has 4686 entities" [ "$(count uk-ofsi entities)" = 4686 ]
check "UK has 18796 rows" [ "$(count uk-ofsi records)" = 18796 ]
check "OFAC non-SDN has 442 entities" [ "$(count us-ofac-cons entities)" = 442 ]
check "OFAC enhanced XML has 443 entities" [ "$(count us-ofac-cons-xml entities)" = 443 ]
check "EU excerpt has 2 entities" [ "$(count eu-fsf entities)" = 2 ]
check "UN published date read from the file" [ "$(count un-sc published)" = 2026-02-27 ]
check "UK published date read from the file" [ "$(count uk-ofsi published)" = 2025-04-10 ]
check "every source has a sha256" [ "$(json_get "$tmp/show.json" "all(len(s['sha256'])==64 for s in j['sources'])")" = True ]
check "DPL sha256 is the file's" [ "$(count us-bis-dpl sha256)" = "$(sha256sum "$L/us-bis-dpl/2023/dpl.txt" | cut -d' ' -f1)" ]
check "skips are listed one by one" [ "$(json_get "$tmp/show.json" "all(len(s['skips'])==s['skipped'] for s in j['sources'])")" = True ]
snap=$(json_get "$tmp/show.json" "j['snapshot']")
check "snapshot file is named by its id" [ -f "$D/snapshots/$snap.snap" ]
check "snapshot id is the sha256 of the content" [ "$(tail -c +513 "$D/snapshots/$snap.snap" | sha256sum | cut -d' ' -f1)" = "$snap" ]

# --- bad input: one line, exit 2, previous snapshot untouched
bad() { # bad NAME FILE EXPECTED-SUBSTRING
	set +e
	licit lists import "$2" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	set -e
	check "$1: exit 2" [ "$rc" = 2 ]
	check "$1: one line on stderr" [ "$(wc -l <"$tmp/err")" = 1 ]
	check "$1: message names the file and says '$3'" grep -q "$(basename "$2").*$3" "$tmp/err"
	check "$1: previous snapshot still current" [ "$(licit lists show --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["snapshot"])')" = "$snap" ]
}
mkdir -p "$tmp/bad"
: >"$tmp/bad/empty.csv"
bad "empty file" "$tmp/bad/empty.csv" "empty"
printf '<!DOCTYPE html>\n<html><body>503 Service Unavailable</body></html>\n' >"$tmp/bad/sdn.csv"
bad "HTML page" "$tmp/bad/sdn.csv" "HTML"
head -c 200000 "$L/un-sc/2026-02-27/consolidated.xml" >"$tmp/bad/un-truncated.xml"
bad "truncated XML" "$tmp/bad/un-truncated.xml" ":[0-9]"
printf '<?xml version="1.0"?>\n<CONSOLIDATED_LIST><INDIVIDUALS>\n' >"$tmp/bad/partial.xml"
bad "truncated UN XML" "$tmp/bad/partial.xml" ":[0-9]"
head -c 3000000 "$L/us-csl/2022-04-21/consolidated.csv" >"$tmp/bad/consolidated.csv"
bad "truncated CSV" "$tmp/bad/consolidated.csv" ":[0-9]"
{ head -1 "$L/us-csl/2022-04-21/consolidated.csv"; printf 'abc,Entity List,,,,Caf\351 Latin,,,,,,,,,,,,,,,,,,,,,,,\n'; } >"$tmp/bad/latin1.csv"
bad "Latin-1 in a UTF-8 list" "$tmp/bad/latin1.csv" "UTF-8"
printf '<?xml version="1.0"?>\n<somethingElse/>\n' >"$tmp/bad/unknown-root.xml"
bad "XML with an unknown root" "$tmp/bad/unknown-root.xml" ""
python3 - "$tmp/bad/empty.zip" <<'PY'
import sys, zipfile
with zipfile.ZipFile(sys.argv[1], "w") as z:
    z.writestr("readme.txt", "no xml here")
PY
bad "ZIP without XML" "$tmp/bad/empty.zip" ""
sed '2s/,[^,]*$//' "$L/us-bis-dpl/2023/dpl.txt" >/dev/null
{ head -1 "$L/uk-ofsi/2025-04-10/ConList.csv"; sed -n 2p "$L/uk-ofsi/2025-04-10/ConList.csv" | sed 's/,Group ID//'; sed -n 3,5p "$L/uk-ofsi/2025-04-10/ConList.csv"; } >"$tmp/bad/ConList.csv"
bad "UK list without its Group ID column" "$tmp/bad/ConList.csv" "Group ID"
printf '\357\273\277' >"$tmp/bad/bom-dpl.txt"
cat "$L/us-bis-dpl/2023/dpl.txt" >>"$tmp/bad/bom-dpl.txt"
set +e
licit lists import "$tmp/bad/bom-dpl.txt" >/dev/null 2>"$tmp/err"
rc=$?
set -e
check "a BOM before a DPL file is accepted" [ "$rc" = 0 ]
licit lists import "$L/us-ofac-sdn/2023-12-28" "$L/us-ofac-cons/2025-12-19" \
	"$L/us-ofac-cons/2025-01-10" "$L/us-csl/2022-04-21" "$L/us-bis-dpl/2023" \
	"$L/un-sc/2026-02-27" "$L/uk-ofsi/2025-04-10" "$L/eu-fsf/2018-12-21" >/dev/null
check "re-importing the same lists gives the same snapshot id" [ "$(licit lists show --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["snapshot"])')" = "$snap" ]

# --- diff between two SDN versions, checked against the files themselves
licit lists diff --json "$H/sdn-2022-02-17.csv" "$H/sdn-2022-03-15.csv" >"$tmp/diff.json"
cut -d, -f1 "$H/sdn-2022-02-17.csv" | tr -d '\032\r' | grep -E '^[0-9]+$' | sort >"$tmp/old.ids"
cut -d, -f1 "$H/sdn-2022-03-15.csv" | tr -d '\032\r' | grep -E '^[0-9]+$' | sort >"$tmp/new.ids"
added=$(comm -13 "$tmp/old.ids" "$tmp/new.ids" | wc -l)
removed=$(comm -23 "$tmp/old.ids" "$tmp/new.ids" | wc -l)
check "diff: $added added entries, as in the files" [ "$(json_get "$tmp/diff.json" "j['summary']['added']")" = "$added" ]
check "diff: $removed removed entries, as in the files" [ "$(json_get "$tmp/diff.json" "j['summary']['removed']")" = "$removed" ]
check "diff: added ids are exactly the new ones" [ "$(json_get "$tmp/diff.json" "' '.join(sorted(x['entity_id'].split(':')[1] for x in j['added']))")" = "$(comm -13 "$tmp/old.ids" "$tmp/new.ids" | sort | tr '\n' ' ' | sed 's/ $//')" ]
check "diff: some entries changed, each naming its facts" [ "$(json_get "$tmp/diff.json" "j['summary']['changed'] > 0 and all(x['added'] or x['removed'] for x in j['changed'])")" = True ]
licit lists diff "$H/sdn-2022-02-17.csv" "$H/sdn-2022-03-15.csv" | tail -1 >"$tmp/diff.txt"
check "diff table ends with the summary" grep -q "^$added added, $removed removed" "$tmp/diff.txt"
cp "$D/snapshots/$snap.snap" "$tmp/a.snap"
check "diff of a snapshot with itself is empty" [ "$(licit lists diff "$tmp/a.snap" "$tmp/a.snap" | tail -1)" = "0 added, 0 removed, 0 changed" ]

# --- lookups
check "lookup finds NSO Group on the Entity List" sh -c "\"$LICIT_BIN\" --data-dir \"$D\" lookup --json 'nso group' | grep -q 'us-csl:'"
check "lookup folds Cyrillic: Путин" sh -c "\"$LICIT_BIN\" --data-dir \"$D\" lookup 'Владимир Владимирович Путин' | grep -q 'uk-ofsi:'"
set +e
licit lookup "Zzyzx Qwertyuiop" >/dev/null
rc=$?
set -e
check "lookup with no hit exits 1" [ "$rc" = 1 ]
check "entity shows the full record" sh -c "\"$LICIT_BIN\" --data-dir \"$D\" entity us-ofac-sdn:2676 | python3 -c 'import json,sys; j=json.load(sys.stdin); assert j[\"schema\"]==\"person\"'"

# --- help on every command
for c in "lists --help" "lists import --help" "lists show --help" "lists diff --help" \
	"lists update --help" "lookup --help" "entity --help" "--help"; do
	check "licit $c" sh -c "\"$LICIT_BIN\" $c | grep -q usage"
done
set +e
"$LICIT_BIN" frobnicate 2>/dev/null
rc=$?
set -e
check "unknown command exits 2" [ "$rc" = 2 ]

echo "$fails failed"
[ "$fails" = 0 ]
