"""Core values -> Discord embeds and message text, within Discord's embed limits."""

from __future__ import annotations

import io
from datetime import datetime

import discord

from bot.bank.model import ChoiceSpec, CodeSpec, CodeTest, Kind, Question
from bot.core.models import (
    Group,
    Leaderboard,
    MemberStats,
    Period,
    Receipt,
    RevealSummary,
    RoundView,
    Verdict,
)  # fmt: skip
from bot.core.output import break_fences, quiet_mentions, run_parts, visible
from bot.core.text import code_rules, key_points
from bot.sandbox.api import RunResult, RunStatus, SandboxSettings

# Discord's limits (https://discord.com/developers/docs/resources/message#embed-object-embed-limits)
TITLE_MAX, DESCRIPTION_MAX, FIELD_VALUE_MAX, FIELD_NAME_MAX = 256, 4096, 1024, 256
EMBED_TOTAL_MAX, FIELDS_MAX = 6000, 25
MESSAGE_MAX = 2000
RUN_FILE = "output.txt"
ATTACHED = " · output shortened: all of it ({lines:,} line{s}) is attached"
BRAND = discord.Colour.blurple()

KIND_HOW = {
    Kind.CHOICE: "Press **Answer** (or use `/answer`) and pick an option. Hidden from others; "
    "graded at the reveal.",
    Kind.SHORT: "Press **Answer** (or use `/answer`) and type a short answer. Hidden from others; "
    "graded at the reveal.",
    Kind.CODE: "Press **Answer** (or use `/answer`) and paste your code; it is graded right away "
    "in a sandbox. Try things first with **Run code**.",
    Kind.OPEN: "Answer in the thread below, and 👍 the answers you find best: votes are counted "
    "at the reveal.",
}
VERDICT_ICON = {
    Verdict.CORRECT: "✅",
    Verdict.PARTIAL: "🟡",
    Verdict.WRONG: "❌",
    Verdict.PENDING: "📨",
    Verdict.PRACTICE: "📝",
    Verdict.VOTED: "🗳️",
}
RUN_HEADER = {
    RunStatus.OK: "✅ Ran",
    RunStatus.ERROR: "❌ Your code raised an error",
    RunStatus.COMPILE_ERROR: "❌ The code was not accepted",
    RunStatus.TIMEOUT: "⏱️ Time limit reached",
    RunStatus.MEMORY: "💥 Memory limit reached",
    RunStatus.OUTPUT_LIMIT: "📜 Output limit reached",
}
PERIOD_TITLE = {Period.WEEK: "this week", Period.MONTH: "this month", Period.ALL: "all time"}


def clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def code_block(text: str, lang: str = "") -> str:
    """Wrap in a fenced block; no run of backticks inside can close it early."""
    return f"```{lang}\n{break_fences(text)}\n```"


def member_text(text: str) -> str:
    """Text a member's program produced, made harmless for a message: control characters
    visible, mentions inert (replies also carry allowed_mentions=none), backtick runs broken."""
    return break_fences(quiet_mentions(visible(text)))


def stars(difficulty: int) -> str:
    return "★" * difficulty + "☆" * (3 - difficulty)


def discord_time(moment: datetime | None, style: str = "R") -> str:
    return f"<t:{int(moment.timestamp())}:{style}>" if moment else "when an admin reveals it"


def _example(entry: str, test: CodeTest) -> str:
    if test.check:
        return test.check.strip()
    args = ", ".join(repr(a) for a in test.args)
    return f"{entry}({args}) == {test.expected!r}"


def question_body(q: Question) -> str:
    parts = [q.prompt.strip()]
    if isinstance(q.spec, ChoiceSpec):
        parts.append("\n".join(f"**{chr(65 + i)}.** {o}" for i, o in enumerate(q.spec.options)))
        if len(q.spec.correct) > 1:
            parts.append("*Several options are correct: pick all of them.*")
    elif isinstance(q.spec, CodeSpec):
        parts.append(code_block(q.spec.signature, "py"))
        examples = "\n".join(_example(q.spec.entry_point, t) for t in q.spec.examples)
        if examples:
            parts.append("Examples:\n" + code_block(examples, "py"))
    return "\n\n".join(parts)


def question_embed(view: RoundView, sandbox: SandboxSettings | None = None) -> discord.Embed:
    """The question's post; a code question states the sandbox rules of `sandbox` (live)."""
    q, r = view.question, view.round
    embed = discord.Embed(
        title=clip(f"📚 {q.title}", TITLE_MAX),
        description=clip(question_body(q), DESCRIPTION_MAX),
        colour=BRAND,
    )
    embed.add_field(name="Topic", value=q.topic)
    embed.add_field(name="Difficulty", value=stars(q.difficulty))
    embed.add_field(name="Kind", value=q.kind.value)
    embed.add_field(name="How to answer", value=KIND_HOW[q.kind], inline=False)
    rules = code_rules(q, sandbox)
    if rules:
        embed.add_field(name="Sandbox rules", value=clip(rules, 1024), inline=False)
    embed.add_field(name="Reveal", value=discord_time(r.reveal_due))
    embed.add_field(name="Answers so far", value=str(view.answered))
    credit = f" · Suggested by {view.suggested_by}" if view.suggested_by else ""
    embed.set_footer(text=clip(f"Round {r.id} · {r.round_date.isoformat()}{credit}", 2048))
    return embed


def thread_name(view: RoundView) -> str:
    return clip(f"{view.round.round_date.isoformat()} · {view.question.title}", 100)


def receipt_text(receipt: Receipt) -> str:
    line = f"{VERDICT_ICON[receipt.verdict]} {quiet_mentions(visible(receipt.detail))}"
    if receipt.points and receipt.counted:
        line += f" (+{receipt.points} points)"
    if receipt.resubmission_note:
        line += f"\n*{receipt.resubmission_note}*"
    return line


def run_reply(result: RunResult) -> tuple[str, discord.File | None]:
    """One message of at most 2,000 characters: a header and one code block with the head of the
    output and the end of the traceback; when that leaves something out, the whole output (up to
    the sandbox's cap) comes along as `output.txt`."""
    header = f"{RUN_HEADER[result.status]} in {result.duration:.2f} s"
    budget = MESSAGE_MAX - len(header) - len(ATTACHED) - 20
    parts = run_parts(result, member_text, budget)
    if not parts.cut:
        return f"{header}\n{code_block(parts.body)}", None
    note = ATTACHED.format(lines=parts.lines, s="s" * (parts.lines != 1))
    file = discord.File(io.BytesIO(parts.whole.encode()), filename=RUN_FILE)
    return f"{header}{note}\n{code_block(parts.body)}", file


def run_text(result: RunResult) -> str:
    """The message of `run_reply` (without its attachment)."""
    return run_reply(result)[0]


def _name(member_name: str) -> str:
    return discord.utils.escape_markdown(member_name) or "someone"


def leaderboard_embed(board: Leaderboard) -> discord.Embed:
    lines = []
    for e in board.entries:
        streak = f" · 🔥{e.current_streak}" if e.current_streak > 1 else ""
        lines.append(
            f"`#{e.rank}` **{_name(e.member.display_name)}** — {e.points} pts · "
            f"{e.rounds} rounds{streak}"
        )
    me = board.caller
    if me is not None and all(e.member.id != me.member.id for e in board.entries):
        lines.append(f"…\n`#{me.rank}` **{_name(me.member.display_name)}** — {me.points} pts (you)")
    return discord.Embed(
        title=f"🏆 Leaderboard — {PERIOD_TITLE[board.period]}",
        description=clip("\n".join(lines) or "No points yet. Answer today's question!", 4000),
        colour=BRAND,
    )


def stats_text(stats: MemberStats) -> str:
    rank = f"#{stats.rank}" if stats.rank else "not ranked yet"
    return (
        f"📊 **{_name(stats.member.display_name)}**: {stats.points} points, rank {rank}\n"
        f"Rounds: {stats.rounds} · fully correct: {stats.correct}\n"
        f"Streak: {stats.current_streak} (longest {stats.longest_streak})"
    )


def reveal_embed(summary: RevealSummary) -> tuple[discord.Embed, str]:
    """The reveal embed and any explanation text that did not fit into it (sent after it)."""
    q = summary.question
    head = f"**Answer:** {summary.answer_text}\n\n"
    body = head + q.explanation.strip()
    points = key_points(q)
    if points:
        body += "\n\n**Key points:**\n" + "\n".join(f"• {point}" for point in points)
    overflow = ""
    if len(body) > DESCRIPTION_MAX:
        cut = DESCRIPTION_MAX - 1
        overflow, body = body[cut:], body[:cut] + "…"
    embed = discord.Embed(title=clip(f"✅ Reveal: {q.title}", TITLE_MAX), description=body)
    embed.colour = discord.Colour.green()
    pct = f" ({summary.share_correct:.0%})" if summary.answered else ""
    embed.add_field(name="Answered", value=str(summary.answered))
    if q.kind is Kind.OPEN:
        embed.add_field(name="Scored by", value="peer votes 👍")
    else:
        embed.add_field(name="Correct", value=f"{summary.correct}{pct}")
    if summary.fastest_correct:
        embed.add_field(name="Fastest correct", value=_name(summary.fastest_correct.display_name))
    if summary.most_voted:
        author, votes = summary.most_voted
        embed.add_field(name="Most upvoted", value=f"{_name(author.display_name)} ({votes} 👍)")
    if summary.movers:
        moves = "\n".join(
            f"{_name(m.member.display_name)}: {'#' + str(m.old_rank) if m.old_rank else 'new'}"
            f" → #{m.new_rank}"
            for m in summary.movers
        )
        embed.add_field(name="Movers", value=clip(moves, FIELD_VALUE_MAX), inline=False)
    embed.set_footer(text=f"Round {summary.round.id} · {summary.round.round_date.isoformat()}")
    return embed, overflow


def setup_text(group: Group) -> str:
    s = group.settings.schedule
    days = ", ".join(("mon", "tue", "wed", "thu", "fri", "sat", "sun")[d] for d in s.weekdays)
    reveal = f"at {s.reveal_time}" if s.reveal_time else f"{s.reveal_after_hours:g} h after posting"
    topics = ", ".join(group.settings.topics) or "all topics"
    state = "" if s.enabled else "\n*Posting is paused.*"
    return (
        f"📚 This channel is a study group. A question is posted at **{s.post_time}** "
        f"({s.timezone}) on {days}; the answer is revealed {reveal}. Topics: {topics}.{state}"
    )


HELP_TEXT = """**studybot** — a daily interview question for this channel.
`/question` today's question (only you see it)
`/answer` answer it: buttons for choices, a form for text and code
`/run` run a Python snippet in the sandbox
`/leaderboard [week|month|all]` the standings
`/stats [member]` points, rank and streaks (yours: with your topic mastery and its chart)
`/practice` a private practice question: due reviews of what you missed first, then your weakest \
topics (never on the leaderboard)
`/nudge on|off` whether the weekly practice nudge names you with your reviews due (never scores)
`/suggest` suggest a question of any kind for this group (a form; `help: show the format`)
In the daily post's thread, 👍 a member's message to upvote it (counted at the reveal).
Admins (Manage Server): `/setup` make this channel a group and set time, timezone, weekdays, \
topics · `/post` post now · `/reveal` reveal now · `/skip` skip today · `/suggestions` review \
suggested questions (list, show, edit, accept, reject with a reason)."""
