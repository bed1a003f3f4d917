#!/bin/sh
# bench/pg_trgm.sh: the baseline of issue 3 - the same names and the same
# queries in PostgreSQL 15 with a pg_trgm GIN index, on one connection.
#
# usage: bench/pg_trgm.sh DATA_DIR NEGATIVES_CSV [N] [BINDIR]
#
# Starts a throwaway server (initdb into a temp dir, unix socket in that
# dir only, no TCP; as the `postgres` OS user when run as root), loads
# every normalized name of DATA_DIR's current snapshot (exported by
# bench_export_names, so both engines see licit's own normalization) with
# COPY, builds `gin (name gin_trgm_ops)`, and runs the first N (default
# 5000) negatives, normalized the same way, as
#   SELECT entity_id, similarity(name, $1) AS s FROM names
#   WHERE name % $1 ORDER BY s DESC LIMIT 10
# (prepared, planned per value, default pg_trgm.similarity_threshold 0.3),
# from a generated script through psql after an untimed warm-up of 500.
# One connection is one backend, i.e. one core. pg_trgm is too slow to run
# all 50,000 in a benchmark, so the rate over N is the per-query rate and
# is extrapolated. The server is stopped and the dir removed on exit.
#
# Prints "pg_trgm rate: R queries/s"; with LICIT_QPS set (bench/run sets
# it from bench_screen) also the ratio licit / pg_trgm. Exits 77 when
# PostgreSQL cannot be installed or started (the reason on stderr).
set -eu
[ $# -ge 2 ] || {
	echo "usage: bench/pg_trgm.sh DATA_DIR NEGATIVES_CSV [N] [BINDIR]" >&2
	exit 2
}
data=$1
csv=$2
n=${3:-5000}
bindir=${4:-build}
warm=500
pgbin=/usr/lib/postgresql/15/bin
skip() {
	echo "pg_trgm: skipped: $*" >&2
	exit 77
}

# The server and pg_trgm: Debian 12's postgresql-15 package ships both
# (it provides postgresql-contrib-15, all that postgresql-contrib pulls in).
if [ ! -x "$pgbin/postgres" ] ||
	[ ! -f /usr/share/postgresql/15/extension/pg_trgm.control ]; then
	[ "$(id -u)" -eq 0 ] || skip "PostgreSQL 15 is not installed (apt-get install postgresql-15 as root)"
	command -v apt-get >/dev/null || skip "PostgreSQL 15 is not installed and there is no apt-get"
	echo "pg_trgm: installing postgresql-15" >&2
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
		--no-install-recommends postgresql-15 >/dev/null 2>&1 ||
		skip "apt-get install postgresql-15 failed"
fi

# initdb and postgres refuse to run as root: use the postgres OS user.
if [ "$(id -u)" -eq 0 ]; then
	id postgres >/dev/null 2>&1 || skip "running as root and there is no 'postgres' user"
	as_pg() { runuser -u postgres -- "$@"; }
else
	as_pg() { "$@"; }
fi

tmp=$(mktemp -d)
db="$tmp/db"
cleanup() {
	if [ -f "$db/postmaster.pid" ]; then
		as_pg "$pgbin/pg_ctl" -D "$db" -m immediate stop >/dev/null 2>&1 || true
	fi
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
[ "$(id -u)" -eq 0 ] && chown postgres "$tmp"

as_pg "$pgbin/initdb" -D "$db" -U postgres -A trust -E UTF8 --locale=C \
	--no-sync >"$tmp/initdb.log" 2>&1 || {
	cat "$tmp/initdb.log" >&2
	skip "initdb failed"
}
as_pg "$pgbin/pg_ctl" -D "$db" -l "$tmp/server.log" -w \
	-o "-c listen_addresses= -k $tmp -p 5432 -c fsync=off" \
	start >/dev/null || {
	cat "$tmp/server.log" >&2
	skip "the server did not start"
}
psql() {
	as_pg "$pgbin/psql" -X -q -v ON_ERROR_STOP=1 -h "$tmp" -p 5432 \
		-U postgres -d postgres "$@"
}

# Names: entity id and licit's normalized key, straight into COPY.
psql -c "CREATE EXTENSION pg_trgm" \
	-c "CREATE TABLE names (entity_id text NOT NULL, name text NOT NULL)"
"$bindir/bench_export_names" names "$data" |
	psql -c "COPY names FROM STDIN"
t0=$(date +%s%N)
psql -c "CREATE INDEX names_trgm ON names USING gin (name gin_trgm_ops)" \
	-c "ANALYZE names"
t1=$(date +%s%N)
echo "pg_trgm: $(psql -At -c "SELECT count(*) FROM names") names loaded," \
	"GIN index built in $(((t1 - t0) / 1000000)) ms"

# Queries: the first warm + n negatives, normalized by licit.
"$bindir/bench_export_names" queries "$csv" $((warm + n)) >"$tmp/q.txt"
got=$(wc -l <"$tmp/q.txt")
[ "$got" -gt "$warm" ] || skip "fewer than $warm queries in $csv"
n=$((got - warm))
prepare="SET plan_cache_mode = force_custom_plan;
PREPARE q(text) AS SELECT entity_id, similarity(name, \$1) AS s
  FROM names WHERE name % \$1 ORDER BY s DESC LIMIT 10;"
to_sql() {
	echo "$prepare"
	sed "s/'/''/g; s/^\\(.*\\)\$/EXECUTE q('\\1');/"
}
head -n "$warm" "$tmp/q.txt" | to_sql >"$tmp/warm.sql"
tail -n "$n" "$tmp/q.txt" | to_sql >"$tmp/run.sql"
chmod a+r "$tmp"/*.sql

first=$(head -n 1 "$tmp/q.txt" | sed "s/'/''/g")
plan=$(psql -At -c "EXPLAIN SELECT entity_id, similarity(name, '$first') AS s
  FROM names WHERE name % '$first' ORDER BY s DESC LIMIT 10" |
	grep -o '[A-Za-z ]*Index Scan on names_trgm' | sed 's/^ *//' |
	head -n 1)
echo "pg_trgm: plan for '$first': ${plan:-NO index scan}"

psql -o /dev/null -f "$tmp/warm.sql"
head -n "$warm" "$tmp/q.txt" | psql -c "CREATE TABLE q (name text)" \
	-c "COPY q FROM STDIN"
echo "pg_trgm: $(psql -At -c "SELECT count(*) FROM q WHERE EXISTS
  (SELECT 1 FROM names n WHERE n.name % q.name)") of the $warm warm-up" \
	"queries have a name at similarity >= $(psql -At -c \
		"SELECT show_limit()")"
t0=$(date +%s%N)
psql -o /dev/null -f "$tmp/run.sql"
t1=$(date +%s%N)
ms=$(((t1 - t0) / 1000000))
[ "$ms" -gt 0 ] || ms=1
awk -v n="$n" -v ms="$ms" -v licit="${LICIT_QPS:-}" 'BEGIN {
	rate = n * 1000 / ms
	printf "pg_trgm: %d queries in %.3f s on one connection (one core): " \
		"%.3f ms per query\n", n, ms / 1000, ms / n
	printf "pg_trgm: 50000 queries would take about %.0f s " \
		"(extrapolated from %d)\n", 50000 * ms / n / 1000, n
	printf "pg_trgm rate: %.1f queries/s\n", rate
	if (licit != "")
		printf "licit / pg_trgm: %.1fx (target >= 50x)\n", licit / rate
}'
