"""Block Kit for tutor mode in Slack: a practice item, the feedback on an answer, a learning plan, and
the App Home tab with progress, due items and starter questions."""

from __future__ import annotations

from typing import Any

from bot.citations import passage_url
from bot.practice import Item, Outcome, Plan, Progress
from bot.slack.blocks import Block, Message, sections
from bot.slack.mrkdwn import escape, link
from bot.slack.practice_values import PlanRole, QuizAnswer, QuizNext
from bot.slack.values import ButtonValue

QUIZ_ANSWER_PREFIX = "tutor_quiz_answer_"
QUIZ_NEXT = "tutor_quiz_next"
PLAN_ROLE_PREFIX = "tutor_plan_role_"
KIND_NAMES = {
    "short": "Short answer",
    "choice": "Multiple choice",
    "cloze": "Fill in the blank",
    "order": "Put in order",
}
GRADE_MARKS = {"correct": "✅ *Correct.*", "partly": "🟡 *Partly right.*", "not yet": "❌ *Not yet.*"}
BUTTON_TEXT = 75
BAR = 10  # characters in a progress bar
MAX_HOME_BLOCKS = 100  # Slack's limit on a Home tab view


def _button(text: str, action_id: str, value: ButtonValue, primary: bool = False) -> Block:
    label = text if len(text) <= BUTTON_TEXT else text[: BUTTON_TEXT - 1] + "…"
    out: Block = {
        "type": "button",
        "text": {"type": "plain_text", "text": label, "emoji": True},
        "action_id": action_id,
        "value": value.encode(),
    }
    if primary:
        out["style"] = "primary"
    return out


def _context(text: str) -> Block:
    return {"type": "context", "elements": [{"type": "mrkdwn", "text": text}]}


def how_to_answer(item: Item) -> str:
    if item.kind == "choice":
        return "Press the right choice."
    if item.kind == "cloze":
        return "Press a choice, or reply in this thread with the missing words."
    if item.kind == "order":
        return "Reply in this thread with the numbers in the right order, for example `2 3 1`."
    return "Reply in this thread with your answer."


def quiz_message(item: Item, level_name: str) -> Message:
    """A practice item: what it is, the prompt, and its choices as buttons (or how to reply)."""
    blocks: list[Block] = [
        _context(f"*Practice* · {KIND_NAMES[item.kind]} · {escape(level_name)} · {escape(item.section)}")
    ]
    blocks += sections(f"*{escape(item.prompt)}*")
    if item.kind == "order":
        blocks += sections(
            "\n".join(f"{n}. {escape(entry)}" for n, entry in enumerate(item.choices, start=1))
        )
    if item.kind in ("choice", "cloze"):
        blocks.append(
            {
                "type": "actions",
                "elements": [
                    _button(choice, f"{QUIZ_ANSWER_PREFIX}{n}", QuizAnswer(item_id=item.id, choice=n))
                    for n, choice in enumerate(item.choices[:25])
                ],
            }
        )
    blocks.append(_context(how_to_answer(item)))
    return Message(text=f"Practice: {item.prompt}", blocks=blocks)


def feedback_message(outcome: Outcome, public_url: str | None, level: str | None = None) -> Message:
    """The grade, what was missing, the passage quoted and linked, and a button for the next item."""
    g = outcome.graded
    text = GRADE_MARKS[g.grade]
    rest = g.feedback.split(" ", 1)[1] if " " in g.feedback else ""
    if rest:
        text += f" {escape(rest)}"
    quoted = "\n".join(f"> {line}" if line.strip() else ">" for line in escape(g.quote).splitlines())
    where = f"{g.title} › {g.section.split(' › ')[-1]}" if g.section else g.title
    blocks: list[Block] = [
        *sections(text),
        *sections(quoted),
        _context(f"From {_source(public_url, g.passage_id, where)}"),
    ]
    blocks.append(
        {
            "type": "actions",
            "elements": [_button("Next question", QUIZ_NEXT, QuizNext(level=level), primary=True)],
        }
    )
    return Message(text=f"{g.grade.capitalize()}: {g.feedback}", blocks=blocks)


def _source(public_url: str | None, passage_id: str, label: str) -> str:
    return link(passage_url(public_url, passage_id), label) if public_url else escape(label)


def plan_message(plan: Plan, text: str, public_url: str | None) -> Message:
    """A plan: what it determines, each line with its sources, roles to choose from when asked back."""
    facts = [f"*{name}:* {escape(value)}" for name, value in (
        ("Role", plan.role), ("Certification", plan.certification), ("Start at", plan.level_name), ("Track", plan.track)
    ) if value]  # fmt: skip
    blocks: list[Block] = sections("*Your learning plan*" + ("\n" + "\n".join(facts) if facts else ""))
    for n, line in enumerate(plan.lines, start=1):
        blocks += sections(f"{n}. {escape(line.text)}")
        cited = [_source(public_url, s.id, s.section or s.title) for s in line.sources]
        blocks.append(_context("Source: " + " · ".join(cited[:9])))
    if plan.ask is not None:
        blocks += sections(escape(plan.ask.question))
        blocks.append(
            {
                "type": "actions",
                "elements": [
                    _button(role, f"{PLAN_ROLE_PREFIX}{n}", PlanRole(role=role, text=text[:1800]))
                    for n, role in enumerate(plan.ask.choices[:25])
                ],
            }
        )
    if plan.level is not None and plan.level_name:
        start = _button(
            f"Start practising at the {plan.level_name} level", QUIZ_NEXT, QuizNext(level=plan.level), True
        )
        blocks.append({"type": "actions", "elements": [start]})
    return Message(text="Your learning plan", blocks=blocks[:50])


def _bar(part: int, whole: int) -> str:
    filled = round(BAR * part / whole) if whole else 0
    return "▓" * filled + "░" * (BAR - filled)


def home_view(
    progress: Progress, names: dict[str, str], due: list[Item], starters: list[Item]
) -> dict[str, Any]:
    """The App Home tab: progress per level, the items due now, and questions to start with."""
    total = progress.total
    blocks: list[Block] = [
        {"type": "header", "text": {"type": "plain_text", "text": "Your practice", "emoji": True}},
        *sections(
            f"{total.seen} of {total.total} questions seen · {total.retained} retained · {total.due} due now"
        ),
    ]
    rows = [
        f"`{_bar(lp.tally.seen, lp.tally.total)}` *{escape(names.get(lp.level, lp.level))}* "
        f"{lp.tally.seen}/{lp.tally.total} seen · {lp.tally.retained} retained · {lp.tally.due} due"
        for lp in progress.levels
    ]
    blocks += sections("\n".join(rows))
    blocks.append({"type": "divider"})
    if due:
        blocks += sections("*Due for review*\n" + "\n".join(f"• {escape(i.prompt)}" for i in due[:5]))
        blocks.append(
            {"type": "actions", "elements": [_button("Review now", QUIZ_NEXT, QuizNext(), primary=True)]}
        )
    else:
        blocks += sections("*Due for review*\nNothing is due right now.")
    if starters:
        blocks += sections("*Starter questions*")
        for item in starters[:3]:
            blocks.append(
                {
                    "type": "section",
                    "text": {"type": "mrkdwn", "text": escape(item.prompt)},
                    "accessory": _button("Practise", QUIZ_NEXT, QuizNext(item_id=item.id)),
                }
            )
    levels = [_button(f"Quiz me: {name}", QUIZ_NEXT, QuizNext(level=key)) for key, name in names.items()]
    blocks.append({"type": "actions", "elements": levels})
    blocks.append(
        _context(
            "Use `/tutor quiz [level]` in any channel, or `/tutor plan <about you>` for a learning plan."
        )
    )
    return {"type": "home", "blocks": blocks[:MAX_HOME_BLOCKS]}
