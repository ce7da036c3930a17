"""Personal practice on Slack: `/study practice` answers the caller alone (an ephemeral message)
with their next practice question; `/study practice ANSWER` grades it (code through the sandbox,
between ``` fences) and answers ephemerally too. `/study stats` on oneself adds per-topic mastery,
and its PNG chart goes to the member's direct messages (Slack has no ephemeral files); App Home
shows the mastery text. Practice never counts on a leaderboard (bot.core.practice)."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Any

from slack_sdk.errors import SlackApiError

from bot.adapters.slack.blocks import esc
from bot.adapters.slack.parsing import slackify
from bot.adapters.slack.runtime import Runtime
from bot.core import practice_text
from bot.core.errors import UsageError
from bot.core.models import Group, Member

log = logging.getLogger(__name__)
Say = Callable[..., Awaitable[None]]
CHART_FILE = "mastery.png"
HOW = "Answer with `/study practice YOUR ANSWER` (code between ``` fences). Only you see this."


def _mrkdwn(text: str) -> str:
    return slackify(esc(text))


async def command(rt: Runtime, group: Group, user_id: str, rest: str, say: Say) -> None:
    member = await rt.users.member(user_id)
    tz = group.settings.schedule.timezone
    if rest.strip():
        result = await rt.service.practice.answer(member, rest)
        shown = practice_text.practice_result_text(result, rt.service.now(), tz)
        await say(_mrkdwn(shown))
        return
    chosen = await rt.service.practice.next_question(group.id, member)
    shown = practice_text.practice_question_text(chosen, rt.service.now(), tz, how="\x00")
    await say(":brain: " + _mrkdwn(shown).replace("\x00", HOW))


async def nudge(rt: Runtime, user_id: str, args: str, say: Say) -> None:
    wanted = args.strip().lower()
    if wanted not in ("on", "off"):
        raise UsageError("Usage: `/study nudge on|off`")
    await rt.service.practice.set_nudge(await rt.users.member(user_id), wanted == "on")
    await say(f"Weekly practice nudge *{wanted}*.")


async def mastery_text(rt: Runtime, member: Member) -> str:
    found = await rt.service.practice.mastery(member)
    return _mrkdwn(practice_text.mastery_text(found))


async def own_stats(rt: Runtime, user_id: str, stats_text: str, say: Say) -> None:
    """Your own stats: points and streaks, topic mastery, and the chart in your DMs."""
    member = await rt.users.member(user_id)
    text = f"{stats_text}\n\n{await mastery_text(rt, member)}"
    png = await rt.service.practice.mastery_chart(member)
    if png is not None and await _send_chart(rt, user_id, png):
        text += "\n_Your topic chart is in our direct messages._"
    await say(text)


async def _send_chart(rt: Runtime, user_id: str, png: bytes) -> bool:
    try:
        opened: Any = await rt.client.chat_postMessage(channel=user_id, text="Your topic mastery:")
        await rt.client.files_upload_v2(
            channel=str(opened["channel"]), content=png, filename=CHART_FILE, title="Topic mastery"
        )
    except SlackApiError as error:
        log.warning("slack: mastery chart not sent to %s: %s", user_id, error.response.get("error"))
        return False
    return True
