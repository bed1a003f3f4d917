#!/bin/sh
# test_scaleout.sh - two `licit serve` processes behind nginx, over one
# snapshot file and one PostgreSQL store (README, "Scaling out").
#
# Both servers read one data directory and write one audit chain in a
# schema of $LICIT_TEST_PG made for this test; nginx, started from a
# config generated here in a temp prefix, balances between them with
# keep-alive connections. scaleout.py then screens real names through
# nginx from many threads (the same parties on both servers at once),
# reloads each server onto a newer snapshot, screens again, and checks
# that every answer was 200, that both servers answered, that concurrent
# screenings of one party opened one alert per listed entity, and that
# `licit audit verify` passes with one screen entry per screening.
#
# Needs nginx (Debian `nginx`; $LICIT_NGINX names another binary), psql
# and $LICIT_TEST_PG (scripts/test-pg run ...). Without them the test
# skips with status 77, except under CI=true, where it fails.
set -eu
: "${LICIT_BIN:?}" "${LICIT_TEST_DATA:?}"
here=$(cd "$(dirname "$0")" && pwd)
. "$here/serve-wait.inc"

skip() {
	if [ "${CI:-}" = true ]; then
		echo "FAIL: $* (CI=true: nothing may skip)"
		exit 1
	fi
	echo "SKIP: $*"
	exit 77
}

[ -d "$LICIT_TEST_DATA/lists" ] || skip "$LICIT_TEST_DATA/lists missing"
nginx=${LICIT_NGINX:-$(command -v nginx || echo /usr/sbin/nginx)}
[ -x "$nginx" ] || skip "no nginx (apt-get install nginx)"
[ -n "${LICIT_TEST_PG:-}" ] || skip "LICIT_TEST_PG is not set (scripts/test-pg run ...)"
command -v psql >/dev/null || skip "no psql (apt-get install postgresql-client)"

L=$LICIT_TEST_DATA/lists
tmp=$(mktemp -d)
schema="licit_it_scaleout_$$"
pids=""
psql_q() {
	PGOPTIONS=--client-min-messages=warning psql -X -q -v ON_ERROR_STOP=1 \
		"$LICIT_TEST_PG" "$@"
}
cleanup() {
	for p in $pids; do
		kill "$p" 2>/dev/null || true
	done
	for p in $pids; do
		wait "$p" 2>/dev/null || true
	done
	psql_q -c "DROP SCHEMA IF EXISTS $schema CASCADE" >/dev/null 2>&1 || true
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

case $LICIT_TEST_PG in *\?*) sep='&' ;; *) sep='?' ;; esac
PG_URL="$LICIT_TEST_PG${sep}options=-csearch_path%3D$schema"
psql_q -c "DROP SCHEMA IF EXISTS $schema CASCADE" -c "CREATE SCHEMA $schema" >/dev/null

D="$tmp/data"
"$LICIT_BIN" --data-dir "$D" lists import "$L/un-sc/2026-02-27" \
	"$L/us-csl/2022-04-21" "$L/us-bis-dpl/2023" >/dev/null

# one key per role, made as the README says (the key alone on the last
# line of stdout); both servers read the one key file
for role in screener reviewer admin; do
	printf '%s %s\n' "$role" "$("$LICIT_BIN" --data-dir "$D" keys create \
		--role "$role" --label "test-$role" | tail -n 1)"
done >"$tmp/keys"

# serve N: start server N on a free port (the server picks it), set $port
serve() {
	log="$tmp/serve$1.log"
	: >"$log"
	LICIT_STORE=$PG_URL "$LICIT_BIN" --data-dir "$D" serve --listen 127.0.0.1:0 \
		--threads 2 2>"$log" &
	pid=$!
	pids="$pids $pid"
	wait_listening "$log" "$pid" "server $1"
}
serve 1
port1=$port pid1=$pid
serve 2
port2=$port pid2=$pid

# nginx in its own prefix: every path it writes is inside it. As root its
# workers run as nobody, so the prefix must be theirs to enter.
N="$tmp/nginx"
mkdir -p "$N"
chmod 711 "$tmp"
chmod 755 "$N"
user=""
[ "$(id -u)" -eq 0 ] && user="user nobody nogroup;"
free_port() {
	python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}
start_nginx() {
	nport=$(free_port)
	cat >"$N/nginx.conf" <<EOF
$user
worker_processes 1;
daemon off;
pid $N/nginx.pid;
error_log $N/error.log warn;
events { worker_connections 512; }
http {
    log_format upstream '\$request_method \$uri \$status \$upstream_addr';
    access_log $N/access.log upstream;
    client_body_temp_path $N/client_body;
    proxy_temp_path $N/proxy;
    fastcgi_temp_path $N/fastcgi;
    uwsgi_temp_path $N/uwsgi;
    scgi_temp_path $N/scgi;
    upstream licit {
        server 127.0.0.1:$port1;
        server 127.0.0.1:$port2;
        keepalive 16;
        keepalive_timeout 10s;
    }
    server {
        listen 127.0.0.1:$nport;
        client_max_body_size 1m;
        location / {
            proxy_pass http://licit;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Authorization \$http_authorization;
            proxy_read_timeout 20s;
            proxy_next_upstream off;  # no retries: the counts stay exact
            add_header X-Upstream \$upstream_addr always;  # for the checks
        }
    }
}
EOF
	"$nginx" -p "$N" -c "$N/nginx.conf" -e "$N/error.log" &
	npid=$!
	i=0
	while ! python3 -c "import socket,sys; socket.create_connection(('127.0.0.1', $nport), 1)" 2>/dev/null; do
		i=$((i + 1))
		if [ "$i" -gt 100 ] || ! kill -0 "$npid" 2>/dev/null; then
			wait "$npid" 2>/dev/null || true
			return 1
		fi
		sleep 0.1
	done
	sleep 0.2 # something else on the port and nginx gone: try another
	kill -0 "$npid" 2>/dev/null || return 1
	pids="$pids $npid"
}
tries=0
until start_nginx; do
	tries=$((tries + 1))
	if [ "$tries" -ge 3 ]; then # the free port may have been taken meanwhile
		echo "FAIL: nginx did not start"
		cat "$N/error.log"
		exit 1
	fi
done
echo "ok: servers on :$port1 and :$port2, nginx on :$nport"

fails=0
# the sample config of docs/nginx.conf is one nginx accepts. nginx -t
# binds the ports it names: port 80 becomes a free one (80 needs root, and
# a system nginx may hold it)
src=${LICIT_SOURCE_DIR:-$here/../..}
T="$tmp/nginx-t"
mkdir -p "$T"
sed "s/^\( *\)listen 80;/\1listen 127.0.0.1:$(free_port);/" "$src/docs/nginx.conf" >"$T/site.conf"
cat >"$T/nginx.conf" <<EOF
pid $T/nginx.pid;
error_log $T/error.log;
events { }
http {
    access_log $T/access.log;
    client_body_temp_path $T/client_body;
    proxy_temp_path $T/proxy;
    fastcgi_temp_path $T/fastcgi;
    uwsgi_temp_path $T/uwsgi;
    scgi_temp_path $T/scgi;
    include $T/site.conf;
}
EOF
if "$nginx" -t -q -p "$T" -c "$T/nginx.conf" -e "$T/error.log" 2>"$T/t.err"; then
	echo "ok: nginx -t accepts docs/nginx.conf"
else
	echo "FAIL: nginx -t refuses docs/nginx.conf: $(cat "$T/t.err")"
	fails=$((fails + 1))
fi

python3 "$here/scaleout.py" "$nport" "$port1" "$port2" "$tmp" "$D" \
	"$LICIT_BIN" "$L" "$PG_URL" "$LICIT_TEST_DATA/eval" "$N/access.log" ||
	fails=$((fails + 1))

# a clean stop of both servers (under ASan: no leak at exit)
for n in 1 2; do
	eval "p=\$pid$n"
	kill -TERM "$p" 2>/dev/null || true
	rc=0
	wait "$p" || rc=$?
	if [ "$rc" = 0 ]; then echo "ok: server $n stops cleanly on SIGTERM"; else
		echo "FAIL: server $n: exit $rc after SIGTERM"
		fails=$((fails + 1))
	fi
done
pids=$npid # the servers are reaped: cleanup stops only nginx
if [ "$fails" != 0 ]; then
	for n in 1 2; do
		echo "server $n log:"
		cat "$tmp/serve$n.log"
	done
	echo "nginx error log:"
	cat "$N/error.log"
fi
echo "$fails failed"
[ "$fails" = 0 ]
