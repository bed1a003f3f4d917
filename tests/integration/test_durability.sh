#!/bin/sh
# test_durability.sh - a batch screening killed with SIGKILL at a random
# moment loses no audit entry it reported done, and the chain verifies.
#
# `screen --input` writes an output record only once its audit entry is
# committed, so the records in the output are what it reported done. Each
# run screens up to 20,000 dev negatives, is killed after a random delay,
# and then: every input record that made it to the output has its entry
# (matched by its ref, "<input file>:<line>") and `audit verify` passes.
# LICIT_DURABILITY_RUNS runs (default 20) on SQLite, and as many on
# PostgreSQL when $LICIT_TEST_PG is set (required under CI=true). Fails
# too if fewer than a quarter of the runs were killed mid-batch (then the
# test proved nothing).
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
runs=${LICIT_DURABILITY_RUNS:-20}
rows=${LICIT_DURABILITY_ROWS:-20000}
tmp=$(mktemp -d)
schema="licit_it_durable_$$"
cleanup() {
	if [ -n "${LICIT_TEST_PG:-}" ]; then
		PGOPTIONS=--client-min-messages=warning psql -X -q "$LICIT_TEST_PG" -c "DROP SCHEMA IF EXISTS $schema CASCADE" >/dev/null 2>&1 || true
	fi
	rm -rf "$tmp"
}
trap cleanup EXIT
D="$tmp/data"
"$LICIT_BIN" --data-dir "$D" lists import "$LICIT_TEST_DATA/lists/us-csl/2022-04-21" \
	"$LICIT_TEST_DATA/lists/us-bis-dpl/2023" >/dev/null
python3 - "$LICIT_TEST_DATA/eval/negatives-dev.csv" "$tmp/in.csv" "$rows" <<'PY'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], encoding="utf-8")))[: int(sys.argv[3])]
with open(sys.argv[2], "w", newline="", encoding="utf-8") as f:
    w = csv.writer(f, lineterminator="\n")
    w.writerow(["name", "birth_date", "country"])
    for r in rows:
        w.writerow([r["full_name"], r["date_of_birth"], r["nationality"]])
PY

backends=sqlite
if [ -n "${LICIT_TEST_PG:-}" ]; then
	backends="sqlite postgres"
	case $LICIT_TEST_PG in *\?*) sep='&' ;; *) sep='?' ;; esac
	PG_URL="$LICIT_TEST_PG${sep}options=-csearch_path%3D$schema"
elif [ "${CI:-}" = true ]; then
	echo "FAIL: LICIT_TEST_PG is not set (CI=true)"
	exit 1
fi

fails=0
for b in $backends; do
	killed=0
	i=1
	while [ "$i" -le "$runs" ]; do
		if [ "$b" = sqlite ]; then
			rm -f "$D/licit.db" "$D/licit.db-wal" "$D/licit.db-shm"
			set -- --data-dir "$D"
		else
			PGOPTIONS=--client-min-messages=warning psql -X -q -v ON_ERROR_STOP=1 "$LICIT_TEST_PG" \
				-c "DROP SCHEMA IF EXISTS $schema CASCADE" \
				-c "CREATE SCHEMA $schema" >/dev/null
			set -- --data-dir "$D" --store "$PG_URL"
		fi
		in="$tmp/in-$b-$i.csv"
		cp "$tmp/in.csv" "$in"
		rm -f "$tmp/out.csv" # a run killed before it opens its output reports nothing
		: >"$tmp/out.csv"
		delay=$(python3 -c "import random; print(round(random.uniform(0.2, 2.0), 2))")
		"$LICIT_BIN" "$@" screen --input "$in" --output "$tmp/out.csv" \
			2>"$tmp/err" &
		pid=$!
		sleep "$delay"
		kill -KILL "$pid" 2>/dev/null || true
		wait "$pid" 2>/dev/null || true
		"$LICIT_BIN" "$@" audit export --format jsonl >"$tmp/audit.jsonl"
		result=$(python3 - "$in" "$tmp/out.csv" "$tmp/audit.jsonl" "$rows" <<'PY'
import json, sys
inp, out, audit, total = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
data = open(out, "rb").read()
lines = data.split(b"\n")[:-1]  # complete lines only
done = max(len(lines) - 1, 0)  # minus the header
refs = {json.loads(l)["entry"].get("ref") for l in open(audit)}
missing = [n for n in range(2, done + 2) if f"{inp}:{n}" not in refs]
print(done, len(refs), len(missing), "killed" if done < total else "finished")
PY
)
		set -- $result
		done=$1 entries=$2 missing=$3 state=$4
		[ "$state" = killed ] && killed=$((killed + 1))
		if [ "$b" = sqlite ]; then
			vrc=0
			"$LICIT_BIN" --data-dir "$D" audit verify >/dev/null 2>"$tmp/verr" || vrc=$?
		else
			vrc=0
			"$LICIT_BIN" --data-dir "$D" --store "$PG_URL" audit verify >/dev/null 2>"$tmp/verr" || vrc=$?
		fi
		if [ "$missing" = 0 ] && [ "$vrc" = 0 ] && [ "$entries" -ge "$done" ]; then
			echo "ok: $b run $i: killed after ${delay}s: $done records reported done, $entries entries committed, chain verifies ($state)"
		else
			echo "FAIL: $b run $i: $done reported done, $missing of them without an entry, verify exit $vrc: $(cat "$tmp/verr")"
			fails=$((fails + 1))
		fi
		i=$((i + 1))
	done
	if [ $((killed * 4)) -lt "$runs" ]; then
		echo "FAIL: $b: only $killed of $runs runs were killed mid-batch"
		fails=$((fails + 1))
	else
		echo "ok: $b: $killed of $runs runs killed mid-batch"
	fi
done
echo "$fails failed"
[ "$fails" = 0 ]
