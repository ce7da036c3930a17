"""Buttons on the daily post and modal submissions. Each acks first, then does the work.

Nothing a payload carries is trusted on its own: a button's channel must hold a group whose
channel the clicker is in, the round on an Answer button must be the group's current one, and a
form's metadata must carry the bot's signature, name a Slack group whose channel it names, and
the submitter must be a member of that channel.
"""

from __future__ import annotations

import logging
from typing import Any

from bot.adapters.slack import blocks, runs
from bot.adapters.slack.commands import SORRY
from bot.adapters.slack.listeners import ONCE
from bot.adapters.slack.modals import ModalContext, answer_modal, run_channel, submitted_answer
from bot.adapters.slack.runtime import Runtime
from bot.core.errors import AlreadyHandled, NoActiveRound, RoundChanged, StudyError, TamperedData
from bot.core.models import Receipt

log = logging.getLogger(__name__)
STALE = str(RoundChanged())


def user_name(body: dict[str, Any]) -> str | None:
    """What an interactive payload says its user is called (for a member new to the bot)."""
    user = body.get("user") or {}
    return user.get("username") or user.get("name")


class Interactions:
    def __init__(self, rt: Runtime) -> None:
        self.rt = rt

    async def _guard(self, user: str, channel: str, work: Any, trigger: str | None = None) -> None:
        try:
            await work
        except AlreadyHandled:  # a replayed form: its answer was stored the first time
            log.info("slack: answer form already handled, dropped")
        except StudyError as error:
            await self.rt.modal_failed(trigger, blocks.error_text(error))  # a loading modal
            await self.rt.tell(user, channel, blocks.error_text(error))
        except Exception:
            log.exception("slack interaction failed")
            await self.rt.modal_failed(trigger, SORRY)
            await self.rt.tell(user, channel, SORRY)

    async def answer_button(self, ack: Any, body: dict[str, Any]) -> None:
        await ack()
        user, channel = body["user"]["id"], body["channel"]["id"]
        value = str(body["actions"][0].get("value", ""))
        work = self._open_answer(body["trigger_id"], user, channel, value)
        await self._guard(user, channel, work, body["trigger_id"])

    async def _open_answer(self, trigger_id: str, user: str, channel: str, value: str) -> None:
        # a form opened from memory: its group and the clicker's membership were known then;
        # only the round is read again (it may have ended meanwhile, in another process)
        early = self.rt.early_form(trigger_id)
        group = self.rt.known_groups.get(channel) if early else None
        group = group or await self.rt.group_for(channel, user)
        view = await self.rt.service.current_round(group.id)
        if view is None:
            raise NoActiveRound()
        self.rt.note_round(group.id, view.round.id, view.question)
        if not value.isdigit() or view.round.id != int(value):
            raise RoundChanged()
        if early and await self.rt.early_form_shown(trigger_id):  # this round's form: done
            return
        ctx = ModalContext(group.id, view.round.id, group.external_id)
        signer, sandbox = await self.rt.service.guards.signer(), self.rt.service.config.sandbox
        modal = answer_modal(view.question, ctx, signer, sandbox)
        await self.rt.open_modal(trigger_id, modal)  # replaces the loading modal

    async def leaderboard_button(self, ack: Any, body: dict[str, Any]) -> None:
        await ack()
        user, channel = body["user"]["id"], body["channel"]["id"]
        await self._guard(user, channel, self._leaderboard(user, channel, user_name(body)))

    async def _leaderboard(self, user: str, channel: str, name: str | None) -> None:
        group = await self.rt.group_for(channel, user)
        member = await self.rt.users.member(user, name)
        board = await self.rt.service.leaderboard(group.id, member=member)
        await self.rt.tell(user, channel, blocks.leaderboard_text(board))

    async def answer_submitted(
        self, ack: Any, body: dict[str, Any], view: dict[str, Any], context: Any
    ) -> None:
        await ack()  # closes the modal; grading (maybe a sandbox run) happens after
        user = body["user"]["id"]
        try:
            ctx = ModalContext.load(str(view.get("private_metadata", "")), await self._signer())
        except TamperedData as error:
            log.warning("slack: answer form from %s with metadata not signed by us", user)
            await self.rt.tell(user, user, blocks.error_text(error))
            return
        text = submitted_answer(view["state"]["values"])
        once = context.get(ONCE, ())  # the request's keys, claimed with the answer
        await self._guard(user, ctx.channel, self._submit(user, ctx, text, user_name(body), once))

    async def _submit(
        self, user: str, ctx: ModalContext, text: str, name: str | None, once: tuple[str, ...]
    ) -> None:
        group = await self.rt.known_group(ctx.channel)  # only its id is used
        if group is None or group.id != ctx.group_id:
            raise TamperedData()
        await self.rt.membership.require(user, ctx.channel)
        member = await self.rt.users.member(user, name)

        async def tell(receipt: Receipt, when_calm: bool = False) -> None:
            question = await self.rt.round_question(group.id, receipt.round_id)
            if when_calm:  # no deadline of its own: it yields to acks and forms under load
                await self.rt.load.calm()
            await self.rt.tell(user, ctx.channel, blocks.receipt_text(receipt, question))

        # RoundChanged unless the form's round is still the open one (checked by the core)
        receipt = await self.rt.service.submit(  # code: "received, grading..." first
            group.id, member, text, round_id=ctx.round_id, on_received=tell, once=once
        )
        await tell(receipt, when_calm=True)

    async def run_submitted(self, ack: Any, body: dict[str, Any], view: dict[str, Any]) -> None:
        await ack()
        user = body["user"]["id"]
        try:
            channel = run_channel(str(view.get("private_metadata", "")), await self._signer())
        except TamperedData as error:
            await self.rt.tell(user, user, blocks.error_text(error))
            return
        code = submitted_answer(view["state"]["values"])
        await self._guard(user, channel, self._run(user, channel, code, user_name(body)))

    async def _run(self, user: str, channel: str, code: str, name: str | None) -> None:
        member = await self.rt.users.member(user, name)
        result = await self.rt.service.run_snippet(member, code)
        await self.rt.tell(user, channel, await runs.run_reply(self.rt.client, user, result))

    async def _signer(self):
        return await self.rt.service.guards.signer()
