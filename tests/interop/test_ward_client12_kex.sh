#!/usr/bin/env bash
# ward's TLS 1.2 client (ward-tls-peer client) against `openssl s_server
# -tls1_2` with the key exchanges beyond ECDHE that a client enables with
# --suites12: DHE_RSA over the RFC 7919 groups (s_server given the
# group's parameters with -dhparam), static RSA, CBC suites with
# encrypt-then-MAC and without (-no_etm); resumption by ticket and by
# session ID; s_server's own (non-RFC 7919) DH parameters refused with
# insufficient_security.
set -euo pipefail
. "$(dirname "$0")/tls_lib.sh"
need openssl

ca=$scratch/ca
make_ca "$ca"
issue "$ca" "$scratch/rsa" rsa localhost
for g in ffdhe2048 ffdhe3072; do
	openssl genpkey -genparam -algorithm DH -pkeyopt "group:$g" \
		-out "$scratch/$g.pem" 2>/dev/null || fail "openssl genpkey $g"
done

# client ARGS...: ward's client to $port; output in $out, exit code in $rc
client() {
	rc=0
	out=$(timeout 10 "$WARD_TLS_PEER" client --connect "127.0.0.1:$port" \
		--servername localhost --cafile "$ca/ca.pem" "$@" 2>&1) || rc=$?
}
ok() { [ "$rc" -eq 0 ] || bad "$1: ward's client exited $rc: $out"; }

s_server_version=-tls1_2
# SUITE OPENSSL-NAME GROUP (- for static RSA)
cases="TLS_DHE_RSA_WITH_AES_128_GCM_SHA256:DHE-RSA-AES128-GCM-SHA256:ffdhe2048
TLS_DHE_RSA_WITH_AES_256_GCM_SHA384:DHE-RSA-AES256-GCM-SHA384:ffdhe3072
TLS_DHE_RSA_WITH_CHACHA20_POLY1305_SHA256:DHE-RSA-CHACHA20-POLY1305:ffdhe2048
TLS_RSA_WITH_AES_128_GCM_SHA256:AES128-GCM-SHA256:-
TLS_RSA_WITH_AES_256_GCM_SHA384:AES256-GCM-SHA384:-
TLS_RSA_WITH_AES_128_CBC_SHA256:AES128-SHA256:-
TLS_RSA_WITH_AES_128_CBC_SHA:AES128-SHA:-
TLS_RSA_WITH_AES_256_CBC_SHA:AES256-SHA:-
TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256:ECDHE-RSA-AES128-SHA256:x25519
TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA:ECDHE-RSA-AES256-SHA:x25519"
for c in $cases; do
	IFS=: read -r suite name group <<<"$c"
	args=(-cipher "$name")
	offer=()
	sig=rsa_pss_rsae_sha256
	case $group in
	ffdhe*)
		args+=(-dhparam "$scratch/$group.pem")
		offer=(--groups "x25519:$group")
		;;
	-) sig=- ;;
	esac
	etms=(on)
	case $suite in *_CBC_*) etms=(on off) ;; esac
	for etm in "${etms[@]}"; do
		what="s_server -tls1_2 $name etm=$etm"
		extra=()
		[ "$etm" = off ] && extra=(-no_etm)
		start_s_server "www-$name-$etm" "$scratch/rsa" -www "${args[@]}" \
			"${extra[@]}"
		client --suites12 "$suite" "${offer[@]}"
		ok "$what"
		want "$(ward_line "$out")" "version=TLSv1.2 suite=$suite group=$group sig=$sig alpn=- sni=localhost hrr=0 resumed=0" \
			"$what"
		# (s_server names the version a SHA-1 CBC suite came with: SSLv3)
		want "$out" "Protocol  : TLSv1.2" "$what: s_server's page"
		want "$out" "Cipher is $name" "$what: s_server's page"
		want "$out" "Extended master secret: yes" "$what: s_server's page"
		stop "$srv_pid"
	done
done

# resumption: DHE by ticket, static RSA by session ID
for c in "TLS_DHE_RSA_WITH_AES_128_GCM_SHA256:DHE-RSA-AES128-GCM-SHA256:" \
	"TLS_RSA_WITH_AES_128_GCM_SHA256:AES128-GCM-SHA256:-no_ticket"; do
	IFS=: read -r suite name opt <<<"$c"
	start_s_server "resume-$name" "$scratch/rsa" -www -cipher "$name" \
		-dhparam "$scratch/ffdhe2048.pem" $opt
	client --suites12 "$suite" --groups x25519:ffdhe2048 \
		--sess-out "$scratch/$name.sess"
	ok "$name: first"
	client --suites12 "$suite" --groups x25519:ffdhe2048 \
		--sess-in "$scratch/$name.sess"
	ok "$name: resumed"
	want "$(ward_line "$out")" "suite=$suite group=- sig=- alpn=- sni=localhost hrr=0 resumed=1" \
		"$name: resumed"
	want "$out" "Reused, TLSv1.2, Cipher is $name" "$name: s_server's reuse"
	stop "$srv_pid"
done

# s_server's own DH parameters are no RFC 7919 group: refused (RFC 7919 3)
start_s_server www-dh-auto "$scratch/rsa" -www -cipher DHE-RSA-AES128-GCM-SHA256
client --suites12 TLS_DHE_RSA_WITH_AES_128_GCM_SHA256 --groups x25519:ffdhe2048
[ "$rc" -ne 0 ] || bad "s_server's own DH parameters: accepted: $out"
want "$out" "alert insufficient_security sent" "s_server's own DH parameters"
stop "$srv_pid"

finish "ward's TLS 1.2 client: DHE, static RSA and CBC against openssl s_server"
