"""A bolt global middleware run before every listener: right workspace, once, not too often.

1. **Workspace.** The payload's team must be the workspace the bot is installed in (auth.test at
   start-up); anything else is dropped (200, nothing done).
2. **Once.** A request is known by its keys: the event id (Slack retries an event with the same
   id, `X-Slack-Retry-Num` set), its trigger id (every command, click and form submission has
   its own), and over HTTP a hash of the signed body and its timestamp (a replay of the very same
   signed request). Keys are claimed in the database (bot.core.guards), so a second process on
   it agrees; a request whose key was seen is acknowledged and dropped. A click that only opens
   a form (the Answer button) is not claimed: it changes nothing, and Slack accepts its trigger
   id once, so a replay cannot open a second form (the form's submission is claimed). A request
   that carries an answer (`/study answer B`, the answer form) is claimed in the transaction that
   stores the answer (its keys go to the listener in bolt's context, `ONCE`): one write instead
   of two, and the request counts as handled exactly when its answer is stored.
3. **Not too often.** Per-member limits (bot.core.limits): answers, votes, admin commands, and
   other clicks and commands. Over the limit nothing is done and the member is told so: in the
   command's ack, in the form (which stays open), or as an ephemeral note for a click.

Modal first: a request that shows a form (the Answer button, a bare `/study answer`, `/study run`
or `/study suggest`, `/study suggestions edit N`) gets a "loading" modal (`views.open`) before
step 2 touches the database, so the form opens within Slack's 3 s trigger window under any load;
the listener replaces it with the form (Runtime.open_modal). An Answer button whose form can be built from memory gets the form
itself at once (Runtime.ready_answer_form). A dropped or refused request replaces it with the
reason.

Overload: when the bot is busy (bot.adapters.slack.load: loop lag, requests waiting for their
ack) a read (boards, stats) is answered at once with "busy, try again", before any database work;
answers, votes and forms are never refused for load.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import time
from typing import Any

from slack_bolt.request.async_request import AsyncBoltRequest
from slack_bolt.response import BoltResponse

from bot.adapters.slack.blocks import error_text
from bot.adapters.slack.listeners import ARRIVED, ONCE
from bot.adapters.slack.load import BUSY
from bot.adapters.slack.modals import ANSWER_CALLBACK, BLOCK_ID
from bot.adapters.slack.runtime import Runtime
from bot.core.errors import RateLimited
from bot.core.limits import Action

log = logging.getLogger(__name__)
ADMIN_WORDS = frozenset({"setup", "schedule", "post", "reveal", "skip"})
ANSWER_WORDS = frozenset({"answer", "a"})
VOTE_EVENTS = frozenset({"reaction_added", "reaction_removed"})
MODAL_ACTIONS = frozenset({"study_answer"})  # buttons that open a form
MODAL_COMMANDS = frozenset({"answer", "a", "run", "suggest"})  # without text: a form
HANDLED = "This request was already handled."
READ_WORDS = frozenset({"leaderboard", "lb", "top", "stats"})  # refused first under overload
READ_ACTIONS = frozenset({"study_leaderboard"})


def is_read(body: dict[str, Any]) -> bool:
    """A board or stats request (refused with 'busy' under overload; never an answer)."""
    if body.get("command"):
        words = str(body.get("text") or "").strip().lstrip("/").split(maxsplit=1)
        return bool(words) and words[0].lower() in READ_WORDS
    if body.get("type") == "block_actions":
        actions = [a for a in body.get("actions") or [] if isinstance(a, dict)]
        return bool(actions) and all(a.get("action_id") in READ_ACTIONS for a in actions)
    return False


def opens_modal(body: dict[str, Any]) -> bool:
    """Whether the request will show a form (so it gets a loading modal first)."""
    if not body.get("trigger_id"):
        return False
    if body.get("command"):
        words = [w.lower() for w in str(body.get("text") or "").strip().lstrip("/").split()]
        if len(words) == 3 and words[:2] == ["suggestions", "edit"]:  # an admin's edit form
            return True
        return len(words) == 1 and words[0] in MODAL_COMMANDS
    if body.get("type") == "block_actions":
        actions = body.get("actions") or []
        return any(a.get("action_id") in MODAL_ACTIONS for a in actions if isinstance(a, dict))
    return False


def request_keys(req: AsyncBoltRequest, body: dict[str, Any]) -> list[str]:
    keys = []
    if body.get("event_id"):
        keys.append(f"slack:event:{body['event_id']}")
    if body.get("trigger_id"):
        keys.append(f"slack:trigger:{body['trigger_id']}")
    timestamp = (req.headers.get("x-slack-request-timestamp") or [""])[0]
    if timestamp:  # HTTP: the signed request itself (Socket Mode requests are not signed)
        digest = hashlib.sha256(f"{timestamp}:{req.raw_body}".encode()).hexdigest()
        keys.append(f"slack:body:{digest}")
    return keys


def carries_answer(body: dict[str, Any]) -> bool:
    """`/study answer <text>` or a submitted answer form: its request keys are claimed in the
    same transaction as the answer it carries (StudyService.submit(once=...))."""
    if body.get("command"):
        words = str(body.get("text") or "").strip().lstrip("/").split(maxsplit=1)
        return len(words) == 2 and words[0].lower() in ANSWER_WORDS
    if body.get("type") == "view_submission":
        return (body.get("view") or {}).get("callback_id") == ANSWER_CALLBACK
    return False


def user_of(body: dict[str, Any]) -> str | None:
    user = body.get("user_id") or body.get("user")
    if isinstance(user, dict):
        user = user.get("id")
    event = body.get("event")
    if not user and isinstance(event, dict):
        user = event.get("user")
        user = user.get("id") if isinstance(user, dict) else user
    return str(user) if user else None


def action_of(body: dict[str, Any]) -> Action | None:
    """Which limit a request counts against (None: not limited here)."""
    if body.get("command"):
        word = str(body.get("text") or "").strip().lstrip("/").split(maxsplit=1)
        first = word[0].lower() if word else "help"
        if first in ADMIN_WORDS:
            return Action.SETUP
        return Action.ANSWER if first in ANSWER_WORDS else Action.CLICK
    kind = body.get("type")
    if kind == "view_submission":
        callback = (body.get("view") or {}).get("callback_id")
        return Action.ANSWER if callback == ANSWER_CALLBACK else Action.CLICK
    if kind == "block_actions":
        return Action.CLICK
    event = body.get("event") if kind == "event_callback" else None
    if isinstance(event, dict):
        if event.get("type") in VOTE_EVENTS:
            return Action.VOTE
        if event.get("type") == "app_home_opened":
            return Action.CLICK
    return None


class RequestGuard:
    def __init__(self, rt: Runtime) -> None:
        self.rt = rt
        self._notes: set[asyncio.Task[None]] = set()

    async def process(
        self, req: AsyncBoltRequest, body: dict[str, Any], context: Any, next: Any
    ) -> BoltResponse | None:
        context[ARRIVED] = time.monotonic()  # an answer's ack budget counts from here
        installed = self.rt.team_id
        if installed is None or context.team_id != installed:
            log.warning("slack: request for team %r dropped (installed: %r)",
                        context.team_id, installed)  # fmt: skip
            return BoltResponse(status=200, body="")
        load = self.rt.load
        if load.busy and is_read(body):  # at once, before the database: never late for Slack
            load.refused += 1
            return self._busy(body)
        load.pending += 1
        try:
            return await self._process(req, body, context, next)
        finally:
            load.pending -= 1

    async def _process(
        self, req: AsyncBoltRequest, body: dict[str, Any], context: Any, next: Any
    ) -> BoltResponse | None:
        trigger = str(body.get("trigger_id") or "")
        form = opens_modal(body)
        if form:  # before any database work: the trigger expires in 3 s
            self.rt.start_loading(trigger, self._ready_form(body))
        keys = request_keys(req, body)
        if carries_answer(body):  # claimed with the answer, in its transaction (see "Once")
            context[ONCE] = tuple(keys)
        elif form and body.get("type") == "block_actions":
            pass  # a click that only opens a form: not claimed (see "Once")
        elif not await self.rt.service.guards.first_time(*keys):
            retry = (req.headers.get("x-slack-retry-num") or [""])[0]
            log.info("slack: request already handled, dropped (retry %s)", retry or "-")
            await self.rt.modal_failed(trigger, HANDLED)
            return BoltResponse(status=200, body="")
        user, action = user_of(body), action_of(body)
        if user and action is not None:
            try:
                self.rt.service.guards.check_rate(action, f"slack:{user}")
            except RateLimited as error:
                await self.rt.modal_failed(trigger, error_text(error))
                return self._refuse(body, user, error)
        await next()
        return None

    def _ready_form(self, body: dict[str, Any]) -> dict[str, Any] | None:
        """An Answer button's form, if it can be built from memory (Runtime.ready_answer_form)."""
        if body.get("type") != "block_actions":
            return None
        actions = [a for a in body.get("actions") or [] if isinstance(a, dict)]
        channel, user = (body.get("channel") or {}).get("id"), user_of(body)
        if len(actions) != 1 or actions[0].get("action_id") != "study_answer" or not channel:
            return None
        return self.rt.ready_answer_form(str(channel), str(user), str(actions[0].get("value")))

    def _busy(self, body: dict[str, Any]) -> BoltResponse:
        if body.get("command"):
            return BoltResponse(status=200, body={"response_type": "ephemeral", "text": BUSY})
        user, channel = user_of(body), (body.get("channel") or {}).get("id")
        if user:  # a click: an ephemeral note (its ack has no text)
            task = asyncio.ensure_future(self._note(user, channel or user, BUSY))
            self._notes.add(task)
            task.add_done_callback(self._notes.discard)
        return BoltResponse(status=200, body="")

    def _refuse(self, body: dict[str, Any], user: str, error: RateLimited) -> BoltResponse:
        text = error_text(error)
        if body.get("command"):
            return BoltResponse(status=200, body={"response_type": "ephemeral", "text": text})
        if body.get("type") == "view_submission":
            errors = {"response_action": "errors", "errors": {BLOCK_ID: str(error)}}
            return BoltResponse(status=200, body=errors)
        if body.get("type") == "block_actions":
            channel = (body.get("channel") or {}).get("id") or user
            task = asyncio.ensure_future(self._note(user, channel, text))
            self._notes.add(task)
            task.add_done_callback(self._notes.discard)
        return BoltResponse(status=200, body="")

    async def _note(self, user: str, channel: str, text: str) -> None:
        try:
            await self.rt.tell(user, channel, text)
        except Exception:
            log.warning("slack: could not tell %s to slow down", user, exc_info=True)
