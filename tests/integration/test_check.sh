#!/bin/sh
# test_check.sh - licit check and licit policy on the built-in policies,
# with the end user screened against the real CSL of 2022-04-21: the
# November 2021 scenarios of issue 4 (Israel's cut of the marketing-licence
# exemption list, the Entity List listing of NSO Group), License Exception
# ACE, bad input, exit codes and the policy diff.
set -eu
: "${LICIT_BIN:?}" "${LICIT_TEST_DATA:?}"
CSL=$LICIT_TEST_DATA/lists/us-csl/2022-04-21
if [ ! -d "$CSL" ]; then
	if [ "${CI:-}" = true ]; then
		echo "FAIL: $CSL missing (CI=true)"
		exit 1
	fi
	echo "SKIP: no real data"
	exit 0
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
D="$tmp/data"
licit() { "$LICIT_BIN" --data-dir "$D" "$@"; }
fails=0
passed=0
check() {
	desc=$1
	shift
	if "$@"; then
		echo "ok: $desc"
		passed=$((passed + 1))
	else
		echo "FAIL: $desc"
		fails=$((fails + 1))
	fi
}
py() { python3 -c "import json,sys; j=json.load(open(sys.argv[1])); $1" "$2"; }
# run CHECK-ARGS...: the JSON in $tmp/c.json, the exit status in $rc
run() {
	set +e
	licit check --json "$@" >"$tmp/c.json" 2>"$tmp/c.err"
	rc=$?
	set -e
}
regime() { # regime ID PYTHON-EXPR over r (the regime's object)
	py "r=[x for x in j['regimes'] if x['regime']=='$1'][0]; assert $2, r" "$tmp/c.json"
}
fired() { # fired ID: the rule applied in some regime
	py "assert any(x['id']=='$1' and x['status']=='applies' for r in j['regimes'] for x in r['rules']), [(x['id'],x['status']) for r in j['regimes'] for x in r['rules']]" "$tmp/c.json"
}

licit lists import "$CSL" >/dev/null

# --- il-deca-cyber: the November 2021 cut ---------------------------------
for cc in MX MA SA AE; do
	run --item 4D004 --destination $cc --end-user-type government --regime il-deca-cyber --as-of 2021-10-01
	check "DECA $cc 2021-10-01: marketing-licence exemption" regime il-deca-cyber "r['effect']=='licence-exception' and r['exception']=='marketing-exemption'"
	check "DECA $cc 2021-10-01: exit 0" [ "$rc" = 0 ]
	check "DECA $cc 2021-10-01: cites the exemption rule" fired DECA-MARKETING-EXEMPT
	run --item 4D004 --destination $cc --end-user-type government --regime il-deca-cyber --as-of 2022-02-01
	check "DECA $cc 2022-02-01: licence required" regime il-deca-cyber "r['effect']=='licence-required' and 'marketing licence' in r['licence']"
	check "DECA $cc 2022-02-01: exit 1" [ "$rc" = 1 ]
	check "DECA $cc 2022-02-01: cites the licence rule" fired DECA-LICENCE
	check "DECA $cc 2022-02-01: says why the exemption is not met" regime il-deca-cyber "any(x['id']=='DECA-MARKETING-EXEMPT' and x['status']=='not-met' and '$cc is not in marketing-exempt' in x['reasons'][0] for x in r['rules'])"
	run --item 4D004 --destination $cc --end-user-type government --regime il-deca-cyber --as-of 2021-11-15
	check "DECA $cc in November 2021 (day of the cut unknown): review" regime il-deca-cyber "r['effect']=='review' and any('November 2021' in s for s in r['reasons'])"
done
for d in 2021-10-01 2022-02-01; do
	run --item 4D004 --destination FR --end-user-type government --regime il-deca-cyber --as-of $d
	check "DECA FR $d: exempt" regime il-deca-cyber "r['effect']=='licence-exception' and r['exception']=='marketing-exemption'"
	check "DECA FR $d: the single-source country list is flagged unverified" regime il-deca-cyber "any('FR is in marketing-exempt' in s for s in r['unverified'])"
done
run --item 4D004 --destination CN --end-user-type government --regime il-deca-cyber --as-of 2021-10-01
check "DECA CN 2021-10-01: review (the 102-country list is known only in part)" regime il-deca-cyber "r['effect']=='review' and any('only partly known' in s for s in r['reasons'])"
check "DECA CN 2021-10-01: exit 1" [ "$rc" = 1 ]
run --item 4D004 --destination CN --end-user-type government --regime il-deca-cyber --as-of 2022-02-01
check "DECA CN 2022-02-01: licence required" regime il-deca-cyber "r['effect']=='licence-required'"
run --item 4D004 --destination FR --end-user-type commercial --regime il-deca-cyber --as-of 2022-02-01
check "DECA after the End User Declaration: a commercial buyer is prohibited" regime il-deca-cyber "r['effect']=='prohibited'"
check "DECA prohibited: exit 4" [ "$rc" = 4 ]
fired DECA-EUD-GOVERNMENT || { echo "FAIL: DECA-EUD-GOVERNMENT not cited"; fails=$((fails + 1)); }
run --item 4D004 --destination FR --end-user-type government --end-use internal-repression --regime il-deca-cyber --as-of 2022-02-01
check "DECA after the End User Declaration: an end use other than crime or terrorism is prohibited" regime il-deca-cyber "r['effect']=='prohibited'"
run --item 4D004 --destination FR --end-user-type government --regime il-deca-cyber --as-of 2022-02-01
check "DECA: the End User Declaration's end use is stated as an assumption" regime il-deca-cyber "any('End User Declaration' in s for s in r['assumptions'])"
run --item 4D004 --destination FR --regime il-deca-cyber --as-of 2022-02-01
check "DECA without an end-user type after 2021-12-06: review, asking for it" regime il-deca-cyber "r['effect']=='review' and any('--end-user-type' in s for s in r['reasons'])"

# --- us-ear-cyber: NSO Group on the Entity List ----------------------------
run --item 4A005 --destination IL --end-user "NSO Group Technologies Ltd" --regime us-ear-cyber --as-of 2021-12-01
check "NSO 2021-12-01: licence required" py "assert j['decision']=='licence-required', j['decision']" "$tmp/c.json"
check "NSO 2021-12-01: exit 1" [ "$rc" = 1 ]
check "NSO 2021-12-01: presumption of denial" regime us-ear-cyber "r['review_policy'].lower().startswith('presumption of denial')"
check "NSO 2021-12-01: the Entity List rule fired on the hit" py "assert any(x['id']=='EAR-ENTITY-LIST' and x['status']=='applies' and x['party'].startswith('us-csl:') for x in j['regimes'][0]['rules'])" "$tmp/c.json"
check "NSO 2021-12-01: fuzzy hit on the CSL entry 'NSO Group' listed 2021-11-04" py "h=j['party_hits']; assert len(h)>=1 and h[0]['name']=='NSO Group' and h[0]['listed_on']=='2021-11-04' and h[0]['score']<1 and 'Entity List (EL) - Bureau of Industry and Security' in h[0]['lists'] and h[0]['effect']=='licence-required', h" "$tmp/c.json"
check "NSO 2021-12-01: the entry's Federal Register notice is shown" py "assert j['party_hits'][0]['federal_register_notice'].startswith('86 FR 607')" "$tmp/c.json"
check "JSON has the documented fields" py "assert {'decision','as_of','regimes','party_hits'}<=set(j); r=j['regimes'][0]; assert {'regime','effect','licence','rules'}<=set(r); assert all({'id','citation','verification'}<=set(x) for x in r['rules']); assert {'entity_id','source','name','score','listed_on'}<=set(j['party_hits'][0])" "$tmp/c.json"
run --item 4A005 --destination IL --end-user "NSO Group Technologies Ltd" --regime us-ear-cyber --as-of 2021-10-01
check "NSO 2021-10-01: no party hit (listed later)" py "assert j['party_hits']==[] and [h['name'] for h in j['later_listings']]==['NSO Group']" "$tmp/c.json"
check "NSO 2021-10-01: not licence-required by the Entity List" py "assert j['decision']!='licence-required' and not any(x['id']=='EAR-ENTITY-LIST' for x in j['regimes'][0]['rules'])" "$tmp/c.json"
run --item 4A005 --destination IL --end-user "NSO Group Technologies Ltd" --end-user-type commercial --regime us-ear-cyber --as-of 2022-06-01
check "NSO 2022-06-01: the Entity List takes away ACE (no exceptions)" regime us-ear-cyber "r['effect']=='licence-required' and r['exception'] is None"
run --item 4A005 --destination IL --end-user "Candiru" --regime il-deca-cyber --end-user-type government --as-of 2022-02-01
check "an Entity List hit with only il-deca-cyber checked: the hit says review (no checked rule covers it)" py "h=j['party_hits'][0]; assert h['effect']=='review' and 'no rule' in h['reason'], h" "$tmp/c.json"

# --- us-ear-cyber: License Exception ACE ---------------------------------
run --item 4A005 --destination CN --end-user-type commercial --regime us-ear-cyber --as-of 2022-06-01
check "ACE: 4A005 to a commercial end user in CN" regime us-ear-cyber "r['effect']=='licence-exception' and r['exception']=='ACE' and '740.22' in r['licence']"
check "ACE: exit 0" [ "$rc" = 0 ]
check "ACE: the unauthorized-access assumption is stated" regime us-ear-cyber "any('without their owner' in s for s in r['assumptions'])"
run --item 4D004 --destination CN --end-user-type commercial --regime us-ear-cyber --as-of 2022-06-01
check "ACE: 4D004 to a commercial end user in CN is not available (D:1)" regime us-ear-cyber "r['effect']=='licence-required'"
fired ACE-NONGOV-D1D5 || { echo "FAIL: ACE-NONGOV-D1D5 not cited"; fails=$((fails + 1)); }
run --item 4D004 --destination CN --end-user-type commercial --end-use vulnerability-disclosure --regime us-ear-cyber --as-of 2022-06-01
check "ACE: 4D004 to CN for vulnerability disclosure is available again" regime us-ear-cyber "r['exception']=='ACE'"
run --item 4D004 --destination CN --end-user-type financial-institution --regime us-ear-cyber --as-of 2022-06-01
check "ACE: 4D004 to a bank in CN (favorable treatment) is available" regime us-ear-cyber "r['exception']=='ACE'"
run --item 4A005 --destination IR --end-user-type commercial --regime us-ear-cyber --as-of 2022-06-01
check "ACE: IR (E:1) has no ACE and the embargo prohibits" regime us-ear-cyber "r['effect']=='prohibited' and any(x['id']=='ACE-DEST-E' and x['status']=='applies' and any(f['fact']=='IR is in E:1' for f in x['facts']) for x in r['rules']) and any(e['name']=='ACE' and e['available']=='no' for e in r['exceptions'])"
check "IR: exit 4" [ "$rc" = 4 ]
run --item 4A005 --destination RU --end-user-type government --regime us-ear-cyber --as-of 2022-06-01
check "ACE: a government end user in RU gets no ACE" regime us-ear-cyber "r['effect']=='licence-required' and any(x['id']=='ACE-GOV-D' and x['status']=='applies' for x in r['rules'])"
run --item 4A005 --destination RU --end-user-type government-law-enforcement --regime us-ear-cyber --as-of 2022-06-01
check "ACE: a narrower government type in RU gets no ACE either" regime us-ear-cyber "r['effect']=='licence-required'"
run --item 4A005 --destination RU --regime us-ear-cyber --as-of 2022-06-01
check "ACE in RU without an end-user type: not allowed silently (746.8 needs a licence anyway)" regime us-ear-cyber "r['effect']=='licence-required'"
run --item 4A005 --destination FR --regime us-ear-cyber --as-of 2022-06-01
check "ACE to FR without an end-user type: ACE (no rule depends on it there)" regime us-ear-cyber "r['exception']=='ACE'"
run --item 4A005 --destination CN --regime us-ear-cyber --as-of 2022-06-01
check "ACE to CN without an end-user type: review asking for it" regime us-ear-cyber "r['effect']=='review' and any('--end-user-type' in s for s in r['reasons'])"
run --item 4A005 --destination UA --region UA-43 --regime us-ear-cyber --as-of 2022-06-01
check "Crimea (UA-43): prohibited" regime us-ear-cyber "r['effect']=='prohibited'"
run --item 4A005 --destination UA --region UA-14 --end-user-type commercial --regime us-ear-cyber --as-of 2022-06-01
check "Donetsk oblast (UA-14): review, the covered region is only part of it" regime us-ear-cyber "r['effect']=='review' and any('only part of UA-14' in s for s in r['reasons'])"
run --item 4A005 --destination UA --end-user-type commercial --regime us-ear-cyber --as-of 2022-06-01
check "Ukraine without a region: review asking for --region" regime us-ear-cyber "r['effect']=='review' and any('--region' in s for s in r['reasons'])"
run --item 4A005 --destination CN --end-user-type commercial --as-of 2022-06-01
check "every regime by default: three regimes, decision the most restrictive" py "e=[r['effect'] for r in j['regimes']]; assert len(e)==3; o=['no-licence-required','licence-exception','review','licence-required','prohibited']; assert j['decision']==max(e,key=o.index), (j['decision'], e)" "$tmp/c.json"

# --- eu-2021-821 ---------------------------------------------------------
run --item 5A001.j --destination US --regime eu-2021-821 --as-of 2022-06-01
check "EU001 to US for 5A001.j" regime eu-2021-821 "r['exception']=='EU001' and r['obligations']"
run --item 5A001.j --destination CN --regime eu-2021-821 --as-of 2022-06-01
check "EU: 5A001.j to CN needs an authorisation" regime eu-2021-821 "r['effect']=='licence-required'"
run --item CS-UNLISTED --destination CN --end-user-type government-intelligence --end-use intelligence --regime eu-2021-821 --as-of 2022-06-01
check "EU Art. 5: an unlisted cyber-surveillance item for a security service is review" regime eu-2021-821 "r['effect']=='review'"
run --item CS-UNLISTED --destination BR --end-user-type commercial --end-use civil --regime eu-2021-821 --as-of 2022-06-01
check "EU Art. 5 not triggered: no licence required, citing Art. 5" regime eu-2021-821 "r['effect']=='no-licence-required' and any(x['id']=='EU-ART5-NONE' for x in r['rules'])"
run --item CS-UNLISTED --destination BR --regime eu-2021-821 --as-of 2022-06-01
check "EU Art. 5 with the end use unknown: review" regime eu-2021-821 "r['effect']=='review'"
run --item 4D004 --destination FR --regime eu-2021-821 --as-of 2020-06-01
check "a date before the policy: review saying so" regime eu-2021-821 "r['effect']=='review' and r['version']=='' and any('does not cover' in s for s in r['reasons'])"

# --- bad input ------------------------------------------------------------
bad() { # bad DESCRIPTION EXPECTED-IN-MESSAGE CHECK-ARGS...
	desc=$1
	want=$2
	shift 2
	set +e
	licit check "$@" >/dev/null 2>"$tmp/err"
	brc=$?
	set -e
	check "$desc: exit 2" [ "$brc" = 2 ]
	check "$desc: says '$want'" grep -q -- "$want" "$tmp/err"
}
bad "unknown control code" "unknown control code 'XYZ'" --item XYZ --destination FR
bad "a product group, not an entry" "unknown control code" --item 4D --destination FR
bad "retired country code AN" "retired country code: give BQ, CW or SX" --item 4D004 --destination AN
bad "unassigned country code ZZ" "'ZZ' is not an ISO 3166-1 country code" --item 4D004 --destination ZZ
bad "unknown regime" "unknown regime 'xx'" --item 4D004 --destination FR --regime xx
bad "unknown end-user type" "unknown end-user type" --item 4D004 --destination FR --end-user-type spy
bad "bad date" "not a date" --item 4D004 --destination FR --as-of 2021-02-30
bad "region outside the destination" "not in destination" --item 4D004 --destination RU --region UA-43
run --item 4D004 --destination XK --end-user-type government --regime il-deca-cyber --as-of 2021-10-01
check "XK (user-assigned, Kosovo): review with the reason, not an answer" regime il-deca-cyber "r['effect']=='review' and any('user-assigned' in s for s in r['reasons'])"
run --item 9A999 --destination FR --end-user-type commercial --regime us-ear-cyber --as-of 2022-06-01
check "a control code no policy models: review, not no-licence-required" regime us-ear-cyber "r['effect']=='review' and any('not among the items' in s for s in r['reasons'])"
run --item 5A001 --destination FR --end-user-type commercial --regime us-ear-cyber --as-of 2022-06-01
check "5A001 (above 5A001.j): review asking for the full entry" regime us-ear-cyber "r['effect']=='review' and any('may be 5A001.j' in s for s in r['reasons'])"
run --item 5a001.J.1 --destination FR --end-user-type commercial --regime us-ear-cyber --as-of 2022-06-01
check "5A001.j.1 is within 5A001.j (and the spelling is normalized)" py "assert j['item']=='5A001.j.1' and j['regimes'][0]['exception']=='ACE'" "$tmp/c.json"
mkdir -p "$tmp/pol"
cat >"$tmp/pol/bad.yaml" <<'EOF'
policy: bad
covers: {from: 2021-01-01}
groups:
  one: {members: [{groups: [two]}]}
  two: {members: [{groups: [one]}]}
rules:
  - {id: R1, when: {destinations: [one]}, effect: review, citation: x, verification: unverified}
EOF
bad "a policy with a group cycle" "bad.yaml:4: group 'one' includes itself" --item 4D004 --destination FR --policy "$tmp/pol/bad.yaml"
sed -i 's/\[one\]}, effect/[nowhere]}, effect/; s/groups: \[one\]/countries: [FR]/' "$tmp/pol/bad.yaml"
bad "a policy with an undefined group" "'nowhere' is neither a group of this policy" --item 4D004 --destination FR --policy "$tmp/pol/bad.yaml"
cat >"$tmp/pol/contra.yaml" <<'EOF'
policy: contra
covers: {from: 2021-01-01}
items: {4D004: {}}
rules:
  - {id: A, when: {items: [4D004], destinations: [FR]}, effect: licence-required, citation: x, verification: unverified}
  - {id: B, when: {destinations: [FR], items: [4D004]}, effect: no-licence-required, citation: y, verification: unverified}
EOF
bad "a policy with contradicting rules" "rules 'A' (line 5) and 'B' contradict" --item 4D004 --destination FR --policy "$tmp/pol/contra.yaml"

# --- policy show and diff -------------------------------------------------
"$LICIT_BIN" policy show --json --regime il-deca-cyber --as-of 2022-02-01 >"$tmp/show.json"
check "policy show: 37 exempt countries after the cut" py "g=[x for x in j['groups'] if x['name']=='marketing-exempt'][0]; assert len(g['members'])==37 and 'MX' not in g['members'] and g['incomplete'] is None, g" "$tmp/show.json"
"$LICIT_BIN" policy show --json --regime il-deca-cyber --as-of 2021-10-01 >"$tmp/show.json"
check "policy show: 41 known before the cut, the list marked incomplete" py "g=[x for x in j['groups'] if x['name']=='marketing-exempt'][0]; assert len(g['members'])==41 and g['incomplete'], g" "$tmp/show.json"
d5() { "$LICIT_BIN" policy show --json --regime us-ear-cyber --as-of "$1" >"$tmp/show.json"; py "print(' '.join([x for x in j['groups'] if x['name']=='D:5'][0]['members']))" "$tmp/show.json"; }
check "policy show: Cambodia in D:5 on 2026-02-02" sh -c "echo '$(d5 2026-02-02)' | grep -qw KH"
check "policy show: Cambodia out of D:5 on 2026-02-03" sh -c "! echo '$(d5 2026-02-03)' | grep -qw KH"
"$LICIT_BIN" policy show --regime il-deca-cyber --as-of 2021-10-01 >"$tmp/show.txt"
check "policy show (text): the incomplete list is marked" grep -q "INCOMPLETE: before the November 2021 cut" "$tmp/show.txt"
set +e
"$LICIT_BIN" policy diff --json --regime il-deca-cyber --as-of 2021-10-01 --as-of 2022-02-01 >"$tmp/diff.json"
drc=$?
set -e
check "policy diff: exit 1 (changes)" [ "$drc" = 1 ]
check "policy diff: exactly AE MA MX SA lost the exemption for government end users" py "lost=sorted(c['destination'] for c in j['changes'] if c['end_user_type']=='government' and c['item']=='4D004' and c['from']['exception']=='marketing-exemption' and c['to']['effect']=='licence-required'); assert lost==['AE','MA','MX','SA'], lost" "$tmp/diff.json"
check "policy diff: FR did not change for government end users" py "assert not any(c['destination']=='FR' and c['end_user_type']=='government' for c in j['changes'])" "$tmp/diff.json"
"$LICIT_BIN" policy diff --regime il-deca-cyber --as-of 2021-10-01 --as-of 2022-02-01 >"$tmp/diff.txt" || true
check "policy diff (text): one line lists the four countries" grep -q "^  AE MA MX SA$" "$tmp/diff.txt"
cp "$LICIT_SOURCE_DIR/data/policies/il-deca-cyber.yaml" "$tmp/pol/old.yaml"
sed 's/countries: \[AU, AT, BE, BG, CA, HR, CY/countries: [AU, AT, BE, BG, CA, HR/' "$tmp/pol/old.yaml" >"$tmp/pol/new.yaml"
set +e
"$LICIT_BIN" policy diff --json --as-of 2022-02-01 "$tmp/pol/old.yaml" "$tmp/pol/new.yaml" >"$tmp/diff2.json"
set -e
check "policy diff of two files: only CY changed" py "assert sorted({c['destination'] for c in j['changes']})==['CY'], j['summary']" "$tmp/diff2.json"

echo "$passed passed, $fails failed"
[ "$fails" = 0 ]
