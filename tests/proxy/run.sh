#!/bin/sh
# The TLS recipe of docs/deploy.md, as a clinic sets it up: nginx from Debian in front, with a
# certificate made here for clinic.example, and `serve --trust-proxy 127.0.0.1 --public-origin`.
# Through it over HTTPS: the first-run setup and sign-in from the public origin's pages, a Secure
# cookie and Strict-Transport-Security, the CSRF token required of a write, the client's address
# as nginx saw it (an address the client claims is not believed), the sign-in throttle on that
# address, and a recall sent as it is read.
# usage: run.sh NEEDLEPOINT SOURCE_DIR
set -eu
bin=$1
src=$(cd "$2" && pwd)
tmp=$(mktemp -d /tmp/np-proxy.XXXXXX)
chmod 755 "$tmp"
server=""
nginx_pid=""
cleanup() {
	[ -n "$server" ] && kill "$server" 2>/dev/null
	[ -n "$nginx_pid" ] && kill "$nginx_pid" 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT
fail() {
	echo "proxy: $*" >&2
	[ -f "$tmp/serve.err" ] && tail -5 "$tmp/serve.err" >&2
	exit 1
}
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

# the certificate a clinic would get for its name, made here and trusted by this test alone
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=clinic.example" \
	-addext "subjectAltName=DNS:clinic.example" \
	-keyout "$tmp/clinic.key" -out "$tmp/clinic.pem" >/dev/null 2>&1 || fail "no certificate"

app_port=$(free_port)
tls_port=$(free_port)
public="https://clinic.example:$tls_port"
"$bin" serve --listen "127.0.0.1:$app_port" --db "$tmp/clinic.db" --trust-proxy 127.0.0.1 \
	--public-origin "$public" >"$tmp/serve.out" 2>"$tmp/serve.err" &
server=$!
i=0
while ! grep -q "setup code" "$tmp/serve.out" && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
code=$(sed -n 's/.*setup code:* *\([A-Za-z0-9-]*\).*/\1/p' "$tmp/serve.out" | head -1)
[ -n "$code" ] || fail "serve did not start: $(cat "$tmp/serve.out" "$tmp/serve.err")"

# docs/deploy.md's server block, with this test's certificate, ports and files
sed -n '/^server {$/,/^}$/p' "$src/docs/deploy.md" | sed \
	-e "s|listen 443 ssl;|listen 127.0.0.1:$tls_port ssl;|" \
	-e "s|/etc/ssl/certs/clinic.example.pem|$tmp/clinic.pem|" \
	-e "s|/etc/ssl/private/clinic.example.key|$tmp/clinic.key|" \
	-e "s|127.0.0.1:8080|127.0.0.1:$app_port|" >"$tmp/site.conf"
grep -q "ssl_certificate $tmp/clinic.pem" "$tmp/site.conf" || fail "docs/deploy.md has no server block to use"
cat >"$tmp/nginx.conf" <<CONF
worker_processes 1;
pid $tmp/nginx.pid;
error_log $tmp/nginx.err;
daemon off;
events { worker_connections 64; }
http {
  access_log off;
  client_body_temp_path $tmp; proxy_temp_path $tmp; fastcgi_temp_path $tmp;
  uwsgi_temp_path $tmp; scgi_temp_path $tmp;
  include $tmp/site.conf;
}
CONF
nginx -c "$tmp/nginx.conf" -p "$tmp" &
nginx_pid=$!
i=0
while ! curl -s -o /dev/null --cacert "$tmp/clinic.pem" --resolve "clinic.example:$tls_port:127.0.0.1" \
	"$public/" && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done

call() { # METHOD PATH [BODY [CSRF]]: the answer's headers in $tmp/head, its body in $tmp/body
	set -- "$@" "" ""
	curl -s --cacert "$tmp/clinic.pem" --resolve "clinic.example:$tls_port:127.0.0.1" \
		-b "$tmp/jar" -c "$tmp/jar" -X "$1" -H "Origin: $public" \
		-H "X-Forwarded-For: 203.0.113.9" ${4:+-H "X-CSRF-Token: $4"} \
		${3:+-H "Content-Type: application/json" --data "$3"} \
		-D "$tmp/head" -o "$tmp/body" -w '%{http_code}' "$public$2"
}

status=$(call POST /api/v1/setup "{\"clinic\": \"Skin Studio\", \"admin\": \"ada\", \"time_zone\": \"UTC\", \"password\": \"a long passphrase\", \"code\": \"$code\"}")
[ "$status" = 201 ] || fail "setup through the proxy: $status $(cat "$tmp/body")"
status=$(call POST /api/v1/sign-in '{"name": "ada", "password": "a long passphrase"}')
[ "$status" = 200 ] || fail "sign-in through the proxy: $status $(cat "$tmp/body")"
grep -i '^set-cookie:.*; Secure' "$tmp/head" >/dev/null || fail "the session cookie is not Secure"
grep -i '^strict-transport-security:' "$tmp/head" >/dev/null || fail "no Strict-Transport-Security"
csrf=$(sed -n 's/.*"csrf":"\([^"]*\)".*/\1/p' "$tmp/body")

# a write needs the session's CSRF token
status=$(call POST /api/v1/clients '{"name": "Grace Hopper", "birth_date": "1980-12-09"}')
[ "$status" = 403 ] || fail "a write without the CSRF token: $status"
status=$(call POST /api/v1/clients '{"name": "Grace Hopper", "birth_date": "1980-12-09"}' "$csrf")
[ "$status" = 201 ] || fail "a write with it: $status $(cat "$tmp/body")"

# the address is nginx's view of the client, never the one the client claims
grep -q "route=/api/v1/clients status=201 .* from=127.0.0.1" "$tmp/serve.err" ||
	fail "the client's address was not the proxy's view of it"
if grep -q "from=203.0.113.9" "$tmp/serve.err"; then
	fail "an X-Forwarded-For the client sent was believed"
fi

# the sign-in throttle counts the client's failures through the proxy: three cost nothing, then
# the next waits (429 with Retry-After), counted on the address nginx saw
for i in 1 2 3 4; do call POST /api/v1/sign-in '{"name": "ada", "password": "not the passphrase"}' >/dev/null; done
status=$(call POST /api/v1/sign-in '{"name": "ada", "password": "not the passphrase"}')
[ "$status" = 429 ] || fail "failed sign-ins through the proxy were not held back: $status"
grep -qi '^retry-after:' "$tmp/head" || fail "no Retry-After"

# a long answer comes through as it is read, whole
status=$(call GET "/api/v1/recall?lot=NONE")
[ "$status" = 200 ] || fail "recall through the proxy: $status"
grep -q '"sessions":\[\]' "$tmp/body" || fail "recall: $(cat "$tmp/body")"
echo "proxy: ok"
