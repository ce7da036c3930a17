"""The core's Publisher for platform "slack": posts go to the group's channel, talk to its thread.

A round's post is a Block Kit message; its `ts` is both the message_ref and the thread_ref (in
Slack a thread is the replies to a message). Reminders and the reveal are thread replies, broadcast
to the channel so nobody misses them. After the reveal on the group's last weekday of the week,
the weekly summary (standings plus the chart PNG) is uploaded to the channel.
"""

from __future__ import annotations

import logging
from datetime import date, timedelta
from typing import Any

from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncSlackResponse, AsyncWebClient

from bot.adapters.slack import blocks
from bot.adapters.slack.blocks import SlackMarkupError
from bot.adapters.slack.parsing import slackify
from bot.bank.model import Question
from bot.core import practice_text
from bot.core.models import Group, Member, Period, PostedRefs, Receipt, RevealSummary, RoundView
from bot.core.service import StudyService

log = logging.getLogger(__name__)
WEEKLY_PNG = "leaderboard-week.png"

_NOT_POSTABLE = frozenset({"not_in_channel", "channel_not_found", "is_archived"})


class SlackPublisher:
    platform = "slack"

    def __init__(self, client: AsyncWebClient, service: StudyService) -> None:
        self._client = client
        self._service = service

    async def _post(self, channel: str, **kwargs: Any) -> AsyncSlackResponse:
        """chat.postMessage; if the bot was removed from a public channel, join it and retry."""
        try:
            return await self._client.chat_postMessage(channel=channel, **kwargs)
        except SlackApiError as error:
            code = error.response.get("error")
            if code == "not_in_channel":
                try:
                    await self._client.conversations_join(channel=channel)
                    return await self._client.chat_postMessage(channel=channel, **kwargs)
                except SlackApiError as retry_error:
                    code = retry_error.response.get("error")
            if code in _NOT_POSTABLE or code == "method_not_supported_for_channel_type":
                raise SlackMarkupError(
                    f"I can't post in <#{channel}> ({code}). "
                    "Invite me with `/invite @studybot` and try again."
                ) from None
            raise

    async def publish_round(self, group: Group, view: RoundView) -> PostedRefs:
        channel = group.external_id
        posted = await self._post(
            channel,
            text=blocks.round_fallback(view),
            blocks=blocks.round_post(view, self._service.config.sandbox),
            unfurl_links=False,
        )
        ts = str(posted["ts"])
        await self._post(channel, thread_ts=ts, text=blocks.thread_opener())
        return PostedRefs(message_ref=ts, thread_ref=ts)

    async def find_round_post(self, group: Group, view: RoundView) -> PostedRefs | None:
        """The round's post if it is already in the channel (used after a crash mid-post).

        Looks through the channel's recent history for the bot's post whose Answer button
        carries this round's id.
        """
        oldest = view.round.opened_at - timedelta(hours=36)  # opened_at may have been reset since
        try:
            page = await self._client.conversations_history(
                channel=group.external_id, oldest=f"{oldest.timestamp():.6f}", limit=200
            )
        except SlackApiError:
            return None
        for message in page.get("messages", []):
            if blocks.answer_round_id(message.get("blocks") or []) == view.round.id:
                ts = str(message["ts"])
                return PostedRefs(message_ref=ts, thread_ref=ts)
        return None

    async def deliver_receipt(
        self, group: Group, member: Member, question: Question, receipt: Receipt
    ) -> None:
        """A code answer graded after a restart: its result, only to the member, in the group's
        channel (or a DM when that fails)."""
        text = blocks.receipt_text(receipt, question)
        try:
            await self._client.chat_postEphemeral(
                channel=group.external_id, user=member.external_id, text=text
            )
        except SlackApiError:
            await self._client.chat_postMessage(channel=member.external_id, text=text)

    async def publish_reminder(self, group: Group, view: RoundView) -> None:
        await self._post(
            group.external_id,
            thread_ts=view.round.thread_ref or view.round.message_ref,
            reply_broadcast=view.round.thread_ref is not None,
            text=blocks.reminder(view),
        )

    async def publish_reveal(self, group: Group, summary: RevealSummary) -> None:
        thread = summary.round.thread_ref or summary.round.message_ref
        first, *more = blocks.block_messages(blocks.reveal(summary))
        await self._post(
            group.external_id,
            thread_ts=thread,
            reply_broadcast=thread is not None,
            text=blocks.reveal_fallback(summary),
            blocks=first,
        )
        for rest in more:  # the reveal is out; what a message could not hold follows it
            await self._post(
                group.external_id,
                thread_ts=thread,
                text=blocks.reveal_fallback(summary),
                blocks=rest,
            )
        if summary.closes_week:
            try:
                await self.publish_weekly(group, summary.round.round_date)
            except Exception:  # the reveal itself went out; the summary is a bonus
                log.exception("slack: weekly summary of group %s failed", group.id)
            try:
                await self.publish_nudge(group, summary)
            except Exception:  # a bonus too
                log.exception("slack: weekly practice nudge of group %s failed", group.id)

    async def publish_nudge(self, group: Group, summary: RevealSummary) -> None:
        """The weekly practice nudge in the group's channel: reviews due per opted-in member
        (`/study nudge off` to leave it), never a score. This round's results count first."""
        await self._service.practice.record_round(summary)  # once per member and round
        due = await self._service.practice.weekly_nudge(group.id)
        if due:
            shown = [(blocks.plain(name), n) for name, n in due]  # names: never markup
            text = ":brain: " + slackify(practice_text.nudge_text(shown))
            await self._post(group.external_id, text=text)

    async def publish_weekly(self, group: Group, day: date | None = None) -> None:
        """The week's standings with the chart attached, in the group's channel."""
        png = await self._service.weekly_chart(group.id, on_date=day)
        if png is None:
            return
        board = await self._service.leaderboard(group.id, Period.WEEK, on_date=day)
        await self._client.files_upload_v2(
            channel=group.external_id,
            file=png,
            filename=WEEKLY_PNG,
            title="Weekly leaderboard",
            initial_comment=":calendar: *Weekly summary*\n" + blocks.leaderboard_text(board),
        )
