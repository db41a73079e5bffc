"""The plan eval: learning plans against learner profiles (evals/tutor/profiles_eval.yaml).

How a plan is judged (also in evals/README.md): a plan is correct for a profile when each of role,
certification, level and track is exactly the expected value, where an expected null means the plan
asserts nothing for that field; and when the expected role is null the plan asks back, offering the
roles table's roles as choices. Every line of every plan must cite a passage of the index whose text
contains what the line quotes; a plan that breaks this is counted wrong whatever its fields say.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.practice.plan import Curriculum, Plan, build_plan
from evals.tutor_data import Profile, load_profiles
from index.chunk import Chunk

EVAL_FILE = "profiles_eval.yaml"
FIELDS = ("role", "certification", "level", "track")


@dataclass
class PlanRun:
    total: int = 0
    right: int = 0
    by_field: dict[str, int] = field(default_factory=lambda: dict.fromkeys(FIELDS, 0))
    wrong: list[tuple[str, list[str]]] = field(default_factory=list)  # (profile id, what was wrong)

    @property
    def accuracy(self) -> float:
        return self.right / self.total if self.total else 0.0

    def metrics(self) -> dict[str, float]:
        out = {"plan_accuracy": self.accuracy}
        out.update(
            {f"plan_{k}_accuracy": v / self.total if self.total else 0.0 for k, v in self.by_field.items()}
        )
        return out


def uncited(plan: Plan, chunks: dict[str, Chunk]) -> list[str]:
    """Lines of the plan without a source, or quoting what their source does not say."""
    problems = []
    for line in plan.lines:
        if not line.sources:
            problems.append(f"{line.topic}: no source")
        for source in line.sources:
            chunk = chunks.get(source.id)
            if chunk is None or not (source.quote in chunk.text or source.quote in chunk.sentences):
                problems.append(f"{line.topic}: {source.id} does not say what the line quotes")
    return problems


def judge(plan: Plan, profile: Profile, chunks: dict[str, Chunk]) -> list[str]:
    """What is wrong with a plan for a profile; empty when it is correct."""
    problems = [
        f"{name}: {getattr(plan, name)!r}, expected {getattr(profile, name)!r}"
        for name in FIELDS
        if getattr(plan, name) != getattr(profile, name)
    ]
    if profile.role is None and (plan.ask is None or set(plan.ask.choices) != set(chunks_roles(chunks))):
        problems.append("role unknown, but the plan does not ask back with the roles as choices")
    return problems + uncited(plan, chunks)


def chunks_roles(chunks: dict[str, Chunk]) -> list[str]:
    return [c.cells["Role"] for c in chunks.values() if c.cells and "Role" in c.cells]


def run_plans(chunk_list: list[Chunk], name: str = EVAL_FILE) -> PlanRun:
    curriculum = Curriculum(chunk_list)
    chunks = {c.id: c for c in chunk_list}
    run = PlanRun()
    for profile in load_profiles(name):
        plan = build_plan(profile.text, curriculum)
        run.total += 1
        for f in FIELDS:
            run.by_field[f] += getattr(plan, f) == getattr(profile, f)
        problems = judge(plan, profile, chunks)
        if problems:
            run.wrong.append((profile.id, problems))
        else:
            run.right += 1
    return run
