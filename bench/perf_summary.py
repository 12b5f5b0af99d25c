#!/usr/bin/env python3
"""Summarises `perf script -F ip,sym,dso` output (DWARF call chains) of one
server worker. Usage: perf script ... | perf_summary.py MAIN_DSO TOP

Prints, as percentages of all samples:
  - self time by function. Debian's libcrypto has no symbols for its
    internal functions; those are named after the nearest exported libcrypto
    function above them in the call chain ("<EVP_DigestSignFinal>").
  - self time by library.
  - for MAIN_DSO (ward): time spent below each of its functions (inclusive;
    the event loop's frames, above 90%, left out),
    and the time in libcrypto, libc and the kernel charged to the MAIN_DSO
    function that called into them (the first MAIN_DSO frame up the chain).
"""

import collections
import os
import re
import sys

LINE = re.compile(r"^\s*([0-9a-f]+)\s+(.*?)\s+\((.*)\)$")


def frames(block):
    """[(sym, dso)] leaf first; inlined frames take the dso of their ip."""
    raw = []
    for line in block:
        m = LINE.match(line)
        if m:
            raw.append([m.group(1), m.group(2), m.group(3)])
    for i in range(len(raw) - 1, -1, -1):
        if raw[i][2] == "inlined":
            nxt = next((r for r in raw[i + 1:] if r[0] == raw[i][0] and r[2] != "inlined"), None)
            raw[i][2] = nxt[2] if nxt else "?"
    return [(sym, os.path.basename(dso)) for _, sym, dso in raw]


def samples(stream):
    block = []
    for line in stream:
        if line.strip():
            block.append(line.rstrip("\n"))
        elif block:
            yield frames(block)
            block = []
    if block:
        yield frames(block)


def lib(dso):
    if "kernel" in dso:
        return "kernel"
    return dso


def main():
    main_dso, top = sys.argv[1], int(sys.argv[2])
    n = 0
    self_fn = collections.Counter()
    self_dso = collections.Counter()
    incl = collections.Counter()
    charged = collections.Counter()
    for fr in samples(sys.stdin):
        if not fr:
            continue
        n += 1
        sym, dso = fr[0]
        if sym == "[unknown]" and dso.startswith("libcrypto"):
            named = next((s for s, d in fr[1:] if d == dso and s != "[unknown]"), None)
            if named is None:
                named = "? from " + next((s for s, d in fr if d == main_dso), "?")
            sym = f"<{named}>"
        self_fn[(dso, sym)] += 1
        self_dso[lib(dso)] += 1
        seen = set()
        for s, d in fr:
            if d == main_dso and s not in seen:
                seen.add(s)
                incl[s] += 1
        if dso != main_dso:
            caller = next((s for s, d in fr if d == main_dso), "(no caller in " + main_dso + ")")
            charged[(lib(dso), caller)] += 1
    if n == 0:
        print("no samples")
        return

    def pct(c):
        return f"{100.0 * c / n:6.2f}%"

    print(f"-- self time by function, top {top} ({n} samples):")
    for (dso, sym), c in self_fn.most_common(top):
        print(f"{pct(c)}  {dso:<18} {sym}")
    print("-- self time by library:")
    for d, c in self_dso.most_common(6):
        print(f"{pct(c)}  {d}")
    if incl:
        print(f"-- {main_dso}'s functions by inclusive time (under 90%), top {top}:")
        for s, c in [(s, c) for s, c in incl.most_common() if c < 0.9 * n][:top]:
            print(f"{pct(c)}  {s}")
        print(f"-- time in libraries and the kernel, by the {main_dso} function that called in, top {top}:")
        for (d, s), c in charged.most_common(top):
            print(f"{pct(c)}  {d:<16} from {s}")


if __name__ == "__main__":
    main()
