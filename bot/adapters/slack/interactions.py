"""Buttons on the daily post and modal submissions. Each acks first, then does the work."""

from __future__ import annotations

import json
import logging
from typing import Any

from bot.adapters.slack import blocks, runs
from bot.adapters.slack.commands import SORRY
from bot.adapters.slack.modals import ModalContext, answer_modal, submitted_answer
from bot.adapters.slack.runtime import Runtime
from bot.core.errors import NoActiveRound, StudyError

log = logging.getLogger(__name__)
STALE = "That question is from an earlier round. Use the Answer button on the latest post."


class Interactions:
    def __init__(self, rt: Runtime) -> None:
        self.rt = rt

    async def _guard(self, user: str, channel: str, work: Any) -> None:
        try:
            await work
        except StudyError as error:
            await self.rt.tell(user, channel, blocks.error_text(error))
        except Exception:
            log.exception("slack interaction failed")
            await self.rt.tell(user, channel, SORRY)

    async def answer_button(self, ack: Any, body: dict[str, Any]) -> None:
        await ack()
        user, channel = body["user"]["id"], body["channel"]["id"]
        round_id = int(body["actions"][0]["value"])
        await self._guard(user, channel, self._open_answer(body["trigger_id"], channel, round_id))

    async def _open_answer(self, trigger_id: str, channel: str, round_id: int) -> None:
        group = await self.rt.group_for(channel)
        view = await self.rt.service.current_round(group.id)
        if view is None:
            raise NoActiveRound()
        if view.round.id != round_id:
            raise StudyError(STALE)
        modal = answer_modal(view.question, ModalContext(group.id, round_id, group.external_id))
        await self.rt.client.views_open(trigger_id=trigger_id, view=modal)

    async def leaderboard_button(self, ack: Any, body: dict[str, Any]) -> None:
        await ack()
        user, channel = body["user"]["id"], body["channel"]["id"]
        await self._guard(user, channel, self._leaderboard(user, channel))

    async def _leaderboard(self, user: str, channel: str) -> None:
        group = await self.rt.group_for(channel)
        member = await self.rt.users.member(user)
        board = await self.rt.service.leaderboard(group.id, member=member)
        await self.rt.tell(user, channel, blocks.leaderboard_text(board))

    async def answer_submitted(self, ack: Any, body: dict[str, Any], view: dict[str, Any]) -> None:
        await ack()  # closes the modal; grading (maybe a sandbox run) happens after
        user = body["user"]["id"]
        ctx = ModalContext.load(view["private_metadata"])
        text = submitted_answer(view["state"]["values"])
        await self._guard(user, ctx.channel, self._submit(user, ctx, text))

    async def _submit(self, user: str, ctx: ModalContext, text: str) -> None:
        current = await self.rt.service.current_round(ctx.group_id)
        if current is None or current.round.id != ctx.round_id:
            raise StudyError(STALE)
        member = await self.rt.users.member(user)
        receipt = await self.rt.service.submit(ctx.group_id, member, text)
        await self.rt.tell(user, ctx.channel, blocks.receipt_text(receipt, current.question))

    async def run_submitted(self, ack: Any, body: dict[str, Any], view: dict[str, Any]) -> None:
        await ack()
        user = body["user"]["id"]
        channel = json.loads(view["private_metadata"])["c"]
        code = submitted_answer(view["state"]["values"])
        await self._guard(user, channel, self._run(user, channel, code))

    async def _run(self, user: str, channel: str, code: str) -> None:
        member = await self.rt.users.member(user)
        result = await self.rt.service.run_snippet(member, code)
        await self.rt.tell(user, channel, await runs.run_reply(self.rt.client, user, result))
