"""Keeping the long-lived heap (the app, the index in service) out of the cyclic garbage collector's way."""

from __future__ import annotations

import gc


def freeze_heap() -> None:
    """Move everything alive now out of the cyclic collector's reach (`gc.freeze`).

    A full collection walks every tracked object: about 100 ms with an index loaded, holding the GIL,
    so every request in flight stalled for it (the bursts of 1.5 s at the p99 of /chat under load,
    bench/targets.py). The index lives until it is swapped out; then the heap is unfrozen and collected
    once, so that the replaced index's cycles are freed (all but what a request still in flight holds,
    frozen again until the next swap).
    """
    if gc.get_freeze_count():  # a swap: free the replaced index first (on the first load, skip the walk)
        gc.unfreeze()
        gc.collect()
    gc.freeze()
