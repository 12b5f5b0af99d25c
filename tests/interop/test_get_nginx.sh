#!/usr/bin/env bash
# `ward get` against nginx (Debian's package, run by this test with its own
# configuration on a free loopback port, TLS with a `ward ca` certificate):
# GET and HEAD, what was negotiated, keep-alive (one connection for three
# URLs, counted by nginx's $connection), --compressed against nginx's own
# gzip, PUT and DELETE through nginx's WebDAV module (the bytes on disk),
# --fail on a 404, --pinnedpubkey.
set -euo pipefail
. "$(dirname "$0")/serve_lib.sh"
. "$(dirname "$0")/get_lib.sh"
need nginx
need openssl

ng=$scratch/nginx
mkdir -p "$ng/site" "$ng/logs" "$ng/tmp"
# nginx's workers run as nobody: they read the site and write uploads
chmod 755 "$scratch"
chmod 777 "$ng/site" "$ng/tmp"
seq 1 20000 >"$ng/site/numbers.txt"
echo "hello from nginx" >"$ng/site/index.html"
chmod 644 "$ng/site/"*

nport=$(freeport)
cat >"$ng/nginx.conf" <<CONF
daemon off;
master_process on;
worker_processes 1;
pid $ng/nginx.pid;
error_log $ng/logs/error.log warn;
events { worker_connections 64; }
http {
    log_format conn '\$connection \$request_method \$uri \$status';
    access_log $ng/logs/access.log conn;
    default_type text/plain;
    client_body_temp_path $ng/tmp/body;
    proxy_temp_path $ng/tmp/proxy;
    fastcgi_temp_path $ng/tmp/fastcgi;
    uwsgi_temp_path $ng/tmp/uwsgi;
    scgi_temp_path $ng/tmp/scgi;
    gzip on;
    gzip_min_length 1;
    gzip_types text/plain;
    server {
        listen 127.0.0.1:$nport ssl;
        ssl_certificate $cert;
        ssl_certificate_key $key;
        ssl_protocols TLSv1.2 TLSv1.3;
        root $ng/site;
        location /dav/ {
            dav_methods PUT DELETE;
            create_full_put_path on;
        }
    }
}
CONF
nginx -c "$ng/nginx.conf" -p "$ng" -e "$ng/logs/error.log" \
	>"$ng/logs/stdout.log" 2>&1 &
nginx_pid=$!
pids+=("$nginx_pid")
up() { curl -s -o /dev/null --cacert "$ca/ca.pem" --resolve "localhost:$nport:127.0.0.1" "https://localhost:$nport/"; }
wait_until 100 up || fail "nginx did not start: $(cat "$ng/logs/error.log" "$ng/logs/stdout.log")"
: >"$ng/logs/access.log"

tls=(--cacert "$ca/ca.pem" --resolve "localhost:$nport:127.0.0.1")
base=https://localhost:$nport

get "${tls[@]}" -w '%{http_code} %{tls_version} %{num_connects}' "$base/"
rc_is 0 "GET from nginx"
check_eq "$out" $'hello from nginx\n200 TLSv1.3 1' "GET: body, status, TLS 1.3"

get "${tls[@]}" --tls-max 1.2 -w '%{tls_version}' -o /dev/null "$base/"
rc_is 0 "GET over TLS 1.2"
check_eq "$out" "TLSv1.2" "nginx over TLS 1.2"

get "${tls[@]}" -I "$base/numbers.txt"
rc_is 0 "HEAD"
want "$out" "HTTP/1.1 200 OK" "HEAD: the status line"
want "$out" "Content-Length: $(stat -c %s "$ng/site/numbers.txt")" "HEAD: the length"

# keep-alive: three URLs, one TLS connection on nginx's side
: >"$ng/logs/access.log"
get "${tls[@]}" "$base/" "$base/numbers.txt" "$base/"
rc_is 0 "three URLs"
wait_until 50 test "$(wc -l <"$ng/logs/access.log")" -ge 3 || true
check_eq "$(awk '{print $1}' "$ng/logs/access.log" | sort -u | wc -l)" 1 \
	"three URLs on one nginx connection"

# nginx's gzip, decoded; without --compressed nginx sends it plain
get "${tls[@]}" --compressed -i "$base/numbers.txt"
rc_is 0 "--compressed against nginx"
want "$out" "Content-Encoding: gzip" "nginx answered gzip"
get "${tls[@]}" --compressed -o "$scratch/numbers.got" "$base/numbers.txt"
cmp -s "$scratch/numbers.got" "$ng/site/numbers.txt" ||
	bad "--compressed: the decoded body differs from the file"

# PUT and DELETE through nginx's WebDAV module: the bytes on disk
head -c 300000 /dev/urandom >"$scratch/up.bin"
get "${tls[@]}" -X PUT --data-binary "@$scratch/up.bin" -w '%{http_code}' "$base/dav/a/up.bin"
rc_is 0 "PUT"
check_eq "$out" 201 "PUT: 201 Created"
cmp -s "$scratch/up.bin" "$ng/site/dav/a/up.bin" || bad "PUT: the bytes on disk differ"
get "${tls[@]}" -X DELETE -w '%{http_code}' "$base/dav/a/up.bin"
check_eq "$out" 204 "DELETE: 204"
[ ! -e "$ng/site/dav/a/up.bin" ] || bad "DELETE: the file is still there"

get "${tls[@]}" --fail "$base/missing"
rc_is 22 "--fail on nginx's 404"
want "$err" "returned error: 404" "--fail: the status named"

openssl x509 -in "$cert" -pubkey -noout |
	openssl pkey -pubin -outform DER >"$scratch/pub.der"
get "${tls[@]}" --pinnedpubkey "$scratch/pub.der" -o /dev/null "$base/"
rc_is 0 "--pinnedpubkey against nginx"

stop "$nginx_pid"
serve_finish test_get_nginx
