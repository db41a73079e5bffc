"""The recorder: what the request path appends is all folded, exactly once, however many threads append."""

from __future__ import annotations

import threading

from bot.metrics.record import BUCKETS, EMBED, FOLD_AT, SEARCH, Recorder


def test_counts_and_observations_are_folded_by_key() -> None:
    recorder = Recorder()
    recorder.count(("questions", "http"))
    recorder.count(("questions", "http"))
    recorder.count(("questions", "slack"), amount=3)
    recorder.observe(EMBED, BUCKETS[0])  # a bound is inside its bucket (le)
    recorder.observe(EMBED, 10.0)  # past the last bound: only +Inf
    assert recorder.counters() == {("questions", "http"): 2.0, ("questions", "slack"): 3.0}
    embed = recorder.histograms()[EMBED]
    assert embed.counts[0] == 1 and embed.counts[-1] == 1 and sum(embed.counts) == 2
    assert embed.total == BUCKETS[0] + 10.0


def test_threads_lose_nothing_and_the_queue_stays_short() -> None:
    recorder = Recorder()
    per_thread, threads = 3 * FOLD_AT, 4

    def work() -> None:
        for _ in range(per_thread):
            recorder.count(("questions", "http"))
            recorder.observe(SEARCH, 0.001)

    workers = [threading.Thread(target=work) for _ in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    # Folded along the way, not only when read.
    assert len(recorder._counted) <= FOLD_AT + threads and len(recorder._timed) <= FOLD_AT + threads
    assert recorder.counters()[("questions", "http")] == per_thread * threads
    assert sum(recorder.histograms()[SEARCH].counts) == per_thread * threads
