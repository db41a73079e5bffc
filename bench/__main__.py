"""`python -m bench [--quick] [--only NAME ...]`: run the benchmarks and write bench/results/."""

from __future__ import annotations

import argparse
import importlib
import time

NAMES = (
    "targets",
    "ingest",
    "startup",
    "encoders",
    "latency",
    "practice",
    "load",
    "peers",
    "scale",
    "metrics",
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--quick", action="store_true", help="fewer questions and requests; scale stops at 100k vectors"
    )
    parser.add_argument("--only", nargs="+", choices=NAMES, help="run only these benchmarks")
    args = parser.parse_args()
    started = time.perf_counter()
    for name in args.only or NAMES:
        print(f"\n== {name}", flush=True)
        began = time.perf_counter()
        importlib.import_module(f"bench.{name}").run(quick=args.quick)
        print(f"== {name}: {time.perf_counter() - began:.0f} s", flush=True)
    print(f"\nall done in {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
