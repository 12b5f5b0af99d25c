#!/usr/bin/env bash
# What an operator of `ward serve` sees: the exact refusals of bad flags
# (one line, "ward serve: WHAT: WHY", exit 2), `ward help`, the URLs and
# warnings at start (key modes, certificate dates, SSLKEYLOGFILE), the
# access log's lines for requests refused before they were parsed, with
# nginx's escaping, plain HTTP sent to the TLS port, and SNI preferring an
# exact name to a wildcard as openssl s_client sees it.
set -euo pipefail
. "$(dirname "$0")/serve_lib.sh"
need openssl

mkdir -p "$scratch/site" "$scratch/store"
echo "hello" >"$scratch/site/index.html"

# --- refusals: exactly this line on stderr, nothing on stdout, exit 2 ---
# refuse LINE ARGS...; flags accepted by mistake start a server (root may
# bind port 1), which the timeout ends
refuse() {
	local line=$1 rc=0 out err
	shift
	out=$(timeout -k 2 10 "$WARD_BIN" serve --listen 127.0.0.1:1 \
		--cert "$cert" --key "$key" "$@" 2>"$scratch/refuse.err" \
		</dev/null) || rc=$?
	err=$(cat "$scratch/refuse.err")
	check_eq "$rc" 2 "ward serve $* exit code"
	[ -z "$out" ] || bad "ward serve $*: wrote to stdout: $out"
	check_eq "$err" "ward serve: $line" "ward serve $*"
}
refuse "--store: '/files/' has no '=DIR': want PREFIX=DIR, e.g. --store /files/=./data" \
	--store /files/
refuse "--store: in 'files=x', the URL prefix must start with '/', e.g. /files/" \
	--store files=x
refuse "--store: in '/f/=', the directory after '=' is missing" --store /f/=
refuse "--workers: 0 is out of range 1..1024" --workers 0
refuse "--workers: 1025 is out of range 1..1024" --workers 1025
refuse "--workers: 'many' is not a number" --workers many
refuse "--max-connections: 0 is out of range 1..1000000" --max-connections 0
refuse "--max-header-size: 10 is out of range 64..1M" --max-header-size 10
refuse "--header-timeout: '3x' is not a duration (seconds, or with an ms suffix)" \
	--header-timeout 3x
refuse "--root: given twice ('$scratch/site', then '$scratch/store'); one directory is served" \
	--root "$scratch/site" --root "$scratch/store"
refuse "--store: the prefix '/' would hide all of --root $scratch/site; use one such as /files/" \
	--root "$scratch/site" --store "/=$scratch/store"
refuse "--listen: 'bücher.example' is not ASCII: an internationalized name needs its punycode form (xn--...)" \
	--listen "bücher.example:8443"
long=$(printf 'a%.0s' {1..64})
refuse "--listen: in '$long.example', the label 'aaaaaaaaaaaaaaaa...' is 64 characters long, over 63" \
	--listen "$long.example:8443"
refuse "--redirect-http: 'a_b.example' holds '_', which no host name has" \
	--redirect-http a_b.example:80
refuse "--listen: in 'x.-a.example', the label '-a' begins or ends with '-'" \
	--listen x.-a.example:80
refuse "--bogus: unknown option (see ward serve --help)" --bogus
refuse "--user: no user 'no-such-user-of-ward'" --user no-such-user-of-ward
refuse "--user: 'root' is root; the workers must run as another user" --user root

# --- ward help COMMAND is COMMAND --help ---
check_eq "$("$WARD_BIN" help serve)" "$("$WARD_BIN" serve --help)" "ward help serve"
check_eq "$("$WARD_BIN" help ca)" "$("$WARD_BIN" ca --help)" "ward help ca"
check_eq "$("$WARD_BIN" help)" "$("$WARD_BIN" --help)" "ward help"
rc=0
"$WARD_BIN" help frob >/dev/null 2>"$scratch/help.err" || rc=$?
check_eq "$rc" 2 "ward help frob exit code"
want "$(cat "$scratch/help.err")" "ward help: unknown command 'frob'" "ward help frob"
# (into a variable: grep -q would stop reading and SIGPIPE would fail the pipe)
help=$("$WARD_BIN" serve --help)
grep -q -- '--user NAME' <<<"$help" || bad "--help does not mention --user"

# --- at start: URLs, warnings for keys and certificate dates ---
# self-signed certificates with chosen dates: only openssl ca sets both
# ends of the validity
cat >"$scratch/req.cnf" <<'CNF'
[req]
distinguished_name = dn
[dn]
[leaf]
basicConstraints = critical, CA:false
keyUsage = critical, digitalSignature
extendedKeyUsage = serverAuth
subjectAltName = DNS:$ENV::SAN
CNF
cat >"$scratch/ca.cnf" <<CNF
[ca]
default_ca = self
[self]
database = $scratch/index.txt
new_certs_dir = $scratch
serial = $scratch/serial
default_md = sha256
policy = any
unique_subject = no
[any]
commonName = supplied
CNF
: >"$scratch/index.txt"
echo 1000 >"$scratch/serial"
# dated NAME FIRST LAST: $scratch/NAME.pem and NAME-key.pem for NAME.test
dated() {
	openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 \
		-out "$scratch/$1-key.pem" 2>/dev/null
	SAN=$1.test openssl req -new -config "$scratch/req.cnf" \
		-key "$scratch/$1-key.pem" -subj "/CN=$1.test" -out "$scratch/$1.csr" ||
		fail "openssl req for $1"
	SAN=$1.test openssl ca -batch -notext -config "$scratch/ca.cnf" -selfsign \
		-keyfile "$scratch/$1-key.pem" -in "$scratch/$1.csr" \
		-startdate "$2" -enddate "$3" -extfile "$scratch/req.cnf" \
		-extensions leaf -out "$scratch/$1.pem" >/dev/null 2>"$scratch/openssl-ca.log" ||
		fail "openssl ca: $(cat "$scratch/openssl-ca.log")"
	chmod 600 "$scratch/$1-key.pem"
}
dated expired 20200101000000Z 20200201000000Z
dated future 20900101000000Z 20910101000000Z
soon=$(($(date -u +%s) + 10 * 86400 + 3600))
dated soon 20200101000000Z "$(date -u -d "@$soon" +%Y%m%d%H%M%SZ)"
cp "$key" "$scratch/world-key.pem"
chmod 644 "$scratch/world-key.pem"
cp "$key" "$scratch/group-key.pem"
chmod 640 "$scratch/group-key.pem"
keylog=$scratch/keys.txt
SSLKEYLOGFILE=$keylog start_serve warn --root "$scratch/site" \
	--access-log "$scratch/access.log" \
	--cert "$cert" --key "$scratch/world-key.pem" \
	--cert "$cert" --key "$scratch/group-key.pem" \
	--cert "$scratch/expired.pem" --key "$scratch/expired-key.pem" \
	--cert "$scratch/future.pem" --key "$scratch/future-key.pem" \
	--cert "$scratch/soon.pem" --key "$scratch/soon-key.pem"
log=$(cat "$scratch/warn.log")
stderr=$(cat "$scratch/warn.stderr")
want "$log" " [info] $master: serving https://127.0.0.1:$port/" "URL in the error log"
want "$log" " [info] $master: 1 worker ready" "one worker, singular"
has "$log" "1 workers" && bad "'1 workers' in the log"
check_eq "$stderr" "" "standard error, the error log being a file"
want "$log" "[warn] $master: --key $scratch/world-key.pem: readable by others (mode 0644): chmod 600 it" \
	"key readable by others"
want "$log" "[warn] $master: --key $scratch/group-key.pem: readable by its group (mode 0640): chmod 600 it" \
	"key readable by the group"
has "$log" "--key $key:" && bad "a warning for the 0600 key: $log"
want "$log" "[warn] $master: --cert $scratch/expired.pem: expired on 2020-02-01 00:00 UTC; clients will refuse it" \
	"expired certificate"
want "$log" "[warn] $master: --cert $scratch/future.pem: not valid before 2090-01-01 00:00 UTC; clients will refuse it until then" \
	"certificate not yet valid"
want "$log" "[warn] $master: --cert $scratch/soon.pem: expires in 10 days, on $(date -u -d "@$soon" '+%Y-%m-%d %H:%M') UTC" \
	"certificate expiring soon"
has "$log" "--cert $cert:" && bad "a warning for the fresh certificate: $log"
want "$log" "[warn] $master: SSLKEYLOGFILE: writing the TLS secrets of every connection to $keylog" \
	"key log announced"
check_eq "$(stat -c %a "$keylog")" 600 "mode of the key log file"
check_eq "$(hcurl /)" hello "GET / with the key log on"
grep -q '^CLIENT_TRAFFIC_SECRET_0 ' "$keylog" || bad "no secrets in the key log"

# --- SNI: an exact name before a wildcard given first (openssl s_client) ---
issue "$ca" "$scratch/wild" ecdsa '*.sni.test'
issue "$ca" "$scratch/exact" ecdsa www.sni.test
stop_serve "$master"
start_serve sni --root "$scratch/site" \
	--cert "$scratch/wild.pem" --key "$scratch/wild-key.pem" \
	--cert "$scratch/exact.pem" --key "$scratch/exact-key.pem" \
	--cert "$cert" --key "$key"
# san NAME: the subjectAltName of what the server sends for SNI NAME
san() {
	openssl s_client -connect "127.0.0.1:$port" -servername "$1" \
		-CAfile "$ca/ca.pem" -verify_return_error </dev/null 2>/dev/null |
		openssl x509 -noout -ext subjectAltName 2>/dev/null | tail -n 1 |
		sed 's/^ *//' || true
}
check_eq "$(san www.sni.test)" "DNS:www.sni.test" "SNI www.sni.test"
check_eq "$(san WWW.SNI.Test)" "DNS:www.sni.test" "SNI WWW.SNI.Test"
check_eq "$(san other.sni.test)" "DNS:*.sni.test" "SNI other.sni.test"
check_eq "$(san unknown.test)" "DNS:*.sni.test" "SNI of no certificate: the first"
stop_serve "$master"

# --- the access log: refused heads, escaping, plain HTTP on this port ---
start_serve alog --root "$scratch/site" --access-log "$scratch/access.log" \
	--max-request-line 4K --max-headers 5 --max-body 1000
: >"$scratch/access.log"
py ACCESS="$scratch/access.log" <<'EOF' || bad "access log and plain HTTP cases"
import os, re, socket, sys, time
from serve_client import *

port = env_port()
log_path = os.environ["ACCESS"]
date = r"\[\d\d/[A-Z][a-z]{2}/\d{4}:\d\d:\d\d:\d\d [+-]\d{4}\]"
TLS = " TLSv1.3 TLS_AES_128_GCM_SHA256 -"

def read_log(n):
    """The first n lines of the access log, waiting for them (bounded)."""
    for _ in range(100):
        with open(log_path, "rb") as f:
            lines = f.read().split(b"\n")[:-1]
        if len(lines) >= n:
            return [l.decode("ascii") for l in lines]
        time.sleep(0.05)
    return [l.decode("ascii") for l in lines]

expected = []

def case(what, raw, status, line, agent="-", tls=True, body=None, head=False):
    """raw on a fresh connection: status (and body), then the log line
    (date apart) '127.0.0.1 - - [DATE] "line" status bytes "-" "agent"'."""
    try:
        rs, closed = exchange(raw, tls=tls, linger=3, head=head)
    except Exception as e:
        check(False, f"{what}: {e!r}")
        return
    if not check(len(rs) == 1, f"{what}: no response"):
        return
    r = rs[0]
    eq(r.status, status, f"{what}: status")
    if body is not None:
        eq(r.body, body, f"{what}: body")
        eq(r.header("Connection"), "close", f"{what}: Connection")
        eq(closed, True, f"{what}: closed after the answer")
    expected.append((what, '127.0.0.1 - - DATE "%s" %d %d "-" "%s"%s' % (
        line, status, len(r.body), agent, TLS if tls else " - - -")))

H = b"Host: localhost\r\n"
case("a control byte and a quote in the target",
     b"GET /a\x01\"b HTTP/1.1\r\n" + H + b"\r\n", 400,
     r"GET /a\x01\x22b HTTP/1.1")
case("a request line over --max-request-line (cut at 2048 bytes)",
     b"GET /" + b"x" * 5000 + b" HTTP/1.1\r\n" + H + b"\r\n", 414,
     "GET /" + "x" * 2043)
case("too many header fields",
     b"GET /many HTTP/1.1\r\n" + H + b"".join(b"X-%d: 1\r\n" % i for i in range(8))
     + b"\r\n", 431, "GET /many HTTP/1.1")
case("a body over --max-body, decided from Content-Length",
     b"POST /big HTTP/1.1\r\n" + H + b"Content-Length: 5000\r\n\r\n", 413,
     "POST /big HTTP/1.1")
case("bytes that are no request line, DEL and high bytes",
     b"\x7f\xff\xfe\\ HTTP/1.1\r\n\r\n", 400, r"\x7F\xFF\xFE\x5C HTTP/1.1")
case("escaping in a request that is answered",
     b"GET /nope%22 HTTP/1.1\r\n" + H +
     b"User-Agent: a\"b\\c\xc3\xa9\r\nConnection: close\r\n\r\n", 404,
     "GET /nope%22 HTTP/1.1", agent=r"a\x22b\x5Cc\xC3\xA9")

# plain HTTP to the TLS port: a plain 400 naming the https URL
plain_body = ("400 Bad Request\nThe plain HTTP request was sent to HTTPS "
              "port.\nUse https://%s/\n")
case("plain HTTP, Host with the port",
     b"GET /x HTTP/1.1\r\nHost: localhost:%d\r\n\r\n" % port, 400,
     "GET /x HTTP/1.1", tls=False,
     body=(plain_body % ("localhost:%d" % port)).encode())
case("plain HTTP, Host without a port",
     b"GET / HTTP/1.1\r\nHost: example.test\r\n\r\n", 400, "GET / HTTP/1.1",
     tls=False, body=(plain_body % ("example.test:%d" % port)).encode())
case("plain HTTP/1.0, no Host: the address connected to",
     b"HEAD / HTTP/1.0\r\n\r\n", 400, "HEAD / HTTP/1.0", tls=False,
     body=b"", head=True)
case("plain HTTP with a Host unfit for a URL",
     b"GET / HTTP/1.1\r\nHost: a<b>\r\n\r\n", 400, "GET / HTTP/1.1",
     tls=False, body=(plain_body % ("127.0.0.1:%d" % port)).encode())
case("plain HTTP that does not parse (no Host in 1.1)",
     b"DELETE /x HTTP/1.1\r\n\r\n", 400, "DELETE /x HTTP/1.1", tls=False,
     body=(plain_body % ("127.0.0.1:%d" % port)).encode())

# the exact status line, on a raw socket
s = socket.create_connection(("127.0.0.1", port), timeout=10)
s.sendall(b"GET / HTTP/1.1\r\nHost: localhost:%d\r\n\r\n" % port)
got = b""
while True:
    d = s.recv(4096)
    if not d:
        break
    got += d
s.close()
eq(got.split(b"\r\n")[0], b"HTTP/1.1 400 Bad Request", "plain HTTP: status line")
expected.append(("raw socket", '127.0.0.1 - - DATE "GET / HTTP/1.1" 400 %d "-" "-" - - -'
                 % len(plain_body % ("localhost:%d" % port))))

# a TLS record that is not a ClientHello still gets a TLS alert
s = socket.create_connection(("127.0.0.1", port), timeout=10)
s.sendall(b"\x16\x03\x01\x00\x05hello")
got = s.recv(100)
s.close()
eq(got[:1], b"\x15", "a broken TLS record: an alert record")

lines = read_log(len(expected))
if not eq(len(lines), len(expected), "access log lines"):
    print("\n".join(l[:120] for l in lines), file=sys.stderr)
for (what, want), line in zip(expected, lines):
    m = re.match(r"^(127\.0\.0\.1 - - )" + date + r"( .*)$", line)
    if not check(m, f"{what}: log line shape: {line!r}"):
        continue
    eq(m.group(1) + "DATE" + m.group(2), want, f"{what}: log line")
done()
EOF
check_eq "$(hcurl /)" hello "TLS on the port after plain HTTP"
stop_serve "$master"

# --- SSLKEYLOGFILE through a symlink: refused, nothing written ---
ln -s "$scratch/elsewhere" "$scratch/keys.lnk"
rc=0
SSLKEYLOGFILE=$scratch/keys.lnk "$WARD_BIN" serve --listen 127.0.0.1:1 \
	--cert "$cert" --key "$key" 2>"$scratch/lnk.err" || rc=$?
check_eq "$rc" 2 "SSLKEYLOGFILE symlink: exit code"
check_eq "$(cat "$scratch/lnk.err")" \
	"ward serve: SSLKEYLOGFILE $scratch/keys.lnk: cannot open it: it is a symbolic link, which is not followed for this file" \
	"SSLKEYLOGFILE symlink"
[ -e "$scratch/elsewhere" ] && bad "the symlink's target was created"

serve_finish "ward serve: refusals, help, start-up warnings, SNI, access log, plain HTTP"
