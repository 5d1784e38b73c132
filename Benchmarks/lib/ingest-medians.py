#!/usr/bin/env python3
"""Medians per server and mode of the runs Benchmarks/ingest.sh wrote (one TSV row per run), then
the goal check of wxhook with its default durability (docs/benchmarks.md, "Ingest")."""
import csv
import statistics
import sys
from collections import defaultdict

runs = defaultdict(list)
with open(sys.argv[1]) as table:
    for row in csv.DictReader(table, delimiter="\t"):
        runs[(row["mode"], row["server"])].append(row)

def median(rows, key):
    return statistics.median(float(row[key]) for row in rows)

print("| mode | server | runs | req/s (median) | req/s (each run) | p50 ms | p99 ms | CPU ms per 1k req | peak RSS MiB | rows − 2xx (each run) | errors |")
print("|---|---|---|---|---|---|---|---|---|---|---|")
for (mode, server), rows in sorted(runs.items()):
    each = ", ".join(f"{float(row['rps']):,.0f}" for row in rows)
    gaps = ", ".join(row["rows_minus_2xx"] for row in rows)
    errors = sum(int(row["non_2xx"]) + int(row["socket_errors"]) for row in rows)
    print(f"| {mode} | {server} | {len(rows)} | {median(rows, 'rps'):,.0f} | {each} | {median(rows, 'p50_ms'):.3f} "
          f"| {median(rows, 'p99_ms'):.3f} | {median(rows, 'cpu_ms_per_1k'):.0f} | {median(rows, 'peak_rss_mib'):.1f} "
          f"| {gaps} | {errors} |")

# Goals, for `wxhook` (durability full) in load mode: >= 2x the peer's req/s in the same run,
# <= 25 ms CPU per 1k requests, p99 <= 5 ms, peak RSS <= 40 MiB, no acknowledged webhook lost.
own, peer = runs.get(("load", "wxhook")), runs.get(("load", "hummingbird"))
if own and peer:
    ratio = median(own, "rps") / median(peer, "rps")
    lost = any(int(row["rows_minus_2xx"]) < 0 for row in own)
    checks = [
        ("req/s vs the peer >= 2x", ratio >= 2, f"{ratio:.2f}x"),
        ("CPU per 1k requests <= 25 ms", median(own, "cpu_ms_per_1k") <= 25, f"{median(own, 'cpu_ms_per_1k'):.0f} ms"),
        ("p99 <= 5 ms", median(own, "p99_ms") <= 5, f"{median(own, 'p99_ms'):.2f} ms"),
        ("peak RSS <= 40 MiB", median(own, "peak_rss_mib") <= 40, f"{median(own, 'peak_rss_mib'):.1f} MiB"),
        ("every 2xx stored", not lost, "rows >= 2xx" if not lost else "rows < 2xx in a run"),
    ]
    print()
    print("goal check (wxhook, durability full, load):")
    for name, passed, figure in checks:
        print(f"  {'PASS' if passed else 'MISS'}  {name}: {figure}")
    process = runs.get(("load", "wxhook-process"))
    if process:
        print(f"  (durability process beside it: {median(process, 'rps') / median(peer, 'rps'):.2f}x the peer, "
              f"{median(process, 'cpu_ms_per_1k'):.0f} ms CPU per 1k, p99 {median(process, 'p99_ms'):.2f} ms)")

# PostgreSQL beside SQLite (same durability: a commit that a 200 waits for is on disk): one
# instance should reach at least half of SQLite's req/s; two instances on one database show what
# a second instance adds on the same machine.
pg1, pg2 = runs.get(("load", "wxhook-postgres-1")), runs.get(("load", "wxhook-postgres-2"))
if own and pg1:
    ratio = median(pg1, "rps") / median(own, "rps")
    print()
    print("goal check (PostgreSQL, load):")
    print(f"  {'PASS' if ratio >= 0.5 else 'MISS'}  one instance >= 50% of SQLite's req/s: {ratio:.0%} "
          f"({median(pg1, 'rps'):,.0f} vs {median(own, 'rps'):,.0f})")
    if pg2:
        print(f"  (two instances: {median(pg2, 'rps'):,.0f} req/s, {median(pg2, 'rps') / median(own, 'rps'):.0%} of SQLite's)")
    lost = any(int(row["rows_minus_2xx"]) < 0 for row in pg1 + (pg2 or []))
    print(f"  {'PASS' if not lost else 'MISS'}  every 2xx stored on PostgreSQL")
