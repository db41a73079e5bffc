"""`python -m scripts.attack [--label before] [--quick]`: rerun the attack and print its table."""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import time
from dataclasses import asdict
from pathlib import Path

from scripts.attack import builders, fuzz, inputs, load, slack
from scripts.attack.report import Row, table
from scripts.attack.server import (
    BOT_TOKEN,
    ROOT,
    SIGNING_SECRET,
    answering_slack,
    base_env,
    copy_index,
    hung_slack,
    serving,
)

RATE_LIMIT = 30
GROUPS = ("inputs", "load", "fuzz", "index")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--label", default="run", help="names the JSON file of the results")
    parser.add_argument("--work", type=Path, default=ROOT / ".cache" / "attack")
    parser.add_argument("--seconds", type=int, default=20, help="length of each wrk phase")
    parser.add_argument("--only", nargs="+", choices=GROUPS, help="run only these groups of checks")
    parser.add_argument("--fuzz-seconds", type=int, default=300, help="schemathesis' time budget")
    args = parser.parse_args()
    work: Path = args.work
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    began = time.monotonic()
    rows = Rows()
    only = set(args.only or GROUPS)
    messages = load.messages_file(work)
    index = copy_index(work)
    if only & {"inputs", "load", "fuzz"}:
        with hung_slack() as api_url:
            env = base_env(work, index, TUTOR_RATE_LIMIT_PER_MINUTE="10000000", SLACK_BOT_TOKEN=BOT_TOKEN,
                           SLACK_SIGNING_SECRET=SIGNING_SECRET, TUTOR_SLACK_API_URL=api_url)  # fmt: skip
            with serving("main", work, env) as server:
                if "inputs" in only:
                    rows += [inputs.surrogates(server), inputs.overflow(server), inputs.conversation_access(server),
                             inputs.headers(server), slack.bad_timestamp(server)]  # fmt: skip
                if "load" in only:
                    rows.append(load.amplification(server, messages, args.seconds))
                    rows.append(load.hung_slack(server, messages, args.seconds))
                    rows.append(inputs.slow_clients(server))
                if "fuzz" in only:
                    rows += fuzz.schemathesis(server, work, args.fuzz_seconds)
    if "inputs" in only:
        with answering_slack() as api_url:
            env = base_env(work, index, SLACK_BOT_TOKEN=BOT_TOKEN, SLACK_SIGNING_SECRET=SIGNING_SECRET,
                           TUTOR_SLACK_API_URL=api_url)  # fmt: skip
            with serving("slack", work, env) as server:
                rows += [slack.malformed(server), slack.replay(server)]
        limited = base_env(work, index, TUTOR_RATE_LIMIT_PER_MINUTE=str(RATE_LIMIT))
        with serving("limited", work, limited) as server:
            rows.append(inputs.forwarded_for(server, RATE_LIMIT))
        empty = work / "no-index"
        empty.mkdir()
        with serving("not-ready", work, base_env(work, empty), ready=False) as server:
            rows.append(inputs.leaks(server, [str(work), str(ROOT)]))
        rows.append(short_admin_token(work, index))
    if "index" in only:
        rows += builders.builders(work)
        rows.append(builders.corrupted_views(work))
    print(table(rows))
    print(
        f"\n{len(rows)} checks in {time.monotonic() - began:.0f} s; failures in {sum(r.failures > 0 for r in rows)}"
    )
    out = ROOT / "bench" / "results" / f"attack-{args.label}.json"
    out.write_text(json.dumps([asdict(r) for r in rows], indent=1) + "\n")
    print(f"written to {out.relative_to(ROOT)}")


class Rows(list[Row]):
    """The table's rows, each printed as it is added, so a long run shows its progress."""

    def append(self, row: Row) -> None:
        print(f"{row.check}: {row.requests} requests, {row.failures} failures; {row.note}", flush=True)
        super().append(row)

    def __iadd__(self, rows: object) -> Rows:  # type: ignore[override]
        for row in rows:  # type: ignore[attr-defined]
            self.append(row)
        return self


def short_admin_token(work: Path, index: Path) -> Row:
    """A 10-character admin token: the server should refuse to start."""
    env = base_env(work, index, TUTOR_ADMIN_TOKEN="short-pass")
    try:
        with serving("short-token", work, env):
            return Row("admin token shorter than 32 characters", 1, 1, "the server started with it")
    except RuntimeError as exc:
        return Row("admin token shorter than 32 characters", 1, 0, f"refused: {exc}"[:160])
    except subprocess.SubprocessError as exc:
        return Row("admin token shorter than 32 characters", 1, 0, str(exc)[:160])


if __name__ == "__main__":
    main()
