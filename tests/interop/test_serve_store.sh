#!/usr/bin/env bash
# `ward serve --store`: PUT creates (201) and replaces (204) atomically,
# preconditions (If-None-Match: *, If-Match), DELETE, GET and HEAD of what
# was stored, refusals (missing parent, directories, upload temporaries);
# an upload cut short by a client that goes away or by kill -9 of the whole
# server leaves the previous content intact and nothing else in the
# directory.
set -euo pipefail
. "$(dirname "$0")/serve_lib.sh"

store=$scratch/store
mkdir -p "$store/sub" "$store/adir"
head -c 3000000 /dev/urandom >"$scratch/old.bin"
head -c 4000000 /dev/urandom >"$scratch/new.bin"
python3 -c 'import sys; sys.stdout.buffer.write(bytes(range(256)) * 4)' >"$scratch/bytes.bin"

start_serve store --store "/files/=$store"

# --- create, replace, read back, delete ---
py <<'EOF' || bad "PUT/DELETE cases"
import hashlib, os
from serve_client import *
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
check_eq "$(code /files/curl.bin -T "$scratch/new.bin")" 201 "curl -T"
cmp -s "$scratch/new.bin" "$store/curl.bin" || bad "curl -T: bytes on disk"

# --- a client that goes away mid-body: the old content stays ---
check_eq "$(code /files/target.bin -T "$scratch/old.bin")" 201 "PUT of the old content"
py <<'EOF' || bad "disconnect mid-body"
import os, time
from serve_client import *
c = Conn()
c.send(b"PUT /files/target.bin HTTP/1.1\r\nHost: localhost\r\nContent-Length: 4000000\r\n\r\n")
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
expect_ls="a.bin adir curl.bin empty.txt sub swap.bin target.bin "
check_eq "$(listing "$store")" "$expect_ls" "store directory after a cut upload"

# --- kill -9 of the whole server mid-upload: the old content stays ---
py READY="$scratch/ready" <<'EOF' >"$scratch/upload.out" 2>&1 &
import os, time
from serve_client import *
c = Conn()
c.send(b"PUT /files/target.bin HTTP/1.1\r\nHost: localhost\r\nContent-Length: 8000000\r\n\r\n")
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
start_serve store2 --store "/files/=$store"
check_eq "$(hcurl /files/target.bin | sha256sum)" "$(sha256sum <"$scratch/old.bin")" \
	"GET after kill -9 mid-upload and a restart"
[ -e "$store/sub/.ward-upload-1-2-3" ] && bad "a stale upload temporary survived the start"
check_eq "$(code /files/target.bin -T "$scratch/new.bin")" 204 "PUT after the restart"
cmp -s "$scratch/new.bin" "$store/target.bin" || bad "PUT after the restart: bytes"
stop_serve "$master"

serve_finish "ward serve: the PUT/DELETE store, preconditions, atomic replacement"
