"""Block Kit rendering of core values: the daily post, reveal, leaderboard, stats and App Home.

Pure functions from domain values to Slack JSON (dicts), so they are easy to test. They are built
from the primitives of bot.adapters.slack.markup (escaping, `clip`, `section`/`sections`, `header`,
`button`, ...), which keep within Slack's limits and are re-exported here, so
`from bot.adapters.slack.blocks import esc` and `blocks.error_text(...)` keep working.
"""

from __future__ import annotations

from typing import Any

from bot.adapters.slack.markup import (  # noqa: F401 (the unused ones are re-exported)
    MAX_BLOCKS,
    SECTION_MAX,
    Block,
    SlackMarkupError,
    block_messages,
    button,
    clip,
    context,
    error_text,
    esc,
    header,
    plain,
    section,
    sections,
    to_mrkdwn,
)
from bot.bank.model import ChoiceSpec, CodeSpec, Kind, Question
from bot.core.models import (
    Leaderboard,
    LeaderboardEntry,
    Member,
    MemberStats,
    Receipt,
    RevealSummary,
    RoundView,
    Verdict,
)
from bot.core.output import split_text, visible
from bot.core.text import code_rules, key_points, result_note
from bot.sandbox.api import SandboxSettings

ACTION_ANSWER = "study_answer"
ACTION_LEADERBOARD = "study_leaderboard"

_DIFFICULTY = {1: "easy", 2: "medium", 3: "hard"}
_VERDICT_ICON = {
    Verdict.CORRECT: ":white_check_mark:",
    Verdict.PARTIAL: ":large_yellow_circle:",
    Verdict.WRONG: ":x:",
    Verdict.PENDING: ":hourglass_flowing_sand:",
    Verdict.PRACTICE: ":books:",
    Verdict.VOTED: ":ballot_box_with_ballot:",
}
_MEDALS = {1: ":first_place_medal:", 2: ":second_place_medal:", 3: ":third_place_medal:"}


def name(member: Member) -> str:
    return plain(member.display_name)


def difficulty_label(question: Question) -> str:
    return _DIFFICULTY.get(question.difficulty, str(question.difficulty))


def question_body(question: Question) -> list[Block]:
    """The prompt with whatever the member needs to answer: options or the code signature."""
    blocks = sections(to_mrkdwn(question.prompt))
    spec = question.spec
    if isinstance(spec, ChoiceSpec):
        lines = [f"*{chr(65 + i)}.* {esc(option)}" for i, option in enumerate(spec.options)]
        if len(spec.correct) > 1:
            lines.append("_Several options are correct._")
        blocks.append(section("\n".join(lines)))
    elif isinstance(spec, CodeSpec):
        text = f"```{esc(spec.signature)}```"
        for example in spec.examples[:3]:
            if example.check is None:
                args = ", ".join(repr(a) for a in example.args)
                call = esc(f"{spec.entry_point}({args})")
                text += f"\n`{call}` → `{esc(repr(example.expected))}`"
        blocks.append(section(text))
    return blocks


def rules_blocks(question: Question, sandbox: SandboxSettings | None) -> list[Block]:
    """A code question's sandbox rules paragraph (bot.bank.rules, from the live settings)."""
    rules = code_rules(question, sandbox)
    return sections(f"*Sandbox rules:* {esc(rules)}") if rules else []


def credit(view: RoundView) -> list[Block]:
    """The "Suggested by NAME" line of a member's accepted suggestion (bot.core.suggestions)."""
    if not view.suggested_by:
        return []
    return [context(f":bulb: Suggested by {plain(view.suggested_by)}")]


def round_post(view: RoundView, sandbox: SandboxSettings | None = None) -> list[Block]:
    """The daily post; a code question also states the sandbox rules of `sandbox` (live)."""
    q = view.question
    meta = f"*{q.topic}* · {difficulty_label(q)} · {q.kind.value} · {view.round.round_date}"
    return [
        header(f"Question of the day: {q.title}"),
        context(meta),
        *credit(view),
        *question_body(q),
        *rules_blocks(q, sandbox),
        {
            "type": "actions",
            "block_id": "study_actions",
            "elements": [
                button("Answer", ACTION_ANSWER, str(view.round.id), style="primary"),
                button("Leaderboard", ACTION_LEADERBOARD, str(view.round.group_id)),
            ],
        },
        context("Answers are private. Discuss in the thread; :+1: a good reply to vote for it."),
    ]


def answer_round_id(message_blocks: list[Block]) -> int | None:
    """The round id carried by a daily post's Answer button, if these blocks are one."""
    for block in message_blocks:
        for element in block.get("elements", []) if block.get("type") == "actions" else []:
            if element.get("action_id") == ACTION_ANSWER and str(element.get("value")).isdigit():
                return int(element["value"])
    return None


def round_fallback(view: RoundView) -> str:
    return f"Question of the day: {esc(view.question.title)}"


def thread_opener() -> str:
    return (
        "Discussion for today's question goes in this thread. Keep answers private until the "
        "reveal (use the *Answer* button); react :+1: to helpful replies."
    )


def reminder(view: RoundView) -> str:
    due = view.round.reveal_due
    when = (
        f" The answer is revealed at <!date^{int(due.timestamp())}^{{time}}|{due:%H:%M} UTC>."
        if due
        else ""
    )
    people = "person has" if view.answered == 1 else "people have"
    title = esc(view.question.title)
    return f":alarm_clock: {view.answered} {people} answered *{title}* so far.{when}"


def reveal(summary: RevealSummary) -> list[Block]:
    q = summary.question
    pct = round(summary.share_correct * 100)
    answer = (
        f"*Reference solution:*\n```\n{esc(summary.answer_text.strip())}\n```"
        if q.kind is Kind.CODE
        else f"*Answer:* {to_mrkdwn(summary.answer_text)}"
    )
    blocks = [header(f"Answer: {q.title}"), *sections(answer), *sections(to_mrkdwn(q.explanation))]
    points = key_points(q)
    if points:
        blocks += sections("*Key points:*\n" + "\n".join(f"• {esc(p)}" for p in points))
    if q.kind is Kind.OPEN:
        blocks.append(section(f"*{summary.answered}* answered; answers are scored by votes."))
    else:
        blocks.append(
            section(f"*{summary.correct}/{summary.answered}* answered correctly ({pct}%).")
        )
    facts = []
    if summary.fastest_correct:
        facts.append(f":zap: Fastest correct: {name(summary.fastest_correct)}")
    if summary.most_voted:
        member, votes = summary.most_voted
        facts.append(f":+1: Most voted in the thread: {name(member)} ({votes})")
    for mover in summary.movers[:5]:
        was = f"#{mover.old_rank}" if mover.old_rank else "new"
        facts.append(f":arrow_up: {name(mover.member)}: {was} → #{mover.new_rank}")
    if facts:
        blocks.append(section("\n".join(facts)))
    if summary.results:
        lines = [
            f"{_VERDICT_ICON.get(r.verdict, '')} {name(r.member)} +{r.points}"
            + (f" ({result_note(r.verdict, r.votes)})" if r.verdict is Verdict.VOTED else "")
            for r in summary.results
        ]
        blocks += [context(part) for part in split_text(" · ".join(lines), SECTION_MAX)]
    return blocks


def reveal_fallback(summary: RevealSummary) -> str:
    return esc(f"Answer to {summary.question.title}: {summary.answer_text}")


def _entry_line(entry: LeaderboardEntry) -> str:
    rank = _MEDALS.get(entry.rank, f"{entry.rank}.")
    streak = f" · :fire: {entry.current_streak}" if entry.current_streak > 1 else ""
    return f"{rank} *{name(entry.member)}* {entry.points} pts ({entry.rounds} rounds){streak}"


def leaderboard_text(board: Leaderboard) -> str:
    title = {"week": "this week", "month": "this month", "all": "all time"}[board.period.value]
    if not board.entries:
        return (
            f"*Leaderboard ({title})*\nNo points yet. Answer today's question to get on the board!"
        )
    lines = [f"*Leaderboard ({title})*", *(_entry_line(e) for e in board.entries)]
    if board.caller and all(e.member.id != board.caller.member.id for e in board.entries):
        lines.append("…")
        lines.append(_entry_line(board.caller))
    return "\n".join(lines)


def stats_text(stats: MemberStats) -> str:
    rank = f"#{stats.rank}" if stats.rank else "unranked"
    return (
        f"*Your stats, {name(stats.member)}*\n"
        f"Points: *{stats.points}* · rank {rank}\n"
        f"Rounds: {stats.rounds} · correct: {stats.correct}\n"
        f"Streak: {stats.current_streak} (longest {stats.longest_streak})"
    )


def receipt_text(receipt: Receipt, question: Question | None = None) -> str:
    icon = _VERDICT_ICON.get(receipt.verdict, "")
    title = f" to *{esc(question.title)}*" if question else ""
    lines = [f"{icon} Answer{title} received: *{receipt.verdict.value}*"]
    if receipt.verdict is not Verdict.PENDING and receipt.counted:
        lines[0] += f", {receipt.points} pts"
    if receipt.detail:
        lines.append(esc(visible(receipt.detail)))  # may quote what the member's code returned
    if receipt.resubmission_note:
        lines.append(f"_{receipt.resubmission_note}_")
    if receipt.late:
        lines.append("_Submitted after the reveal: practice only._")
    return "\n".join(lines)


def home_view(sections: list[tuple[str, str, str]], mastery: str = "") -> dict[str, Any]:
    """The App Home tab: one (channel name, stats text, leaderboard text) per group, then the
    member's own topic mastery (practice and daily rounds, all groups)."""
    blocks: list[Block] = [header("studybot"), context("Daily interview questions for your team.")]
    if not sections:
        blocks.append(
            section(
                "You are not in the channel of any study group yet. Join one, or ask an admin "
                "to run `/study setup` in a channel."
            )
        )
    for name, stats, board in sections:
        blocks += [
            {"type": "divider"},
            section(f"*#{plain(name)}*"),
            section(stats),
            section(board),
        ]
    if mastery:
        blocks += [{"type": "divider"}, section(mastery)]
    blocks.append(context("Commands: `/study help`"))
    return {"type": "home", "blocks": blocks[:100]}
