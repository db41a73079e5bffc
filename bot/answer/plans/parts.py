"""The parts plan: "What skills does the Managerial level cover, and how long does it take?" gets
both parts, each from its own passage, in the order asked.

Each part is looked up on its own, in the message's context; a part that cannot stand alone
("…, and also at the managerial level?") is read as a follow-up of the part before it. A part
the curriculum does not cover is said to be not covered, in the learner's own words, while the
other parts are answered.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from bot.answer.answer_type import wanted_types
from bot.answer.asks import starts_ask
from bot.answer.plans import Block, Composition, Found, Lookup
from bot.answer.plans.name import NamePlan
from bot.answer.query import has_cue
from bot.answer.tuning import PlanTuning

Single = Callable[[Found, Lookup], Composition]
_POSSESSIVE = re.compile(r"\b(?:its|their)\b", re.IGNORECASE)


class PartsPlan:
    """Each part answered by the plan its own shape calls for, every block labelled."""

    def __init__(self, single: Single, name: NamePlan, tuning: PlanTuning) -> None:
        self.single = single  # the planner's choice of plan for one ask
        self.name = name
        self.tuning = tuning

    @staticmethod
    def look_up(
        part: str, context: str, before: Found | None, lookup: Lookup, quoted: set[str]
    ) -> Found | None:
        """A part as asked (with the message's context, else alone), or as a follow-up of the
        part before it: first when it cannot stand alone ("…, and also at the managerial level?",
        "…, and what are its prerequisites?"), when it reads better for one that points back
        ("what comes after it?") unless it only finds the passage just quoted, last for one that
        asks for no fact the curriculum lacks."""
        follow = lookup.follow(part, before) if before is not None else None
        found = lookup.find(f"{context} {part}") if context else None
        found = found or lookup.find(part)
        leans = _POSSESSIVE.search(part) is not None or not starts_ask(part)
        if follow is not None and found is not None:
            # A reading that only finds the passage just quoted gives way to one that finds
            # another ("pass mark? proctored?", "Also, can my company pay for it?"), except for
            # a possessive: "…what are its prerequisites?" is answered by what was quoted.
            stale = _top(follow) in quoted and _top(found) not in quoted and not _POSSESSIVE.search(part)
            if leans or (has_cue(part) and follow.confidence > found.confidence):
                return found if stale else follow
            return found
        if found is None and not wanted_types(part):
            return follow  # a part asking for a price or a date stays uncovered: no topic has one
        return found

    def __call__(self, found: Found, lookup: Lookup) -> Composition:
        blocks: list[Block] = []
        seen: set[tuple[str, str]] = set()
        before: Found | None = None
        for part in found.query.shape.parts:
            quoted = {key[0] for key in seen}
            own = self.look_up(part, found.query.shape.context, before, lookup, quoted)
            if own is None:
                blocks.append(Block((), part, "asked"))
                continue
            before = own
            for block in self.single(own, lookup).blocks:
                fresh = [p for p in block.picked if (p.candidate.chunk.id, p.text) not in seen]
                if not fresh:
                    continue  # two parts answered by the same sentences: quote them once
                seen.update((p.candidate.chunk.id, p.text) for p in fresh)
                if block.label is not None:
                    blocks.append(Block(tuple(fresh), block.label, block.source))
                else:
                    blocks.append(self.name.block(fresh, always=True))
        return Composition("parts", tuple(blocks[: self.tuning.max_blocks]))


def _top(found: Found) -> str:
    return found.candidates[0].chunk.id if found.candidates else ""
