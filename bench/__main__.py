"""`python -m bench [--quick] [--only NAME ...]`: run the benchmarks and write bench/results/."""

from __future__ import annotations

import argparse
import importlib

NAMES = ("ingest", "startup", "encoders", "latency", "load", "scale")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="fewer questions and requests; skip 1M chunks")
    parser.add_argument("--only", nargs="+", choices=NAMES, help="run only these benchmarks")
    args = parser.parse_args()
    for name in args.only or NAMES:
        print(f"\n== {name}")
        importlib.import_module(f"bench.{name}").run(quick=args.quick)


if __name__ == "__main__":
    main()
