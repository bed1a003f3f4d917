#!/bin/sh
# test_generated.sh - the tables generated from the reference data
# (data/countries.tsv, data/translit.tsv) are what their scripts make of
# ../shared/data/reference today: a stale committed table fails here.
set -eu
: "${LICIT_TEST_DATA:?}" "${LICIT_SOURCE_DIR:?}"
ref=$LICIT_TEST_DATA/reference
if [ ! -d "$ref" ]; then
	if [ "${CI:-}" = true ]; then
		echo "FAIL: $ref missing (CI=true)"
		exit 1
	fi
	echo "SKIP: no reference data"
	exit 0
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fails=0
# gen-countries also reads data/countries-extra.tsv beside its output
cp "$LICIT_SOURCE_DIR/data/countries-extra.tsv" "$tmp/"
python3 "$LICIT_SOURCE_DIR/scripts/gen-countries" "$ref" "$tmp/countries.tsv" 2>/dev/null
if cmp -s "$tmp/countries.tsv" "$LICIT_SOURCE_DIR/data/countries.tsv"; then
	echo "ok: data/countries.tsv is up to date"
else
	echo "FAIL: data/countries.tsv is stale: run scripts/gen-countries"
	fails=$((fails + 1))
fi
python3 "$LICIT_SOURCE_DIR/scripts/gen-translit" "$ref/transliteration" "$tmp/translit.tsv" 2>/dev/null
if cmp -s "$tmp/translit.tsv" "$LICIT_SOURCE_DIR/data/translit.tsv"; then
	echo "ok: data/translit.tsv is up to date"
else
	echo "FAIL: data/translit.tsv is stale: run scripts/gen-translit"
	fails=$((fails + 1))
fi
echo "$((2 - fails)) passed, $fails failed"
[ "$fails" = 0 ]
