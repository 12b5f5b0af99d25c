#!/usr/bin/env python3
"""Turns bench/run.sh's records (one key=value line per phase) into the
results table. Usage: summarize.py RECORDS CLK_TCK NOISE_PCT"""

import statistics
import sys

SERVERS = ("ward", "nginx")


def load(path):
    recs = []
    with open(path) as f:
        for line in f:
            line = line.strip()
            if not line:
                continue
            r = {}
            for kv in line.split():
                k, _, v = kv.partition("=")
                r[k] = int(v) if v.lstrip("-").isdigit() else v
            recs.append(r)
    return recs


def ok_requests(r):
    return r["requests"] - r["status"]


def errors(r):
    return {k: r[k] for k in ("connect", "read", "write", "status", "timeout") if r[k]}


def per_rep(r, clk_tck):
    """Metric, throughput, server utilisation and sys share of one phase."""
    secs = r["duration_us"] / 1e6
    cpu = r["cpu_ns"]
    ticks = r["utime"] + r["stime"]
    d = {
        "util": cpu / (secs * 1e9) * 100 if secs else 0.0,
        "sys": r["stime"] / ticks * 100 if ticks else 0.0,
        "errors": errors(r),
        # Time on the server CPU not spent by the worker: other processes
        # that shared it (noise). The worker's ticks include the softirq work
        # (loopback TCP) done in its context, which /proc/stat counts apart.
        "other": (r["cpu_busy"] + r["cpu_softirq"] - ticks) / clk_tck / secs * 100
        if secs else 0.0,
        "softirq": r["cpu_softirq"] / clk_tck / secs * 100 if secs else 0.0,
        "ok": ok_requests(r),
        "primes": r.get("early_primes", 0),
    }
    n = max(ok_requests(r), 1)
    if r["phase"] in ("handshake", "handshake12", "resumed", "resumed12", "new", "mtls",
                      "early"):
        d["value"] = cpu / n / 1e3
        d["rate"] = f"{n / secs:,.0f} conn/s"
    elif r["phase"] == "keepalive":
        d["value"] = cpu / n / 1e3
        d["rate"] = f"{n / secs:,.0f} req/s"
    elif r["phase"] == "bulk":
        kib = r["bytes"] / 1024
        d["value"] = cpu / kib if kib else float("nan")
        d["per_cpu_s"] = (r["bytes"] / 1e6) / (cpu / 1e9) if cpu else 0.0
        d["rate"] = f"{r['bytes'] / 1e6 / secs:,.0f} MB/s"
    return d


def main():
    recs = load(sys.argv[1])
    clk_tck = int(sys.argv[2])
    noise_pct = float(sys.argv[3])
    out = []
    rows = []
    detail = []
    warnings = []

    def cell(server, phase):
        return [per_rep(r, clk_tck) for r in recs
                if r["server"] == server and r["phase"] == phase]

    def med(xs):
        return statistics.median(xs) if xs else float("nan")

    phases = [
        ("handshake", "new TLS 1.3 connection (handshake + 1 KiB GET + close)",
         "us CPU / connection"),
        ("handshake12", "new TLS 1.2 connection (ECDHE-ECDSA AES-128-GCM, same)",
         "us CPU / connection"),
        ("resumed", "resumed TLS 1.3 connection (ticket, psk_dhe_ke; s_time)",
         "us CPU / connection"),
        ("resumed12", "resumed TLS 1.2 connection (ticket; s_time)",
         "us CPU / connection"),
        ("new", "new TLS 1.3 connection (s_time -new; the mtls baseline)",
         "us CPU / connection"),
        ("mtls", "new TLS 1.3 connection with a client certificate (s_time)",
         "us CPU / connection"),
        ("early", "resumed TLS 1.3 connection, GET in 0-RTT early data",
         "us CPU / connection"),
        ("keepalive", "keep-alive request (1 KiB file)", "us CPU / request"),
        ("bulk", "bulk download (large file)", "ns CPU / KiB"),
    ]
    for phase, name, unit in phases:
        if not any(cell(s, phase) for s in SERVERS):
            continue  # not run (PHASES)
        vals = {s: med([d["value"] for d in cell(s, phase)]) for s in SERVERS}
        rows.append((name, unit, vals["ward"], vals["nginx"]))
        if phase == "bulk":
            pcs = {s: med([d["per_cpu_s"] for d in cell(s, phase)]) for s in SERVERS}
            rows.append(("bulk download, throughput per CPU", "MB per CPU-second",
                         pcs["ward"], pcs["nginx"]))
        for s in SERVERS:
            for i, d in enumerate(cell(s, phase), 1):
                e = ", ".join(f"{k} {v}" for k, v in d["errors"].items()) or "none"
                detail.append(
                    f"  {phase:<9} {s:<5} run {i}: {d['value']:9.2f} {unit:<20} "
                    f"{d['rate']:>14}, {d['ok']:>8} ok, server CPU {d['util']:5.1f}% "
                    f"(sys {d['sys']:4.1f}%), other tasks {d['other']:4.1f}%, "
                    f"softirq {d['softirq']:4.1f}%, errors: {e}")
                if d["other"] > noise_pct:
                    warnings.append(f"{s} {phase} run {i}: other tasks used "
                                    f"{d['other']:.0f}% of the server CPU (noisy)")
                if d["errors"]:
                    warnings.append(f"{s} {phase} run {i}: wrk errors: {e}")
                if d["primes"]:
                    warnings.append(f"{s} {phase} run {i}: {d['primes']} connections gave no "
                                    f"new ticket; full handshakes took one (their CPU not counted)")

    for s in SERVERS:
        for r in recs:
            if r["server"] != s or r["phase"] != "idle":
                continue
            n = r["ok"]
            pss = (r["pss_after"] - r["pss_before"]) * 1024 / max(n, 1)
            rss = (r["rss_after"] - r["rss_before"]) * 1024 / max(n, 1)
            r["pss_per"], r["rss_per"] = pss, rss
            detail.append(
                f"  idle      {s:<5}: {n} of {r['n']} connections open "
                f"({r['established']} established at the server port, worker fds "
                f"{r['fds_before']} -> {r['fds_after']}); Pss {r['pss_before']} -> "
                f"{r['pss_after']} kB, Rss {r['rss_before']} -> {r['rss_after']} kB")
            if n != r["n"] or r["established"] < n:
                warnings.append(f"{s} idle: only {n} of {r['n']} connections opened, "
                                f"{r['established']} established")
    idle = {s: next((r for r in recs if r["server"] == s and r["phase"] == "idle"), None)
            for s in SERVERS}
    if all(idle.values()):
        rows.append(("idle TLS connection, Pss of the worker", "bytes / connection",
                     idle["ward"]["pss_per"], idle["nginx"]["pss_per"]))
        rows.append(("idle TLS connection, Rss of the worker", "bytes / connection",
                     idle["ward"]["rss_per"], idle["nginx"]["rss_per"]))

    w0 = max(len(r[0]) for r in rows)
    w1 = max(len(r[1]) for r in rows)
    out.append(f"{'metric':<{w0}} | {'unit':<{w1}} | {'ward':>10} | {'nginx':>10} | ward/nginx")
    out.append(f"{'-' * w0}-+-{'-' * w1}-+-{'-' * 10}-+-{'-' * 10}-+-----------")
    for name, unit, w, n in rows:
        ratio = w / n if n else float("nan")
        out.append(f"{name:<{w0}} | {unit:<{w1}} | {w:10.2f} | {n:10.2f} | {ratio:10.2f}")
    out.append("")
    out.append("each run (the table shows the median of the runs):")
    out.extend(detail)
    if warnings:
        out.append("")
        out.append("WARNINGS:")
        out.extend("  " + w for w in warnings)
    print("\n".join(out))


if __name__ == "__main__":
    main()
