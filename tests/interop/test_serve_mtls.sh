#!/usr/bin/env bash
# Client certificates against `ward serve --client-ca`: curl --cert/--key,
# openssl s_client -cert/-key and gnutls-cli (TLS 1.3 and 1.2) get through and are
# named on the connection page and in the access log; without a
# certificate, or with one of another CA or not for client use, the
# handshake fails with the alert each case is owed (as openssl saw it);
# --store-auth cert:CN=alice lets alice write without a password.
set -euo pipefail
. "$(dirname "$0")/serve_lib.sh"
need openssl gnutls-cli htpasswd

cca=$scratch/cca
make_ca "$cca"
issue "$cca" "$scratch/alice" ecdsa --client alice
issue "$cca" "$scratch/bob" rsa --client bob
issue "$cca" "$scratch/server-only" ecdsa carol
# a client certificate of another CA
issue "$ca" "$scratch/mallory" ecdsa --client mallory

site=$scratch/site
mkdir -p "$site" "$scratch/data"
echo hello >"$site/index.html"

# hcurl as NAME: with NAME's certificate
as() { local n=$1; shift; hcurl "$@" --cert "$scratch/$n.pem" --key "$scratch/$n-key.pem"; }

# s_client VERSION ARGS...: a GET of the connection page, output in $out
s_client() {
	local v=$1
	shift
	out=$(printf 'GET /.well-known/ward/connection HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n' |
		timeout 10 openssl s_client "$v" -connect "127.0.0.1:$port" \
			-servername localhost -CAfile "$ca/ca.pem" -ign_eof "$@" 2>&1) || true
}

# ---- --client-auth require (the default with --client-ca) ----
start_serve req --root "$site" --client-ca "$cca/ca.pem" \
	--access-log "$scratch/access.log" \
	--store /files/="$scratch/data" --store-auth cert:CN=alice

page=$(as alice /.well-known/ward/connection) || bad "curl alice: $page"
want "$page" '"client_certificate":{"subject":"CN=alice","sans":"DNS:alice"}' "curl --cert: the connection page"
page=$(as bob /.well-known/ward/connection --tls-max 1.2) || bad "curl bob TLS 1.2: $page"
want "$page" '"tls_version":"TLSv1.2"' "curl TLS 1.2"
want "$page" '"subject":"CN=bob"' "curl --cert TLS 1.2 (RSA)"

# the store: alice writes with her certificate alone, bob (same CA, not
# listed) may not
check_eq "$(code /files/a.txt --cert "$scratch/alice.pem" --key "$scratch/alice-key.pem" -X PUT --data-binary from-alice)" 201 "PUT by alice's certificate"
check_eq "$(cat "$scratch/data/a.txt")" from-alice "alice's upload on disk"
check_eq "$(code /files/b.txt --cert "$scratch/bob.pem" --key "$scratch/bob-key.pem" -X PUT --data-binary from-bob)" 401 "PUT by bob's certificate"
[ ! -e "$scratch/data/b.txt" ] || bad "bob's upload was written"

# the access log names the subject
wait_until 50 grep -q '"CN=alice"$' "$scratch/access.log" ||
	bad "access log without alice's subject: $(cat "$scratch/access.log")"
grep -q 'PUT /files/b.txt HTTP/1.1" 401 .* "CN=bob"$' "$scratch/access.log" ||
	bad "access log without bob's refused PUT: $(cat "$scratch/access.log")"

# openssl s_client, both versions
for v in -tls1_3 -tls1_2; do
	s_client $v -cert "$scratch/alice.pem" -key "$scratch/alice-key.pem"
	want "$out" '"subject":"CN=alice"' "s_client $v -cert"
	s_client $v -cert "$scratch/bob.pem" -key "$scratch/bob-key.pem"
	want "$out" '"subject":"CN=bob"' "s_client $v -cert (RSA)"
done
# gnutls-cli, both versions
for prio in NORMAL:-VERS-ALL:+VERS-TLS1.3 NORMAL:-VERS-ALL:+VERS-TLS1.2; do
	out=$(printf 'GET /.well-known/ward/connection HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n' |
		timeout 10 gnutls-cli --priority "$prio" --x509cafile "$ca/ca.pem" \
			--x509certfile "$scratch/bob.pem" --x509keyfile "$scratch/bob-key.pem" \
			--port "$port" localhost 2>&1) || true
	want "$out" '"subject":"CN=bob"' "gnutls-cli $prio with bob's certificate"
done
# a resumed TLS 1.3 session keeps the identity its ticket was made with
# (no certificate asked for, none sent); TLS 1.2 sessions are not resumed
s_client -tls1_3 -cert "$scratch/alice.pem" -key "$scratch/alice-key.pem" \
	-sess_out "$scratch/s13.pem"
want "$out" '"subject":"CN=alice"' "s_client TLS 1.3, the session's first connection"
s_client -tls1_3 -sess_in "$scratch/s13.pem"
want "$out" "Reused, TLSv1.3" "s_client TLS 1.3 resumed"
want "$out" '"resumed":true' "the connection page of the resumed session"
want "$out" '"client_certificate":{"subject":"CN=alice","sans":"DNS:alice"}' "the resumed session's identity"
s_client -tls1_2 -cert "$scratch/alice.pem" -key "$scratch/alice-key.pem" \
	-sess_out "$scratch/s12.pem"
# (s_client writes no session file for a session that cannot resume: no
# session ID and no ticket)
if [ -s "$scratch/s12.pem" ]; then
	s_client -tls1_2 -cert "$scratch/alice.pem" -key "$scratch/alice-key.pem" \
		-sess_in "$scratch/s12.pem"
	want "$out" "New, TLSv1.2" "s_client TLS 1.2: a full handshake, not a resumption"
	want "$out" '"subject":"CN=alice"' "s_client TLS 1.2, asked again"
fi
# no certificate: certificate_required (RFC 8446 4.4.2.4); TLS 1.2 has
# none, handshake_failure (RFC 5246 7.4.6)
s_client -tls1_3
want "$out" "alert certificate required" "s_client TLS 1.3 without a certificate"
has "$out" '"tls_version"' && bad "s_client without a certificate got the page"
s_client -tls1_2
want "$out" "alert handshake failure" "s_client TLS 1.2 without a certificate"
# another CA: unknown_ca; not for client use: bad_certificate
s_client -tls1_3 -cert "$scratch/mallory.pem" -key "$scratch/mallory-key.pem"
want "$out" "alert unknown ca" "s_client with another CA's certificate"
s_client -tls1_2 -cert "$scratch/server-only.pem" -key "$scratch/server-only-key.pem"
want "$out" "alert bad certificate" "s_client with a serverAuth-only certificate"
# curl without a certificate fails the handshake (curl exit 56 or 35)
rc=0
hcurl / -o /dev/null 2>/dev/null || rc=$?
[ "$rc" -ne 0 ] || bad "curl without a certificate got through"
grep -q "client certificate: unknown CA" "$scratch/req.log" ||
	bad "the error log does not say why mallory was refused: $(cat "$scratch/req.log")"
stop_serve "$master"

# ---- --client-auth optional: no certificate is fine, but writes need one ----
start_serve opt --root "$site" --client-ca "$cca/ca.pem" --client-auth optional \
	--store /files/="$scratch/data" --store-auth cert:CN=alice
page=$(hcurl /.well-known/ward/connection) || bad "optional, no certificate: $page"
want "$page" '"client_certificate":null' "optional without a certificate"
check_eq "$(code /files/c.txt -X PUT --data-binary anon)" 401 "PUT without a certificate"
[ ! -e "$scratch/data/c.txt" ] || bad "an anonymous upload was written"
check_eq "$(code /files/c.txt --cert "$scratch/alice.pem" --key "$scratch/alice-key.pem" -X PUT --data-binary again)" 201 "PUT by alice, optional"
stop_serve "$master"

# ---- flag errors name the flag and the file ----
rc=0
timeout 10 "$WARD_BIN" serve --root "$site" --client-ca "$scratch/nonexistent.pem" \
	>/dev/null 2>"$scratch/err.txt" || rc=$?
[ "$rc" -ne 0 ] || bad "--client-ca of a missing file accepted"
grep -q -- "--client-ca: .*nonexistent.pem" "$scratch/err.txt" ||
	bad "--client-ca error: $(cat "$scratch/err.txt")"
rc=0
timeout 10 "$WARD_BIN" serve --root "$site" --client-auth optional >/dev/null 2>"$scratch/err.txt" || rc=$?
grep -q -- "--client-auth: needs --client-ca FILE" "$scratch/err.txt" ||
	bad "--client-auth without --client-ca: $(cat "$scratch/err.txt")"
timeout 10 "$WARD_BIN" serve --root "$site" --client-ca "$cca/ca.pem" --client-auth maybe \
	>/dev/null 2>"$scratch/err.txt" || true
grep -q -- "--client-auth: 'maybe' is neither require nor optional" "$scratch/err.txt" ||
	bad "--client-auth maybe: $(cat "$scratch/err.txt")"
timeout 10 "$WARD_BIN" serve --root "$site" --store /files/="$scratch/data" \
	--store-auth cert:alice >/dev/null 2>"$scratch/err.txt" || true
grep -q -- "--store-auth: cert:alice: 'alice' is not CN=NAME" "$scratch/err.txt" ||
	bad "--store-auth cert:alice: $(cat "$scratch/err.txt")"
timeout 10 "$WARD_BIN" serve --root "$site" --store /files/="$scratch/data" \
	--store-auth cert:CN=alice >/dev/null 2>"$scratch/err.txt" || true
grep -q -- "--store-auth cert:... for /files/: needs --client-ca FILE" "$scratch/err.txt" ||
	bad "--store-auth cert: without --client-ca: $(cat "$scratch/err.txt")"

# ---- a configuration file: a site's store writable by certificate and by
# password (auth: a list of one of each) ----
mkdir -p "$scratch/sdata"
htpasswd -b -B -c "$scratch/writers" dave 'dave-pw' 2>/dev/null
cat >"$scratch/mtls.yaml" <<YAML
client-ca: $cca/ca.pem
client-auth: optional
sites:
  - names: [localhost]
    routes:
      - path: /files/
        store: {root: $scratch/sdata, auth: [$scratch/writers, "cert:CN=alice"]}
      - path: /
        static: {root: $site}
YAML
start_serve conf --config "$scratch/mtls.yaml"
check_eq "$(code /files/c.txt --cert "$scratch/alice.pem" --key "$scratch/alice-key.pem" -X PUT --data-binary by-cert)" 201 \
	"config: PUT by alice's certificate"
check_eq "$(cat "$scratch/sdata/c.txt")" by-cert "config: alice's upload on disk"
check_eq "$(code /files/d.txt --cert "$scratch/bob.pem" --key "$scratch/bob-key.pem" -X PUT --data-binary by-bob)" 401 \
	"config: PUT by bob's certificate"
check_eq "$(code /files/d.txt -u dave:dave-pw -X PUT --data-binary by-dave)" 201 \
	"config: PUT by dave's password"
check_eq "$(code /files/e.txt -X PUT --data-binary nobody)" 401 "config: PUT by nobody"
[ ! -e "$scratch/sdata/e.txt" ] || bad "config: an anonymous upload was written"
stop_serve "$master"
sed -i '/^client-ca:/d; /^client-auth:/d' "$scratch/mtls.yaml"
rc=0
timeout 10 "$WARD_BIN" serve --config "$scratch/mtls.yaml" >/dev/null 2>"$scratch/err.txt" || rc=$?
[ "$rc" -ne 0 ] || bad "config: cert: without client-ca was served"
grep -q -- "a store's auth: cert:... needs client-ca: FILE" "$scratch/err.txt" ||
	bad "config: cert: without client-ca: $(cat "$scratch/err.txt")"

serve_finish "ward serve --client-ca"

