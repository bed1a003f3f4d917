#!/bin/sh
# test_eval.sh - matching quality on the dev sets must not regress.
# Runs scripts/eval (the figures `make eval` prints) and checks each
# against the level reached when this test was last raised; raise the
# floors as quality improves, never lower them to let a change through.
set -eu
: "${LICIT_BIN:?}" "${LICIT_TEST_DATA:?}" "${LICIT_SOURCE_DIR:?}"
if [ ! -d "$LICIT_TEST_DATA/eval" ]; then
	if [ "${CI:-}" = true ]; then
		echo "FAIL: $LICIT_TEST_DATA/eval missing (CI=true)"
		exit 1
	fi
	echo "SKIP: no real data"
	exit 0
fi
out=$(mktemp)
trap 'rm -f "$out"' EXIT
LICIT_TEST_DATA="$LICIT_TEST_DATA" python3 "$LICIT_SOURCE_DIR/scripts/eval" \
	"$LICIT_BIN" --json >"$out"
python3 - "$out" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
checks = [
    ("name pairs F1 >= 0.84", r["name_pairs"]["f1"] >= 0.84),
    ("name pairs precision >= 0.87", r["name_pairs"]["precision"] >= 0.87),
    ("UN positives in the top 5 >= 99%", r["un_positives"]["recall_top5"] >= 0.99),
    ("UN positives with a known entity >= 670", r["un_positives"]["with_truth"] >= 670),
    ("negatives: <= 5 alerts per 1,000", r["negatives"]["alerts_per_1000"] <= 5),
    ("negatives: all 50,000 screened", r["negatives"]["queries"] == 50000),
    ("UN positives: candidate step finds >= 99%", r["un_positives"]["candidate_recall"] >= 0.99),
    ("Putin variants in the top 3 >= 97%", r["putin_variants"]["recall_top3"] >= 0.97),
]
fails = 0
for name, ok in checks:
    print(("ok: " if ok else "FAIL: ") + name)
    fails += not ok
print(json.dumps({k: {x: y for x, y in v.items() if x not in ("misses", "examples", "f1_by_threshold")}
                  if isinstance(v, dict) else v for k, v in r.items()}))
print(f"{len(checks) - fails} passed, {fails} failed")
sys.exit(1 if fails else 0)
PY
