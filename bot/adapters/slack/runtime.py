"""What every Slack listener needs: the service, the Web API client, users, channel membership
and thread tracking.

`group_for(channel, user)` is the one way to a group: the caller must be a member of the group's
channel as Slack says (bot.adapters.slack.membership); in a direct message with the app it is
the one study group whose channel the caller is in, never a group they are not in.

Modal first: a click or command that shows a form gets a "loading" modal from the request guard
before any database work (Slack's trigger id expires 3 s after the click); `open_modal` then
replaces it with the form (`views.update`), or opens the form when no loading modal was opened,
and `modal_failed` shows why instead of the form. An Answer button whose form can be built from
what is in memory (the channel's group, the clicker's membership, the round's question, the
signing key) opens the form itself at once instead (`ready_answer_form`): one Web API call, not
two; the listener still checks everything and replaces the form with the reason if it must.
"""

from __future__ import annotations

import asyncio
import logging
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Any

from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.adapters.slack.load import LoadMonitor
from bot.adapters.slack.membership import Membership
from bot.adapters.slack.modals import ModalContext, answer_modal, loading_modal, notice_modal
from bot.adapters.slack.users import PLATFORM, UserDirectory
from bot.bank.model import Question
from bot.core.errors import NotAMember, StudyError
from bot.core.models import Group
from bot.core.service import StudyService

log = logging.getLogger(__name__)
LOADING_KEPT = 10_000  # loading modals waiting for their form, at most
KNOWN_KEPT = 1_000  # channels' groups and rounds' questions remembered, at most


@dataclass
class ThreadIndex:
    """Recently seen thread replies: (channel, ts) -> (thread_ts, author), bounded LRU."""

    capacity: int = 10_000
    _items: OrderedDict[tuple[str, str], tuple[str, str]] = field(default_factory=OrderedDict)

    def add(self, channel: str, ts: str, thread_ts: str, user: str) -> None:
        self._items[(channel, ts)] = (thread_ts, user)
        self._items.move_to_end((channel, ts))
        while len(self._items) > self.capacity:
            self._items.popitem(last=False)

    def get(self, channel: str, ts: str) -> tuple[str, str] | None:
        return self._items.get((channel, ts))


@dataclass(frozen=True)
class Opening:
    """A modal opened first for a trigger: its view id to come, and the form it shows (None:
    the loading modal)."""

    view_id: asyncio.Future[str | None]
    form: dict[str, Any] | None


def remember(items: OrderedDict[Any, Any], key: Any, value: Any) -> None:
    items[key] = value
    items.move_to_end(key)
    while len(items) > KNOWN_KEPT:
        items.popitem(last=False)


@dataclass
class Runtime:
    service: StudyService
    client: AsyncWebClient
    users: UserDirectory
    membership: Membership
    threads: ThreadIndex = field(default_factory=ThreadIndex)
    team_id: str | None = None  # the installed workspace (auth.test at start-up)
    # trigger id -> the modal being opened first (the loading one, or a form built from memory)
    loading: OrderedDict[str, Opening] = field(default_factory=OrderedDict)
    load: LoadMonitor = field(default_factory=LoadMonitor)  # overload: reads refused as busy
    modal_client: AsyncWebClient | None = None  # views.open/update in a lane of their own
    # channel -> its group, for answers (a group's id never changes and groups are never
    # deleted; settings may, so everything else reads the group afresh)
    known_groups: OrderedDict[str, Group] = field(default_factory=OrderedDict)
    questions: OrderedDict[int, Question] = field(default_factory=OrderedDict)  # round -> question
    current_rounds: OrderedDict[int, int] = field(default_factory=OrderedDict)  # group -> round

    @property
    def modals(self) -> AsyncWebClient:
        return self.modal_client or self.client

    def start_loading(self, trigger_id: str, form: dict[str, Any] | None = None) -> None:
        """Open the loading modal (or `form`, when it is ready) now, without waiting for Slack's
        answer (the request goes on meanwhile; `open_modal` waits for it)."""
        view = form or loading_modal()
        opened = asyncio.ensure_future(self._open_first(trigger_id, view))
        self.loading[trigger_id] = Opening(opened, form)
        while len(self.loading) > LOADING_KEPT:  # never claimed (the listener failed early)
            self.loading.popitem(last=False)

    async def _open_first(self, trigger_id: str, view: dict[str, Any]) -> str | None:
        try:
            opened = await self.modals.views_open(trigger_id=trigger_id, view=view)
        except Exception as error:  # the listener opens the form itself (views.open) instead
            log.warning("slack: could not open a modal first: %s", error)
            return None
        view_id = (opened.get("view") or {}).get("id")
        return str(view_id) if view_id else None

    async def _opened_first(self, trigger_id: str | None) -> tuple[str | None, Any]:
        """(view id, the form it shows: None for the loading modal) of what was opened first."""
        opening = self.loading.pop(trigger_id or "", None)
        if opening is None:
            return None, None
        return await opening.view_id, opening.form

    async def open_modal(self, trigger_id: str, view: dict[str, Any]) -> None:
        """Show `view`: in place of the request's loading modal, or opened with the trigger
        (nothing to do when that very form was opened first)."""
        view_id, shown = await self._opened_first(trigger_id)
        if view_id is None:
            await self.modals.views_open(trigger_id=trigger_id, view=view)
        elif shown != view:
            await self.modals.views_update(view_id=view_id, view=view)

    def early_form(self, trigger_id: str) -> bool:
        """Whether a form (not the loading modal) was opened first for `trigger_id`."""
        opening = self.loading.get(trigger_id)
        return opening is not None and opening.form is not None

    async def early_form_shown(self, trigger_id: str) -> bool:
        """Whether the form opened first for `trigger_id` is on screen (then it is done with);
        False if none was or Slack refused it (the listener opens the form itself then)."""
        opening = self.loading.get(trigger_id)
        if opening is None or opening.form is None or await opening.view_id is None:
            return False
        self.loading.pop(trigger_id, None)
        return True

    def ready_answer_form(self, channel: str, user: str, round_value: str) -> dict[str, Any] | None:
        """The answer form for a click on round `round_value`'s Answer button, if everything it
        needs is in memory and current (else None: the loading modal goes first)."""
        group = self.known_groups.get(channel)
        signer = self.service.guards.signer_if_loaded()
        if group is None or signer is None or not round_value.isdigit():
            return None
        round_id = int(round_value)
        question = self.questions.get(round_id)
        if question is None or self.current_rounds.get(group.id) != round_id:
            return None
        if not self.membership.known_member(user, channel):
            return None
        ctx = ModalContext(group.id, round_id, group.external_id)
        return answer_modal(question, ctx, signer, self.service.config.sandbox)

    def note_round(self, group_id: int, round_id: int, question: Question) -> None:
        """Remember a group's current round and its question (read from the database)."""
        remember(self.questions, round_id, question)
        remember(self.current_rounds, group_id, round_id)

    async def modal_failed(self, trigger_id: str | None, text: str) -> None:
        """Replace the request's loading modal (or early form), if any, with `text`."""
        view_id, _ = await self._opened_first(trigger_id)
        if view_id is None:
            return
        try:
            await self.modals.views_update(view_id=view_id, view=notice_modal(text))
        except SlackApiError as error:
            log.info("views.update of a loading modal failed: %s", error.response.get("error"))

    async def group_for(self, channel: str, user: str, *, fresh: bool = True) -> Group:
        """The study group of `channel` if `user` is a member of it; in a direct message with
        the app, the one group whose channel `user` is in (NotAMember / StudyError otherwise).
        `fresh=False` (an answer: only the group's id is used) may reuse the group last read."""
        group = await (self.service.find_group(PLATFORM, channel) if fresh
                       else self.known_group(channel))  # fmt: skip
        if group is not None:
            remember(self.known_groups, channel, group)
            await self.membership.require(user, channel)
            return group
        if not channel.startswith("D"):
            raise StudyError(
                "This channel has no study group yet. An admin can run `/study setup` here."
            )
        mine = await self.groups_of(user)
        if len(mine) == 1:
            return mine[0]
        if not mine:
            raise NotAMember(
                "You are not in the channel of any study group. Join one, or run the command "
                "in the group's channel."
            )
        raise StudyError("You are in several study groups: run the command in the group's channel.")

    async def known_group(self, channel: str) -> Group | None:
        """The group of `channel` for its id only (an answer): the one last read, if any."""
        group = self.known_groups.get(channel)
        if group is None:
            group = await self.service.find_group(PLATFORM, channel)
            if group is not None:
                remember(self.known_groups, channel, group)
        return group

    async def round_question(self, group_id: int, round_id: int) -> Question | None:
        """The question of round `round_id` (for a receipt): remembered per round, else read
        with the group's current round (None if that is another round by now)."""
        question = self.questions.get(round_id)
        if question is None:
            view = await self.service.current_round(group_id)
            if view is not None:
                self.note_round(group_id, view.round.id, view.question)
                question = view.question if view.round.id == round_id else None
        return question

    async def groups_of(self, user: str) -> list[Group]:
        """The Slack groups whose channel `user` is a member of (none when Slack cannot say)."""
        channels = await self.membership.channels_of(user)
        if not channels:
            return []
        groups = await self.service.list_groups()
        return [g for g in groups if g.platform == PLATFORM and g.external_id in channels]

    async def join(self, channel: str) -> None:
        """Join a public channel so the bot can post there (private ones need an /invite)."""
        try:
            await self.client.conversations_join(channel=channel)
        except SlackApiError as error:
            log.info("conversations.join %s: %s", channel, error.response.get("error"))

    async def tell(self, user: str, channel: str, text: str, **extra: Any) -> None:
        """An ephemeral message to `user` in `channel`, or a DM when that is not possible."""
        try:
            await self.client.chat_postEphemeral(channel=channel, user=user, text=text, **extra)
        except SlackApiError as error:
            log.info("postEphemeral in %s failed (%s); sending a DM", channel, error)
            await self.client.chat_postMessage(channel=user, text=text, **extra)

    async def reply_author(self, channel: str, thread_ts: str, ts: str) -> str | None:
        """The author of reply `ts` if it is a reply in thread `thread_ts` (not the post itself)."""
        if ts == thread_ts:
            return None
        known = self.threads.get(channel, ts)
        if known is not None:
            return known[1] if known[0] == thread_ts else None
        try:
            page = await self.client.conversations_replies(
                channel=channel, ts=thread_ts, oldest=ts, latest=ts, inclusive=True, limit=5
            )
        except SlackApiError as error:
            log.info("conversations.replies failed: %s", error.response.get("error"))
            return None
        for message in page.get("messages", []):
            if message.get("ts") == ts and message.get("thread_ts") == thread_ts:
                user = message.get("user")
                if user:
                    self.threads.add(channel, ts, thread_ts, user)
                return user
        return None
