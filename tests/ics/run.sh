#!/bin/sh
# The client's calendar file, read with libical as a calendar reads it (tests/ics/validate.c): a
# clinic in Paris with its address and email; a consultation before summer time begins and one
# after, the second cancelled. The file passes RFC 5545 and RFC 5546 (METHOD:PUBLISH); both events
# are at Paris time with a zone that changes to summer time between them; the booked one has its
# reminder and the cancelled one is CANCELLED at a higher SEQUENCE; the clinic organizes them at
# its address; a clinic without an email publishes no METHOD it cannot honour; and a second
# installation gives the same appointment another UID.
# usage: run.sh NEEDLEPOINT ICS_VALIDATE
set -eu
bin=$1
validate=$2
tmp=$(mktemp -d /tmp/np-ics.XXXXXX)
pids=""
cleanup() {
	for p in $pids; do kill "$p" 2>/dev/null; done
	rm -rf "$tmp"
}
trap cleanup EXIT
fail() {
	echo "ics: $*" >&2
	exit 1
}

# a clinic on a server of its own: setup, sign-in, two consultations, one cancelled; its file
clinic() { # NAME [EMAIL]: the calendar file in $tmp/NAME.ics
	dir=$tmp/$1
	mkdir "$dir"
	"$bin" serve --listen 127.0.0.1:0 --db "$dir/clinic.db" >"$dir/out" 2>"$dir/err" &
	pids="$pids $!"
	i=0
	while ! grep -q "setup code" "$dir/out" && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
	base=$(sed -n 's|listening on \(http://127.0.0.1:[0-9]*\)/|\1|p' "$dir/out")
	code=$(sed -n 's/.*setup code \([A-Za-z0-9-]*\).*/\1/p' "$dir/out")
	[ -n "$code" ] || fail "the server did not start: $(cat "$dir/err")"
	api() { # METHOD PATH [BODY]
		curl -s -b "$dir/jar" -c "$dir/jar" -X "$1" -H "X-CSRF-Token: ${csrf:-}" \
			${3:+-H "Content-Type: application/json" --data "$3"} "$base/api/v1$2"
	}
	api POST /setup "{\"clinic\": \"Skin Studio\", \"admin\": \"ada\", \"time_zone\": \"Europe/Paris\", \"password\": \"a long passphrase\", \"code\": \"$code\", \"address\": \"12 rue de la Paix, 75002 Paris\", \"phone\": \"+33 1 23 45 67 89\"${2:+, \"email\": \"$2\"}}" >/dev/null
	csrf=$(api POST /sign-in '{"name": "ada", "password": "a long passphrase"}' | sed -n 's/.*"csrf":"\([^"]*\)".*/\1/p')
	api POST /clients '{"name": "Grace Hopper", "birth_date": "1980-12-09"}' >/dev/null
	api POST /clients/1/appointments '{"date": "2027-03-26", "time": "10:00"}' >/dev/null
	api POST /clients/1/appointments '{"date": "2027-04-02", "time": "10:00"}' >/dev/null
	api POST /appointments/2/cancel '{"reason": "the client is away"}' | grep -q cancelled ||
		fail "the cancellation was not made"
	api GET /clients/1/appointments.ics >"$tmp/$1.ics"
}

clinic first desk@skin.example
"$validate" "$tmp/first.ics" >"$tmp/first.out" || fail "libical: $(cat "$tmp/first.out")"
grep -q "^zone Europe/Paris DAYLIGHT 3600 7200$" "$tmp/first.out" ||
	fail "no change to summer time in the zone: $(cat "$tmp/first.out")"
event() { grep "^event appointment-$1@" "$tmp/$2.out"; }
event 1 first | grep -q " CONFIRMED 0 Europe/Paris alarm mailto:desk@skin.example | Skin Studio, 12 rue de la Paix, 75002 Paris$" ||
	fail "the booking: $(cat "$tmp/first.out")"
event 2 first | grep -q " CANCELLED 1 Europe/Paris no-alarm " || fail "the cancellation: $(cat "$tmp/first.out")"
grep -q "^DTSTART;TZID=Europe/Paris:20270326T100000" "$tmp/first.ics" || fail "the local time of the first"

# a clinic without an email: no organizer, so a plain calendar rather than a published one
clinic second
"$validate" "$tmp/second.ics" >"$tmp/second.out" || fail "libical: $(cat "$tmp/second.out")"
grep -q "^METHOD:" "$tmp/second.ics" && fail "published without an organizer"
grep -q "^METHOD:PUBLISH" "$tmp/first.ics" || fail "not published with its organizer"
one=$(event 1 first | cut -d' ' -f2)
other=$(event 1 second | cut -d' ' -f2)
[ -n "$one" ] && [ "$one" != "$other" ] || fail "two installations gave appointment 1 the same UID $one"
echo "ics: ok"
