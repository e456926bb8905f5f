#!/usr/bin/env python3
"""Per second, from a running server's /metrics: group commits, and how many took over 4, 8 and
16 ms (the driftline_storage_write_seconds histogram), beside the machine's idle and steal ticks
(/proc/stat, Linux). Run it beside an open-loop loadgen run and read its lines against loadgen's
per-second ones: a latency spike with no slow commits is not the commit (docs/benchmarks.md).

    driftline-bench/commit-seconds.py http://127.0.0.1:18000 30
"""
import re
import sys
import time
import urllib.request

BUCKET = re.compile(r'driftline_storage_write_seconds_bucket\{le="([^"]+)"\} (\S+)')


def scrape(url):
    text = urllib.request.urlopen(url + "/metrics", timeout=5).read().decode()
    buckets = {}
    for line in text.splitlines():
        m = BUCKET.match(line)
        if m:
            le = float("inf") if m.group(1) == "+Inf" else float(m.group(1))
            buckets[le] = float(m.group(2))
    cpu = open("/proc/stat").readline().split()
    return buckets, int(cpu[4]), int(cpu[8])  # idle, steal


def over(delta, seconds):
    """Commits slower than `seconds`: all minus those in the largest bucket below it."""
    below = [le for le in delta if le < seconds]
    return delta[float("inf")] - (delta[max(below)] if below else 0)


def main():
    url, count = sys.argv[1], int(sys.argv[2])
    previous = scrape(url)
    start = time.time()
    for i in range(1, count + 1):
        time.sleep(max(0.0, start + i - time.time()))
        current = scrape(url)
        delta = {le: current[0][le] - previous[0].get(le, 0) for le in current[0]}
        print(
            f"{i:4d}s commits {delta[float('inf')]:5.0f}  >4ms {over(delta, 0.004):3.0f}"
            f"  >8ms {over(delta, 0.008):3.0f}  >16ms {over(delta, 0.016):3.0f}"
            f"  idle {current[1] - previous[1]:3d}  steal {current[2] - previous[2]:3d}",
            flush=True,
        )
        previous = current


if __name__ == "__main__":
    main()
