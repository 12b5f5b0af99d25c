#!/usr/bin/env bash
# `ward get -v`, --trace-json and --ladder against `ward serve` and openssl
# s_server: the handshake events in order with their directions, keys and
# key fields (TLS 1.3 full, after a HelloRetryRequest, resumed; TLS 1.2
# full and resumed), one handshake for several URLs (from the trace), the
# alert of a refused certificate, close_notify; every JSON line parses and
# carries the documented fields; the ladder's columns and round trips.
set -euo pipefail
. "$(dirname "$0")/serve_lib.sh"
. "$(dirname "$0")/get_lib.sh"
need openssl

site_root
head -c 200000 /dev/zero >"$site/big.bin"

# the TLS lines of the last get's stderr ("* TLS +T ms DIR LABEL  FIELDS"),
# as "DIR LABEL" (ChangeCipherSpec
# left out: servers differ in sending the compatibility one)
events() {
	sed -n 's/^\* TLS +[0-9.]*ms \([<>]\) \(.*\)$/\1 \2/p' <<<"$err" | sed 's/  .*//' |
		grep -v ChangeCipherSpec | tr '\n' ' ' | sed 's/ $//'
}
# the -v line of event "DIR LABEL" (the first)
line_of() { grep -E -m1 "^\* TLS \+[0-9.]+ms $(printf '%s' "$1" | sed 's/[][{}()]/\\&/g')(  |$)" <<<"$err" || true; }
has_field() { # has_field "DIR LABEL" FIELD=VALUE WHAT
	local l
	l=$(line_of "$1")
	[[ " $l " == *" $2 "* ]] || bad "$3: no $2 in '$l'"
}

# events_begin PREFIX WHAT: the last get's events (in $ev) begin with PREFIX
events_begin() {
	ev=$(events)
	[[ "$ev" == "$1"* ]] || bad "$2 order: $ev"
}
# at_port: $tls and $base for a server on $port
at_port() {
	tls=(--cacert "$ca/ca.pem" --resolve "localhost:$port:127.0.0.1")
	base=https://localhost:$port
}

tls13_full='> ClientHello < ServerHello < {EncryptedExtensions} < {Certificate} < {CertificateVerify} < {Finished} > {Finished}'
hrr_start='> ClientHello < HelloRetryRequest > ClientHello < ServerHello < {EncryptedExtensions}'
tls12_full='> ClientHello < ServerHello < Certificate < ServerKeyExchange < ServerHelloDone > ClientKeyExchange > [Finished]'

# --- ward serve, TLS 1.3: -v ---
start_serve main --root "$site"
at_port

get "${tls[@]}" -v "$base/"
rc_is 0 "-v"
want "$out" "hello from ward" "-v: the body still on stdout"
events_begin "$tls13_full < [NewSessionTicket]" "-v TLS 1.3"
[[ "$ev" == *"> [Alert close_notify]" ]] || bad "-v: close_notify last: $ev"
has_field "> ClientHello" "versions=TLS1.3,TLS1.2" "ClientHello versions"
has_field "> ClientHello" "share=x25519" "ClientHello key share"
has_field "> ClientHello" "alpn=http/1.1" "ClientHello ALPN"
has_field "> ClientHello" "sni=localhost" "ClientHello SNI"
want "$(line_of '> ClientHello')" "suites=TLS_AES_128_GCM_SHA256," "ClientHello suites"
want "$(line_of '> ClientHello')" "groups=x25519," "ClientHello groups"
has_field "< ServerHello" "version=TLS1.3" "ServerHello version"
has_field "< ServerHello" "suite=TLS_AES_128_GCM_SHA256" "ServerHello suite"
has_field "< ServerHello" "group=x25519" "ServerHello group"
has_field "< {EncryptedExtensions}" "alpn=http/1.1" "EncryptedExtensions ALPN"
has_field "< {Certificate}" "certs=1" "Certificate count"
want "$err" "*     cert[0] subject=CN=localhost issuer=\"CN=ward local CA\"" "certificate subject and issuer"
want "$err" 'key="EC P-256"' "certificate key type"
want "$err" 'san="localhost, 127.0.0.1, ::1"' "certificate SANs"
grep -qE '^\*     cert\[0\] .* not_before=[0-9]{4}-[0-9]{2}-[0-9]{2} not_after=[0-9]{4}-' <<<"$err" ||
	bad "certificate validity: $err"
has_field "< {CertificateVerify}" "scheme=ecdsa_secp256r1_sha256" "CertificateVerify scheme"
has_field "< {CertificateVerify}" "chain=verified" "the chain's verification result"
has_field "< [NewSessionTicket]" "lifetime=3600" "NewSessionTicket lifetime"
has_field "< [NewSessionTicket]" "age_add=yes" "NewSessionTicket age_add"
has_field "> [Alert close_notify]" "level=warning" "close_notify level"
# request and response heads, in order around the handshake
want "$err" "> GET / HTTP/1.1" "-v: the request line"
want "$err" "> Host: localhost:$port" "-v: the request's Host"
want "$err" "< HTTP/1.1 200 OK" "-v: the status line"
want "$err" "< Content-Length: 16" "-v: a response field"
order=$(grep -nE '^(\* TLS .* > \{Finished\}|> GET / |< HTTP/1.1 200)' <<<"$err" | cut -d: -f1 | tr '\n' ' ')
read -r a b c <<<"$order"
[ -n "${c:-}" ] && [ "$a" -lt "$b" ] && [ "$b" -lt "$c" ] || bad "-v: Finished, request, response out of order: $order"
# times since the start, never going back
python3 -c '
import re, sys
t = [float(x) for x in re.findall(r"^\* TLS \+([0-9.]+)ms", sys.stdin.read(), re.M)]
sys.exit(not (t and t == sorted(t)))' <<<"$err" || bad "-v times not in order: $err"

# --- a HelloRetryRequest: the server wants x25519, offered second ---
get "${tls[@]}" -v --groups secp384r1:x25519 -o /dev/null "$base/"
rc_is 0 "-v HRR"
events_begin "$hrr_start" "-v HRR"
has_field "< HelloRetryRequest" "group=x25519" "HelloRetryRequest group"
has_field "> ClientHello" "share=secp384r1" "first ClientHello's share"
[ "$(grep -c 'ClientHello .*share=x25519 .*cookie=yes' <<<"$err")" = 1 ] ||
	bad "the second ClientHello: share x25519 and the cookie: $err"

# --- keep-alive: three URLs, one handshake (asserted from the trace) ---
get "${tls[@]}" -v --trace-json "$scratch/ka.json" -o /dev/null -o /dev/null -o /dev/null \
	"$base/" "$base/" "$base/"
rc_is 0 "-v keep-alive"
check_eq "$(grep -c '^\* TLS .* > ClientHello' <<<"$err")" 1 "three URLs: ClientHellos in -v"
check_eq "$(grep -c '^< HTTP/1.1 200 OK' <<<"$err")" 3 "three URLs: responses in -v"
check_eq "$(grep -c '^\* Re-using the connection' <<<"$err")" 2 "three URLs: reuses in -v"
python3 - "$scratch/ka.json" <<'EOF' || bad "keep-alive JSON: one connect, one ClientHello, three requests"
import json, sys
ev = [json.loads(l) for l in open(sys.argv[1])]
kinds = [e["kind"] for e in ev]
hellos = [e for e in ev if e.get("msg") == "ClientHello"]
assert kinds.count("connect") == 1 and kinds.count("reuse") == 2, kinds
assert len(hellos) == 1 and hellos[0]["conn"] == 1, hellos
assert kinds.count("http_request") == 3 and kinds.count("http_response") == 3
assert all(e["conn"] == 1 for e in ev)
EOF

# --- --trace-json: every line parses, the documented fields ---
get "${tls[@]}" --trace-json "$scratch/t.json" -o /dev/null "$base/"
rc_is 0 "--trace-json"
python3 - "$scratch/t.json" <<'EOF' || bad "--trace-json content: $(cat "$scratch/t.json")"
import json, sys
ev = [json.loads(l) for l in open(sys.argv[1])]
tls = [e for e in ev if e["kind"] in ("handshake", "ccs", "alert", "app_data")]
for e in tls:
    for k in ("t_ms", "conn", "kind", "rt", "dir", "msg", "epoch", "negotiated", "length", "fields"):
        assert k in e, (k, e)
    assert e["dir"] in ("sent", "received") and e["epoch"] in ("plaintext", "early", "handshake", "application")
ts = [e["t_ms"] for e in ev]
assert ts == sorted(ts), ts
hs = [(e["dir"], e["msg"], e["epoch"], e["rt"]) for e in tls if e["kind"] == "handshake"]
assert hs[:7] == [("sent", "ClientHello", "plaintext", 1), ("received", "ServerHello", "plaintext", 1),
                  ("received", "EncryptedExtensions", "handshake", 1), ("received", "Certificate", "handshake", 1),
                  ("received", "CertificateVerify", "handshake", 1), ("received", "Finished", "handshake", 1),
                  ("sent", "Finished", "handshake", 2)], hs
f = {e["msg"]: e["fields"] for e in tls if e["dir"] == "received" or e["msg"] == "ClientHello"}
ch = f["ClientHello"]
assert ch["versions"] == ["TLS1.3", "TLS1.2"] and ch["share"] == ["x25519"] and ch["sni"] == "localhost", ch
assert "TLS_AES_128_GCM_SHA256" in ch["suites"] and ch["alpn"] == ["http/1.1"] and "psk" not in ch
assert f["ServerHello"]["group"] == "x25519" and f["ServerHello"]["version"] == "TLS1.3"
c = f["Certificate"]
assert c["certs"] == 1 and c["certificates"][0]["subject"] == "CN=localhost", c
assert c["certificates"][0]["key"] == "EC P-256" and "localhost" in c["certificates"][0]["san"]
assert f["CertificateVerify"]["scheme"] == "ecdsa_secp256r1_sha256" and f["CertificateVerify"]["chain"] == "verified"
nst = [e for e in tls if e["msg"] == "NewSessionTicket"]
assert nst and nst[0]["epoch"] == "application" and nst[0]["fields"]["lifetime"] == 3600
app = [e for e in tls if e["kind"] == "app_data"]
assert app[0]["dir"] == "sent" and app[0]["rt"] == 2 and app[0]["length"] > 0, app
last = tls[-1]
assert last["kind"] == "alert" and last["fields"] == {"level": "warning", "desc": "close_notify"}, last
EOF
# - is stdout, beside the body
get "${tls[@]}" --trace-json - "$base/"
rc_is 0 "--trace-json -"
want "$out" "hello from ward" "--trace-json -: the body"
grep '^{' <<<"$out" | python3 -c 'import json, sys; [json.loads(l) for l in sys.stdin]' ||
	bad "--trace-json -: invalid JSON on stdout"
want "$out" '"msg":"ServerHello"' "--trace-json -: the events on stdout"
# strings are escaped: a quote and a backslash in the request line
get "${tls[@]}" --trace-json - -o /dev/null "$base/q\"\\x"
rc_is 0 "--trace-json: a quote in the URL"
grep '^{' <<<"$out" | python3 -c '
import json, sys
lines = [json.loads(l) for l in sys.stdin]
req = [e for e in lines if e["kind"] == "http_request"]
sys.exit(req[0]["line"] != "GET /q\"\\x HTTP/1.1")' || bad "--trace-json: escaping: $out"
get "${tls[@]}" --trace-json "$scratch/no/such/dir/t.json" "$base/"
rc_is 23 "--trace-json into a missing directory"

# --- resumption: --session FILE used twice ---
get "${tls[@]}" --session "$scratch/sess" -o /dev/null "$base/"
rc_is 0 "--session first run"
get "${tls[@]}" -v --session "$scratch/sess" --trace-json "$scratch/r.json" -o /dev/null "$base/"
rc_is 0 "--session second run"
events_begin "> ClientHello < ServerHello < {EncryptedExtensions} < {Finished} > {Finished}" "resumed (no Certificate)"
has_field "> ClientHello" "psk=offered" "resumed: psk offered"
has_field "< ServerHello" "psk=accepted" "resumed: psk accepted"
python3 - "$scratch/r.json" <<'EOF' || bad "resumed JSON"
import json, sys
ev = [json.loads(l) for l in open(sys.argv[1])]
msgs = [e["msg"] for e in ev if e["kind"] == "handshake"]
assert "Certificate" not in msgs and "CertificateVerify" not in msgs, msgs
sh = [e for e in ev if e.get("msg") == "ServerHello"][0]
assert sh["fields"]["psk"] == "accepted"
EOF

# --- --ladder: two columns, the keys' brackets, round trips ---
# ladder_check WHAT: sent rows end in " ->" and received rows start
# "<- " at one column; rows carry their round trip
ladder_check() {
	python3 -c '
import re, sys
rows = [l for l in sys.stdin.read().splitlines() if re.match(r"^ *\d+ +[0-9.]+ms  ", l)]
assert rows, "no rows"
cols = set()
for r in rows:
    if r.endswith(" ->"):
        cols.add(len(r) - 2)
    else:
        i = r.index(" <- ")
        assert r[:i].strip().endswith("ms"), r
        cols.add(i + 1)
assert len(cols) == 1, cols
' <<<"$err" || bad "$1: ladder layout: $err"
}
# rt_of LABEL-PATTERN: the round trip of the first row matching it
rt_of() { grep -E -m1 -- "$1" <<<"$err" | awk '{print $1}'; }

get "${tls[@]}" --ladder -o /dev/null "$base/"
rc_is 0 "--ladder TLS 1.3"
ladder_check "--ladder TLS 1.3"
want "$err" "connection 1: Connected to localhost" "ladder: the connection"
check_eq "$(rt_of ' ClientHello ->$')" 1 "ladder: ClientHello in round trip 1"
check_eq "$(rt_of '<- ServerHello$')" 1 "ladder: ServerHello in round trip 1"
check_eq "$(rt_of '<- \{EncryptedExtensions\}$')" 1 "ladder: {EncryptedExtensions} in braces"
check_eq "$(rt_of '<- \{Certificate\}$')" 1 "ladder: {Certificate}"
check_eq "$(rt_of ' \{Finished\} ->$')" 2 "ladder: the client's {Finished} in round trip 2"
check_eq "$(rt_of ' \[Application Data\] ->$')" 2 "ladder: the request in round trip 2"
check_eq "$(rt_of '<- \[Application Data\]$')" 2 "ladder: the response in round trip 2"
want "$err" "a 1-RTT handshake" "ladder: TLS 1.3 is 1-RTT"

# records in a row are one row
get "${tls[@]}" --ladder -o /dev/null "$base/big.bin"
rc_is 0 "--ladder big body"
ladder_check "--ladder big body"
grep -qE '<- \[Application Data\] x([2-9]|[1-9][0-9]+)$' <<<"$err" ||
	bad "ladder: the body's records in one row: $err"
check_eq "$(grep -c '<- \[Application Data\]' <<<"$err")" 1 "ladder: one row for the body"

get "${tls[@]}" --ladder --session "$scratch/sess" -o /dev/null "$base/"
rc_is 0 "--ladder resumed"
ladder_check "--ladder resumed"
grep -q '{Certificate}' <<<"$err" && bad "ladder resumed: a Certificate: $err"
want "$err" "a 1-RTT handshake" "ladder: resumed TLS 1.3 is 1-RTT too"

get "${tls[@]}" --ladder --tls-max 1.2 --session "$scratch/sess12" -o /dev/null "$base/"
rc_is 0 "--ladder TLS 1.2"
ladder_check "--ladder TLS 1.2"
check_eq "$(rt_of '<- ServerHelloDone$')" 1 "ladder TLS 1.2: ServerHelloDone in round trip 1"
check_eq "$(rt_of ' ClientKeyExchange ->$')" 2 "ladder TLS 1.2: ClientKeyExchange in round trip 2"
check_eq "$(rt_of ' \[Finished\] ->$')" 2 "ladder TLS 1.2: the client's Finished under the new keys"
check_eq "$(rt_of ' \[Application Data\] ->$')" 3 "ladder TLS 1.2: the request in round trip 3"
want "$err" "a 2-RTT handshake" "ladder: TLS 1.2 full is 2-RTT"
get "${tls[@]}" --ladder --tls-max 1.2 --session "$scratch/sess12" -o /dev/null "$base/"
rc_is 0 "--ladder TLS 1.2 resumed"
ladder_check "--ladder TLS 1.2 resumed"
grep -q 'Certificate' <<<"$err" && bad "ladder TLS 1.2 resumed: a Certificate: $err"
check_eq "$(rt_of '<- \[Finished\]$')" 1 "ladder TLS 1.2 resumed: the server's Finished in round trip 1"
want "$err" "a 1-RTT handshake" "ladder: TLS 1.2 resumed is 1-RTT"

# --- TLS 1.2 with -v ---
get "${tls[@]}" -v --tls-max 1.2 -o /dev/null "$base/"
rc_is 0 "-v TLS 1.2"
events_begin "$tls12_full < NewSessionTicket < [Finished]" "-v TLS 1.2"
has_field "> ClientHello" "versions=TLS1.2" "TLS 1.2 ClientHello"
has_field "< ServerHello" "version=TLS1.2" "TLS 1.2 ServerHello"
has_field "< ServerKeyExchange" "group=x25519" "ServerKeyExchange group"
has_field "< ServerKeyExchange" "scheme=ecdsa_secp256r1_sha256" "ServerKeyExchange scheme"
has_field "< ServerKeyExchange" "chain=verified" "TLS 1.2: the chain's result"
want "$err" "> ChangeCipherSpec" "TLS 1.2: our ChangeCipherSpec"
want "$err" "< ChangeCipherSpec" "TLS 1.2: the server's ChangeCipherSpec"

# -k: the chain is not checked, and the trace says so
get --resolve "localhost:$port:127.0.0.1" -k -v -o /dev/null "$base/"
rc_is 0 "-k -v"
has_field "< {CertificateVerify}" "chain=unchecked" "-k: chain unchecked"

# --- a refused certificate: the alert we sent, after the Certificate ---
make_ca "$scratch/other-ca"
get --resolve "localhost:$port:127.0.0.1" --cacert "$scratch/other-ca/ca.pem" -v "$base/"
rc_is 60 "untrusted CA"
ev=$(events)
[[ "$ev" == *"< {Certificate} > {Alert unknown_ca}" ]] || bad "untrusted CA: the alert after the Certificate: $ev"
has_field "> {Alert unknown_ca}" "level=fatal" "alert level"
stop_serve "$master"

# --- openssl s_server: TLS 1.3, HRR, TLS 1.2 ---
start_s_server s13 "$scratch/localhost" -www
at_port
get "${tls[@]}" -v "$base/"
rc_is 0 "s_server -v"
events_begin "$tls13_full" "s_server TLS 1.3"
has_field "< ServerHello" "version=TLS1.3" "s_server: ServerHello version"
has_field "< {CertificateVerify}" "chain=verified" "s_server: chain verified"
grep -q '< \[NewSessionTicket\]' <<<"$err" || bad "s_server: its tickets: $err"
stop "$srv_pid"

# the server's alert, received
start_s_server ccm "$scratch/localhost" -www -ciphersuites TLS_AES_128_CCM_SHA256
at_port
get "${tls[@]}" -v "$base/"
rc_is 35 "s_server handshake failure"
ev=$(events)
check_eq "$ev" "> ClientHello < Alert handshake_failure" "s_server: its alert in the trace"
has_field "< Alert handshake_failure" "level=fatal" "s_server: the alert's level"
stop "$srv_pid"

start_s_server hrr "$scratch/localhost" -www -groups X25519
at_port
get "${tls[@]}" -v --groups secp256r1:x25519 -o /dev/null "$base/"
rc_is 0 "s_server HRR"
events_begin "$hrr_start" "s_server HRR"
has_field "< HelloRetryRequest" "group=x25519" "s_server HRR group"
stop "$srv_pid"

s_server_version=-tls1_2 start_s_server s12 "$scratch/localhost" -www
at_port
get "${tls[@]}" -v --ladder -o /dev/null "$base/"
rc_is 0 "s_server TLS 1.2"
events_begin "$tls12_full" "s_server TLS 1.2"
has_field "< ServerHello" "version=TLS1.2" "s_server TLS 1.2 ServerHello"
want "$err" "a 2-RTT handshake" "s_server TLS 1.2 ladder"
stop "$srv_pid"

serve_finish test_get_trace
