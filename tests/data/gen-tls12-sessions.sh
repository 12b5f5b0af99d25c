#!/usr/bin/env bash
# Regenerate tests/data/tls12/*.txt: TLS 1.2 sessions between `openssl
# s_client` and `openssl s_server` on loopback, recorded by a relay between
# them, with the master secret from the client's key log. The output is
# committed; run this only to change it. test_tls_keysched12.c and
# test_tls_record12.c derive the keys from these and check the Finished
# messages and open the records, so neither the vectors nor the checks come
# from ward.
#
# Each file holds one "name hex" pair per line:
#   suite, client_random, server_random, master_secret
#   c RECORD / s RECORD   every record, client to server or back, in order
# The client sends "ward tls12\n"; the server (-rev) answers it reversed.
# With names as arguments, only those sessions are recorded again.
set -euo pipefail
only=" $* "
cd "$(dirname "$0")"
out=tls12
tmp=$(mktemp -d)
trap 'kill ${pids:-} 2>/dev/null || true; rm -rf "$tmp"' EXIT

openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
	-keyout "$tmp/ec.key" -out "$tmp/ec.pem" -days 1 -subj /CN=localhost \
	2>/dev/null
openssl req -x509 -newkey rsa:2048 -nodes -keyout "$tmp/rsa.key" \
	-out "$tmp/rsa.pem" -days 1 -subj /CN=localhost 2>/dev/null

free_port() {
	python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

# name cipher key-type [s_client options]
session() {
	local name=$1 cipher=$2 kt=$3
	shift 3
	[ "$only" = "  " ] || [[ "$only" == *" $name "* ]] || return 0
	local sport rport
	sport=$(free_port)
	rport=$(free_port)
	openssl s_server -quiet -rev -tls1_2 -no_ticket -cipher "$cipher" \
		-cert "$tmp/$kt.pem" -key "$tmp/$kt.key" -accept "$sport" \
		>/dev/null 2>&1 &
	local srv=$!
	pids="$srv"
	python3 - "$rport" "$sport" "$tmp/$name.rec" <<'PY' &
import socket, sys, select
lport, sport, path = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
ls = socket.socket()
ls.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
ls.bind(("127.0.0.1", lport))
ls.listen(1)
ls.settimeout(20)
c, _ = ls.accept()
s = socket.create_connection(("127.0.0.1", sport), timeout=20)
bufs = {"c": b"", "s": b""}
recs = []
peer = {c: (s, "c"), s: (c, "s")}
open_ = {c, s}
while open_:
    r, _, _ = select.select(list(open_), [], [], 20)
    if not r:
        break
    for x in r:
        d = x.recv(65536)
        to, who = peer[x]
        if not d:
            open_.discard(x)
            try:
                to.shutdown(socket.SHUT_WR)
            except OSError:
                pass
            continue
        to.sendall(d)
        bufs[who] += d
        b = bufs[who]
        while len(b) >= 5 and len(b) >= 5 + int.from_bytes(b[3:5], "big"):
            n = 5 + int.from_bytes(b[3:5], "big")
            recs.append((who, b[:n]))
            b = b[n:]
        bufs[who] = b
with open(path, "w") as f:
    for who, rec in recs:
        f.write(f"{who} {rec.hex()}\n")
PY
	local relay=$!
	pids="$srv $relay"
	for _ in $(seq 50); do
		python3 -c "import socket; socket.create_connection(('127.0.0.1',$sport),1).close()" 2>/dev/null && break
		sleep 0.1
	done
	sleep 0.2
	{ printf 'ward tls12\n'; sleep 1; } |
		openssl s_client -quiet -tls1_2 -cipher "$cipher" "$@" \
			-connect "127.0.0.1:$rport" -keylogfile "$tmp/$name.log" \
			>"$tmp/$name.out" 2>/dev/null || true
	wait "$relay" || true
	kill "$srv" 2>/dev/null || true
	wait "$srv" 2>/dev/null || true
	pids=""
	grep -qx '21slt draw' "$tmp/$name.out"
	read -r _ cr ms < <(grep '^CLIENT_RANDOM ' "$tmp/$name.log")
	# ServerHello.random: bytes 6..37 of the handshake body in the
	# server's first record.
	local sh
	sh=$(awk '$1=="s"{print $2; exit}' "$tmp/$name.rec")
	{
		echo "suite $cipher"
		echo "client_random $cr"
		echo "server_random ${sh:22:64}"
		echo "master_secret $ms"
		cat "$tmp/$name.rec"
	} >"$out/$name.txt"
}

session ecdhe-ecdsa-aes128-gcm ECDHE-ECDSA-AES128-GCM-SHA256 ec
session ecdhe-rsa-aes256-gcm ECDHE-RSA-AES256-GCM-SHA384 rsa
session ecdhe-ecdsa-chacha20 ECDHE-ECDSA-CHACHA20-POLY1305 ec
# CBC suites: openssl offers and accepts encrypt_then_mac (RFC 7366)
# unless told not to
session ecdhe-rsa-aes128-sha-etm ECDHE-RSA-AES128-SHA rsa
session ecdhe-rsa-aes256-sha-mte ECDHE-RSA-AES256-SHA rsa -no_etm
session ecdhe-ecdsa-aes128-sha256-mte ECDHE-ECDSA-AES128-SHA256 ec -no_etm
session ecdhe-rsa-aes128-sha256-etm ECDHE-RSA-AES128-SHA256 rsa
