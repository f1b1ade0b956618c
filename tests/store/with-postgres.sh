#!/bin/sh
# Run a command against a real PostgreSQL server of its own: initdb in a temporary folder, a
# server on 127.0.0.1 at a free port, a database, then NP_TEST_DB=postgresql://... for the
# command; the server is stopped and the folder removed however the command ends.
# usage: with-postgres.sh COMMAND [ARGS...]
set -u
bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
if [ -z "$bindir" ] || [ ! -x "$bindir/initdb" ]; then
	echo "with-postgres: no PostgreSQL server binaries (Debian package postgresql)" >&2
	exit 1
fi
dir=$(mktemp -d /tmp/np-pg.XXXXXX)
chmod 755 "$dir"
# PostgreSQL refuses to run as root: then it runs as the postgres user the package made.
as=""
if [ "$(id -u)" -eq 0 ]; then
	chown postgres "$dir"
	as="runuser -u postgres --"
fi
# the audit key of the run's database, outside the server's folder (docs/security.md)
keydir=$(mktemp -d /tmp/np-pg-key.XXXXXX)
export NEEDLEPOINT_KEY="$keydir/audit.key"
cleanup() {
	$as "$bindir/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1
	rm -rf "$dir" "$keydir"
}
trap cleanup EXIT INT TERM
$as "$bindir/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 \
	>"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; exit 1; }
started=no
for attempt in 1 2 3 4 5 6 7 8; do
	port=$(( 20000 + $(od -An -N2 -tu2 /dev/urandom | tr -d ' ') % 40000 ))
	if $as "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 30 start \
		-o "-h 127.0.0.1 -p $port -k $dir -c max_connections=50" >/dev/null 2>&1; then
		started=yes
		break
	fi
done
if [ "$started" != yes ]; then
	echo "with-postgres: the server did not start" >&2
	cat "$dir/server.log" >&2
	exit 1
fi
"$bindir/psql" -h 127.0.0.1 -p "$port" -U postgres -q -c "CREATE DATABASE needlepoint_test" \
	postgres >/dev/null || exit 1
# a test may restart the server under the program, with the options it started with
export NP_TEST_PG_RESTART="$as $bindir/pg_ctl -D $dir/data -l $dir/server.log -m fast -w -t 30 restart"
NP_TEST_DB="postgresql://postgres@127.0.0.1:$port/needlepoint_test" "$@"
