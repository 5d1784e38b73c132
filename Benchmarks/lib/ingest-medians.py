#!/usr/bin/env python3
"""Medians per server and mode of the runs Benchmarks/ingest.sh wrote (one TSV row per run)."""
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
