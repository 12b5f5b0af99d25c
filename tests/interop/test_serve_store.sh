#!/usr/bin/env bash
# `ward serve --store`: writes need credentials (--store-auth: a password
# file made by htpasswd -B, yescrypt and SHA-512 crypt hashes from
# mkpasswd; 401 with the Basic challenge otherwise; never over plain HTTP;
# re-read on SIGHUP), or --store-public; what is served from a store is
# never active (nosniff, CSP sandbox, attachments); --store-quota (507)
# and --max-uploads (503) decided before the body is read; two concurrent
# conditional PUTs cannot both win. PUT creates (201) and replaces (204)
# atomically, preconditions (If-None-Match: *, If-Match), DELETE, GET and
# HEAD of what was stored, refusals (missing parent, directories, upload
# temporaries); an upload cut short by a client that goes away or by kill
# -9 of the whole server leaves the previous content intact and nothing
# else in the directory.
set -euo pipefail
. "$(dirname "$0")/serve_lib.sh"
command -v htpasswd >/dev/null || fail "htpasswd is missing: install apache2-utils (make deps)"
command -v mkpasswd >/dev/null || fail "mkpasswd is missing: install whois (make deps)"

store=$scratch/store
mkdir -p "$store/sub" "$store/adir"
head -c 3000000 /dev/urandom >"$scratch/old.bin"
head -c 4000000 /dev/urandom >"$scratch/new.bin"
python3 -c 'import sys; sys.stdout.buffer.write(bytes(range(256)) * 4)' >"$scratch/bytes.bin"

# the writers: bcrypt as htpasswd writes it, yescrypt, SHA-512 crypt
writers=$scratch/writers
htpasswd -B -b -c "$writers" alice 'wonder land' 2>/dev/null
echo "bob:$(mkpasswd -m yescrypt 'builder:1')" >>"$writers"
echo "carol:$(mkpasswd -m sha-512 'c4r0l')" >>"$writers"
grep -q '^alice:\$2y\$' "$writers" || fail "htpasswd -B wrote no bcrypt hash: $(cat "$writers")"
grep -q '^bob:\$y\$' "$writers" || fail "mkpasswd wrote no yescrypt hash"
grep -q '^carol:\$6\$' "$writers" || fail "mkpasswd wrote no SHA-512 hash"

# --- startup refusals: one line naming the option, or FILE:LINE, exit 2 ---
refused() { # WANT ARGS...
	local want=$1 out rc=0
	shift
	out=$(timeout 20 "$WARD_BIN" serve --listen "127.0.0.1:$(freeport)" \
		--cert "$cert" --key "$key" "$@" 2>&1 >/dev/null) || rc=$?
	check_eq "$rc" 2 "exit code of ward serve $*"
	check_eq "$out" "$want" "message of ward serve $*"
}
refused "ward serve: --store /files/: writes need --store-auth FILE (or --store-public to let anyone write)" \
	--store "/files/=$store"
printf 'alice:%s\nmallory:hunter2\n' "$(sed -n 's/^alice://p' "$writers")" >"$scratch/plain"
refused "ward serve: --store-auth: $scratch/plain:2: not a crypt(3) hash (a plaintext password?); use htpasswd -B" \
	--store "/files/=$store" --store-auth "$scratch/plain"
htpasswd -b -c "$scratch/md5" mallory hunter2 2>/dev/null
refused "ward serve: --store-auth: $scratch/md5:1: an MD5 hash is not accepted; use htpasswd -B" \
	--store "/files/=$store" --store-auth "$scratch/md5"
refused "ward serve: --store-auth: $scratch/none: cannot read: No such file or directory" \
	--store "/files/=$store" --store-auth "$scratch/none"
refused "ward serve: --store-auth: no --store has the prefix '/other/'" \
	--store "/files/=$store" --store-auth "/other/=$writers"
refused "ward serve: --store-quota needs a --store" --store-quota 1M
refused "ward serve: --store-auth: given twice without a PREFIX=" \
	--store "/files/=$store" --store-auth "$writers" --store-auth "$writers"

# --- --store-public: open to all, said at start ---
start_serve public --store "/files/=$store" --store-public
check_eq "$(cat "$scratch/public.stderr")" \
	"ward serve: warning: the store at /files/ is public (--store-public): anyone who reaches it can write and delete files" \
	"the warning of --store-public"
check_eq "$(code /files/public.txt -T "$scratch/bytes.bin")" 201 "PUT to a public store without credentials"
check_eq "$(code /files/public.txt -X DELETE)" 204 "DELETE in a public store without credentials"
stop_serve "$master"

rport=$(freeport)
start_serve store --store "/files/=$store" --store-auth "$writers" \
	--redirect-http "127.0.0.1:$rport"

# --- credentials ---
py RPORT="$rport" <<'EOF' || bad "credentials"
import os
from serve_client import *
store = os.path.join(os.environ["SCRATCH"], "store")
def on_disk(name):
    try:
        return open(os.path.join(store, name), "rb").read()
    except FileNotFoundError:
        return None
CHALLENGE = 'Basic realm="ward /files/", charset="UTF-8"'
open(os.path.join(store, "keep.txt"), "wb").write(b"keep")
alice = ("Authorization", basic("alice", "wonder land"))
for what, hdrs in [("no credentials", []),
                   ("a wrong password", [("Authorization", basic("alice", "wonder lan"))]),
                   ("an unknown user", [("Authorization", basic("mallory", "wonder land"))]),
                   ("another's password", [("Authorization", basic("bob", "wonder land"))]),
                   ("no password", [("Authorization", basic("alice", ""))]),
                   ("a broken header", [("Authorization", "Basic YWxpY2U6d29uZGVyIGxhbmQ")]),
                   ("another scheme", [("Authorization", "Bearer d29uZGVyIGxhbmQ=")])]:
    for method, path, body in [("PUT", "/files/keep.txt", b"changed"),
                               ("PUT", "/files/new.txt", b"new"),
                               ("DELETE", "/files/keep.txt", b"")]:
        r = request(method, path, headers=hdrs, body=body)
        eq((r.status, r.header("WWW-Authenticate")), (401, CHALLENGE),
           f"{method} {path} with {what}")
eq(on_disk("keep.txt"), b"keep", "bytes on disk after refused writes")
eq(on_disk("new.txt"), None, "a refused PUT created a file")
# the challenge comes before the body is asked for, and the body is not read
c = Conn()
c.send(build("PUT", "/files/keep.txt", [("Content-Length", "1000000"),
                                        ("Expect", "100-continue")]))
r = c.response()
eq((r.status, r.header("WWW-Authenticate")), (401, CHALLENGE), "401 to Expect: 100-continue")
check(c.closed_within(3), "the connection closes after a 401 whose body is not read")
# each kind of hash lets its user in
for user, pw in [("alice", "wonder land"), ("bob", "builder:1"), ("carol", "c4r0l")]:
    r = request("PUT", f"/files/{user}.txt", headers=[("Authorization", basic(user, pw))],
                body=user.encode())
    eq(r.status, 201, f"PUT by {user}")
    eq(on_disk(f"{user}.txt"), user.encode(), f"bytes of {user}'s PUT")
# a kept-alive connection: many writes, each with the credentials
c = Conn()
for i in range(5):
    eq(c.request("PUT", "/files/alice.txt", headers=[alice], body=b"%d" % i).status, 204,
       f"PUT {i} on one connection")
eq(c.request("DELETE", "/files/carol.txt", headers=[alice]).status, 204, "DELETE with credentials")
eq(on_disk("carol.txt"), None, "file after an authenticated DELETE")
c.close()
# the plain-HTTP listener redirects and never writes, credentials or not
rc = Conn(port=int(os.environ["RPORT"]), tls=False)
r = rc.request("PUT", "/files/keep.txt", headers=[alice], body=b"in the clear")
eq((r.status, r.header("Location")), (308, "https://localhost:%s/files/keep.txt" % os.environ["PORT"]),
   "PUT with credentials on the plain-HTTP listener")
rc.close()
eq(on_disk("keep.txt"), b"keep", "bytes on disk after a plain-HTTP PUT")

# --- nothing served from the store is active ---
for name, active in [("x.html", True), ("x.svg", True), ("x.xml", True), ("x.js", True),
                     ("x.txt", False), ("x.png", False), ("x", False)]:
    eq(request("PUT", f"/files/{name}", headers=[alice],
               body=b"<script>alert(document.domain)</script>").status, 201, f"PUT {name}")
    for method in ("GET", "HEAD"):
        r = request(method, f"/files/{name}")
        eq((r.status, r.header("X-Content-Type-Options"), r.header("Content-Security-Policy"),
            r.header("Content-Disposition")),
           (200, "nosniff", "sandbox", "attachment" if active else None), f"{method} {name}")
r = request("GET", "/files/none.html")
eq((r.status, r.all("X-Content-Type-Options"), r.header("Content-Security-Policy")),
   (404, ["nosniff"], "sandbox"), "a store's 404")
done()
EOF

# --- two conditional PUTs made together: exactly one wins ---
py <<'EOF' || bad "concurrent conditional PUTs"
import os
from serve_client import *
store = os.path.join(os.environ["SCRATCH"], "store")
default_headers.append(("Authorization", basic("alice", "wonder land")))
r = request("PUT", "/files/race.txt", body=b"first")
eq(r.status, 201, "PUT before the race")
tag = r.header("ETag")
for cond, path, want in [(("If-Match", tag), "/files/race.txt", [204, 412]),
                         (("If-None-Match", "*"), "/files/race-new.txt", [201, 412])]:
    a, b = Conn(), Conn()
    # both heads are in and accepted (100 Continue) before either body
    for c in (a, b):
        c.send(build("PUT", path, [cond, ("Content-Length", "6"), ("Expect", "100-continue")]))
    for c in (a, b):
        eq(c.response().status, 100, f"{cond[0]}: 100 Continue")
    a.send(b"AAAAAA")
    b.send(b"BBBBBB")
    ra, rb = a.response(), b.response()
    eq(sorted([ra.status, rb.status]), want, f"two PUTs with {cond[0]}: {cond[1]}")
    winner = b"AAAAAA" if ra.status < 300 else b"BBBBBB"
    eq(open(os.path.join(store, path[7:]), "rb").read(), winner, f"{cond[0]}: the winner's bytes")
    a.close()
    b.close()
for name in ("race.txt", "race-new.txt"):
    eq(request("DELETE", "/files/" + name).status, 204, "DELETE " + name)
done()
EOF

# --- SIGHUP reads the password file again ---
echo "dave:$(mkpasswd -m sha-512 'd4ve')" >>"$writers"
reloaded() { grep -qs 'reloaded: generation 2' "$scratch/store.log"; }
kill -HUP "$master"
wait_until 150 reloaded || bad "no reload after SIGHUP"
check_eq "$(code /files/dave.txt -T "$scratch/bytes.bin" -u dave:d4ve)" 201 "PUT by a user added before SIGHUP"
cp "$writers" "$scratch/writers.good"
echo "eve:plaintext" >>"$writers"
kill -HUP "$master"
wait_until 150 grep -qs 'reload failed' "$scratch/store.log" || bad "a broken password file was reloaded"
grep -qs "writers:5: not a crypt(3) hash" "$scratch/store.stderr" ||
	bad "the reload's refusal names the line: $(cat "$scratch/store.stderr")"
check_eq "$(code /files/dave.txt -X DELETE -u dave:d4ve)" 204 "DELETE after a refused reload"
cp "$scratch/writers.good" "$writers"

# --- create, replace, read back, delete ---
py <<'EOF' || bad "PUT/DELETE cases"
import hashlib, os
from serve_client import *
default_headers.append(("Authorization", basic("alice", "wonder land")))
store = os.path.join(os.environ["SCRATCH"], "store")
binary = open(os.path.join(os.environ["SCRATCH"], "bytes.bin"), "rb").read()
def on_disk(name):
    try:
        return open(os.path.join(store, name), "rb").read()
    except FileNotFoundError:
        return None

c = Conn()
r = c.request("PUT", "/files/a.bin", body=binary)
eq(r.status, 201, "PUT of a new file")
eq(r.header("Location"), "/files/a.bin", "201 Location")
tag1 = r.header("ETag")
check(tag1 is not None, "201 carries an ETag")
eq(on_disk("a.bin"), binary, "bytes on disk after PUT")
r = c.request("GET", "/files/a.bin")
eq((r.status, r.body, r.header("ETag")), (200, binary, tag1), "GET of the stored file")
r = c.request("HEAD", "/files/a.bin")
eq((r.status, r.header("Content-Length"), r.body), (200, "1024", b""), "HEAD of the stored file")

r = c.request("PUT", "/files/a.bin", body=b"second version")
eq(r.status, 204, "PUT replacing a file")
tag2 = r.header("ETag")
check(tag2 not in (None, tag1), f"204 carries a new ETag ({tag2})")
eq(on_disk("a.bin"), b"second version", "bytes on disk after the replacement")
eq(c.request("GET", "/files/a.bin").header("ETag"), tag2, "the ETag of PUT is the file's")

# preconditions (RFC 9110 13.1): nothing changes when they fail
r = c.request("PUT", "/files/a.bin", headers=[("If-None-Match", "*")], body=b"third")
eq(r.status, 412, "If-None-Match: * on an existing file")
eq(on_disk("a.bin"), b"second version", "content after a refused If-None-Match")
r = c.request("PUT", "/files/fresh.txt", headers=[("If-None-Match", "*")], body=b"fresh")
eq(r.status, 201, "If-None-Match: * on a new name")
r = c.request("PUT", "/files/a.bin", headers=[("If-Match", '"nope"')], body=b"third")
eq(r.status, 412, "If-Match with another tag")
eq(on_disk("a.bin"), b"second version", "content after a refused If-Match")
r = c.request("PUT", "/files/missing.txt", headers=[("If-Match", "*")], body=b"x")
eq(r.status, 412, "If-Match: * on a missing file")
eq(on_disk("missing.txt"), None, "If-Match: * created the file")
r = c.request("PUT", "/files/a.bin", headers=[("If-Match", tag2)], body=b"third")
eq(r.status, 204, "If-Match with the current tag")
eq(on_disk("a.bin"), b"third", "content after If-Match")

# empty bodies, subdirectories, refusals
r = c.request("PUT", "/files/empty.txt", headers=[("Content-Length", "0")])
eq(r.status, 201, "PUT of an empty file")
eq(on_disk("empty.txt"), b"", "empty file on disk")
r = c.request("PUT", "/files/sub/deep.txt", body=b"deep")
eq(r.status, 201, "PUT into a subdirectory")
eq(on_disk("sub/deep.txt"), b"deep", "file in the subdirectory")
eq(c.request("PUT", "/files/nodir/x.txt", body=b"x").status, 409, "PUT under a missing directory")
eq(c.request("PUT", "/files/adir", body=b"x").status, 409, "PUT over a directory")
eq(c.request("PUT", "/files/sub/", body=b"x").status, 400, "PUT to a directory URL")
eq(c.request("PUT", "/files/.ward-upload-1", body=b"x").status, 403, "PUT of a temporary's name")
eq(c.request("GET", "/files/.ward-upload-1").status, 404, "GET of a temporary's name")
# dot segments are resolved before routing: this is /escape.txt, no store
eq(c.request("PUT", "/files/../escape.txt", body=b"x").status, 405, "PUT /files/../escape.txt")
eq(c.request("PUT", "/files/../../escape.txt", body=b"x").status, 400, "PUT above the root")
eq(c.request("PUT", "/files/sub/..%2f..%2fescape.txt", body=b"x").status, 400, "PUT with %2f")
check(not os.path.exists(os.path.join(os.environ["SCRATCH"], "escape.txt")), "PUT escaped the store")
eq(c.request("GET", "/files").status, 301, "GET /files redirects to /files/")

# DELETE
r = c.request("DELETE", "/files/fresh.txt", headers=[("If-Match", '"nope"')])
eq(r.status, 412, "DELETE with a failing If-Match")
eq(on_disk("fresh.txt"), b"fresh", "file after a refused DELETE")
eq(c.request("DELETE", "/files/fresh.txt").status, 204, "DELETE")
eq(on_disk("fresh.txt"), None, "file after DELETE")
eq(c.request("GET", "/files/fresh.txt").status, 404, "GET after DELETE")
eq(c.request("DELETE", "/files/fresh.txt").status, 404, "DELETE again")
eq(c.request("DELETE", "/files/adir").status, 409, "DELETE of a directory")
check(os.path.isdir(os.path.join(store, "adir")), "DELETE removed a directory")
c.close()

# a replacement is atomic for readers: every GET meanwhile is the old or
# the new content, whole
import threading
old = os.urandom(2_000_000)
new = os.urandom(2_000_000)
eq(request("PUT", "/files/swap.bin", body=old).status, 201, "PUT before the swap")
digests = {hashlib.sha256(old).digest(): "old", hashlib.sha256(new).digest(): "new"}
seen, stop = [], threading.Event()
def reader():
    rc = Conn()
    while not stop.is_set() and len(seen) < 200:
        r = rc.request("GET", "/files/swap.bin")
        seen.append(digests.get(hashlib.sha256(r.body).digest(), f"torn ({r.status}, {len(r.body)})"))
t = threading.Thread(target=reader)
t.start()
for body in (new, old, new):
    check(request("PUT", "/files/swap.bin", body=body).status == 204, "PUT during reads")
stop.set()
t.join(30)
torn = [s for s in seen if s not in ("old", "new")]
check(not torn and seen, f"reads during replacements: {len(seen)}, not whole: {torn[:3]}")
eq(request("GET", "/files/swap.bin").body, new, "content after the swaps")
done()
EOF

# curl -T of a few MB, byte for byte
check_eq "$(code /files/curl.bin -T "$scratch/new.bin")" 401 "curl -T without -u"
check_eq "$(code /files/curl.bin -T "$scratch/new.bin" -u 'alice:wonder land')" 201 "curl -T -u"
cmp -s "$scratch/new.bin" "$store/curl.bin" || bad "curl -T: bytes on disk"

# --- a client that goes away mid-body: the old content stays ---
check_eq "$(code /files/target.bin -T "$scratch/old.bin" -u 'alice:wonder land')" 201 "PUT of the old content"
py <<'EOF' || bad "disconnect mid-body"
import os, time
from serve_client import *
c = Conn()
c.send(build("PUT", "/files/target.bin", [("Content-Length", "4000000"),
                                          ("Authorization", basic("alice", "wonder land"))]))
c.send(os.urandom(1_000_000))
time.sleep(0.3)
c.raw.close()  # no close_notify: the connection just ends
done()
EOF
# the server notices at once; give it a moment, bounded
wait_until 30 cmp -s "$scratch/old.bin" "$store/target.bin" ||
	bad "old content changed after a client left mid-body"
check_eq "$(hcurl /files/target.bin | sha256sum)" "$(sha256sum <"$scratch/old.bin")" \
	"GET after a client left mid-body"

# listing STORE-DIR: names in it, one a line (temporaries included)
listing() { (cd "$1" && LC_ALL=C ls -A | tr '\n' ' '); }
expect_ls="a.bin adir alice.txt bob.txt curl.bin empty.txt keep.txt sub swap.bin target.bin x x.html x.js x.png x.svg x.txt x.xml "
check_eq "$(listing "$store")" "$expect_ls" "store directory after a cut upload"

# --- kill -9 of the whole server mid-upload: the old content stays ---
py READY="$scratch/ready" <<'EOF' >"$scratch/upload.out" 2>&1 &
import os, time
from serve_client import *
c = Conn()
c.send(build("PUT", "/files/target.bin", [("Content-Length", "8000000"),
                                          ("Authorization", basic("bob", "builder:1"))]))
c.send(os.urandom(2_000_000))
open(os.environ["READY"], "w").close()
# the server is killed meanwhile; keep the connection until then
print("closed" if c.closed_within(20) else "still open")
EOF
uploader=$!
pids+=("$uploader")
wait_until 100 test -e "$scratch/ready" || fail "the upload did not start: $(cat "$scratch/upload.out")"
# the worker writes what arrived into its unnamed temporary (O_TMPFILE,
# "#INODE (deleted)" in /proc) or a named one: wait for 1 MB there
worker=$(pgrep -P "$master" | head -n 1)
temp_has_1mb() {
	local fd
	for fd in /proc/"$worker"/fd/*; do
		case $(readlink "$fd" 2>/dev/null) in
		"$store"/\#* | "$store"/.ward-upload-*)
			[ "$(stat -L -c %s "$fd" 2>/dev/null || echo 0)" -ge 1000000 ] && return 0
			;;
		esac
	done
	return 1
}
wait_until 100 temp_has_1mb ||
	bad "no upload temporary of 1 MB in the worker: $(ls -l /proc/"$worker"/fd)"
kill_tree "$master"
wait "$uploader" 2>/dev/null || true
check_eq "$(cat "$scratch/upload.out")" closed "the uploader saw the connection end"
cmp -s "$scratch/old.bin" "$store/target.bin" || bad "kill -9 mid-upload changed the old file"
check_eq "$(listing "$store")" "$expect_ls" "store directory after kill -9 mid-upload"
find "$store" -name '.ward-upload-*' | grep -q . && bad "upload temporaries left: $(find "$store" -name '.ward-upload-*')"
# a leftover named temporary (filesystems without O_TMPFILE) is swept at start
echo partial >"$store/sub/.ward-upload-1-2-3"
start_serve store2 --store "/files/=$store" --store-auth "$writers"
check_eq "$(hcurl /files/target.bin | sha256sum)" "$(sha256sum <"$scratch/old.bin")" \
	"GET after kill -9 mid-upload and a restart"
[ -e "$store/sub/.ward-upload-1-2-3" ] && bad "a stale upload temporary survived the start"
check_eq "$(code /files/target.bin -T "$scratch/new.bin" -u 'bob:builder:1')" 204 "PUT after the restart"
cmp -s "$scratch/new.bin" "$store/target.bin" || bad "PUT after the restart: bytes"
stop_serve "$master"

# --- --store-quota (507) and --max-uploads (503), before the body is read ---
quota=$scratch/quota
mkdir -p "$quota"
head -c 400 /dev/urandom >"$quota/old.bin"
# per store: this one needs credentials and has a quota, /open/ neither
mkdir -p "$scratch/open"
start_serve quota --store "/q/=$quota" --store-auth "/q/=$writers" \
	--store-quota /q=1000 --store "/open/=$scratch/open" --store-public \
	--max-uploads 1 --max-upload 10M
check_eq "$(cat "$scratch/quota.stderr")" \
	"ward serve: warning: the store at /open/ is public (--store-public): anyone who reaches it can write and delete files" \
	"the warning for the one public store"
check_eq "$(code /open/big.bin -T "$scratch/old.bin")" 201 "PUT without credentials or quota to /open/"
check_eq "$(code /q/x.bin -T "$scratch/bytes.bin")" 401 "PUT without credentials to /q/"
py <<'EOF' || bad "quota and uploads at once"
import os, time
from serve_client import *
quota = os.path.join(os.environ["SCRATCH"], "quota")
default_headers.append(("Authorization", basic("alice", "wonder land")))
def listing():
    return sorted(os.listdir(quota))
def refused_at_head(path, length, what):
    # only the head is sent: the answer comes without the body
    c = Conn()
    c.send(build("PUT", path, [("Content-Length", str(length))]))
    r = c.response()
    check(c.closed_within(3), f"{what}: the connection closes, the body unread")
    c.close()
    return r
r = refused_at_head("/q/big.bin", 601, "over the quota")
eq((r.status, r.header("Content-Security-Policy")), (507, "sandbox"), "PUT of 400 + 601 bytes into 1000")
eq(listing(), ["old.bin"], "files after a 507")
eq(request("PUT", "/q/a.bin", body=os.urandom(600)).status, 201, "PUT of 400 + 600 bytes into 1000")
eq(request("PUT", "/q/a.bin", body=os.urandom(600)).status, 204, "replacing 600 bytes with 600")
eq(refused_at_head("/q/a.bin", 601, "replacing 600 with 601").status, 507, "replacing 600 bytes with 601")
eq(os.path.getsize(os.path.join(quota, "a.bin")), 600, "size after a refused replacement")
eq(request("DELETE", "/q/a.bin").status, 204, "DELETE gives the bytes back")
# chunked: refused while it streams, the temporary thrown away
c = Conn()
c.send(build("PUT", "/q/stream.bin", [("Transfer-Encoding", "chunked")]))
c.send(b"1f4\r\n" + b"x" * 500 + b"\r\n")
c.send(b"c8\r\n" + b"y" * 200 + b"\r\n")
r = c.response()
eq(r.status, 507, "a chunked body crossing the quota")
check(c.closed_within(3), "the connection closes after a chunked 507")
c.close()
eq(listing(), ["old.bin"], "files after a chunked 507")
eq(request("PUT", "/q/a.bin", body=os.urandom(600)).status, 201, "the quota is free again")
eq(request("DELETE", "/q/a.bin").status, 204, "DELETE")
# one upload at a time: a second one gets 503 at once
slow = Conn()
slow.send(build("PUT", "/q/slow.bin", [("Content-Length", "100"), ("Expect", "100-continue")]))
eq(slow.response().status, 100, "the first upload is accepted")
slow.send(b"s" * 50)
r = refused_at_head("/q/other.bin", 10, "a second upload")
eq((r.status, r.header("Retry-After")), (503, "2"), "a second upload at once")
eq(request("GET", "/q/old.bin").status, 200, "a download meanwhile")
slow.send(b"s" * 50)
eq(slow.response().status, 201, "the first upload completes")
slow.close()
eq(request("PUT", "/q/other.bin", body=b"o" * 10).status, 201, "the next upload")
eq(listing(), ["old.bin", "other.bin", "slow.bin"], "files at the end")
done()
EOF
# the worker holds no upload temporary after the refusals
worker=$(pgrep -P "$master" | head -n 1)
temps=$(for fd in /proc/"$worker"/fd/*; do readlink "$fd"; done 2>/dev/null | grep -c "^$quota/" || true)
check_eq "$temps" 0 "descriptors of the quota store the worker still holds"
stop_serve "$master"

serve_finish "ward serve: the store: credentials, inert uploads, quota, uploads at once, preconditions, atomic replacement"
