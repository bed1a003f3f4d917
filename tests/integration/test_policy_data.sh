#!/bin/sh
# test_policy_data.sh - data/policies/iso3166.tsv is what scripts/gen-iso3166
# makes of ../shared/data/reference today (a stale table fails here), and
# every policy file loads (licit policy show reads each one).
set -eu
: "${LICIT_BIN:?}" "${LICIT_TEST_DATA:?}" "${LICIT_SOURCE_DIR:?}"
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
python3 "$LICIT_SOURCE_DIR/scripts/gen-iso3166" "$ref" "$tmp/iso3166.tsv"
if cmp -s "$tmp/iso3166.tsv" "$LICIT_SOURCE_DIR/data/policies/iso3166.tsv"; then
	echo "ok: data/policies/iso3166.tsv is up to date"
else
	echo "FAIL: data/policies/iso3166.tsv is stale: run scripts/gen-iso3166"
	fails=$((fails + 1))
fi
P=$LICIT_SOURCE_DIR/data/policies
for f in "$P"/us-ear-cyber.yaml "$P"/eu-2021-821.yaml "$P"/il-deca-cyber.yaml; do
	if "$LICIT_BIN" policy show --json --policy "$P/common.yaml" --policy "$f" >/dev/null; then
		echo "ok: $(basename "$f") loads from the file"
	else
		echo "FAIL: $(basename "$f") does not load"
		fails=$((fails + 1))
	fi
done
echo "$((4 - fails)) passed, $fails failed"
[ "$fails" = 0 ]
