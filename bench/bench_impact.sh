#!/bin/sh
# bench_impact.sh - change impact speed: the 50,000 dev negatives as a
# customer book, re-screened between the SDN of 2022-02-17 and of
# 2022-03-15 (`licit impact --from-snapshot A --to-snapshot B`) on every
# core. Prints the rate of each of RUNS runs (parties screened / the
# screening's wall time, as licit reports it) and their median; target
# >= 10,000 parties/s on the 2-core development machine.
#
#   bench/bench_impact.sh [LICIT_BINARY]     (BENCH_RUNS, default 5)
set -eu
licit=${1:-build/licit}
runs=${BENCH_RUNS:-5}
testdata=${LICIT_TEST_DATA:-../shared/data}
H=$testdata/history/us-ofac-sdn
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
D="$tmp/data"
A=$("$licit" --data-dir "$D" lists import "$H/sdn-2022-02-17.csv" | sed -n 's/^snapshot \([0-9a-f]*\):.*/\1/p')
B=$("$licit" --data-dir "$D" lists import "$H/sdn-2022-03-15.csv" | sed -n 's/^snapshot \([0-9a-f]*\):.*/\1/p')
python3 - "$testdata/eval/negatives-dev.csv" "$tmp/book.csv" <<'PY'
import csv, sys
w = csv.writer(open(sys.argv[2], "w", newline=""))
w.writerow(["id", "name", "schema", "country", "birth_date", "identifier"])
for i, r in enumerate(csv.DictReader(open(sys.argv[1])), 1):
    w.writerow(["N%05d" % i, r["full_name"], "person", r["nationality"], r["date_of_birth"], ""])
PY
"$licit" --data-dir "$D" parties import "$tmp/book.csv" >/dev/null
rates=""
i=0
while [ $i -lt "$runs" ]; do
	t0=$(date +%s%N)
	"$licit" --data-dir "$D" impact --from-snapshot "$A" --to-snapshot "$B" --json >"$tmp/r.json" || [ $? = 1 ]
	t1=$(date +%s%N)
	line=$(python3 -c "
import json,sys
j=json.load(open(sys.argv[1])); s=j['summary']
print('%d %d %d' % (s['parties_screened'], s['parties_rescreened'], s['parties_newly_matching']))" "$tmp/r.json")
	set -- $line
	wall_ms=$(( (t1 - t0) / 1000000 ))
	rate=$(( $1 * 1000 / (wall_ms > 0 ? wall_ms : 1) ))
	echo "run $((i + 1)): $1 parties in ${wall_ms} ms (whole command: books, alerts, both snapshots, the audit entry) = $rate parties/s; $2 re-screened on the old side, $3 newly matching"
	rates="$rates $rate"
	i=$((i + 1))
done
median=$(echo $rates | tr ' ' '\n' | sort -n | sed -n "$(( (runs + 1) / 2 ))p")
echo "impact (50,000 parties, SDN 2022-02-17 -> 2022-03-15, $(nproc) cores): median $median parties/s over $runs runs (all:$rates) (target >= 10000)"
