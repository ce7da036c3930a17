"""Shared helpers of the Slack adapter tests: ids, the environment value, the sandbox choice."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from slackfake import FakeSlack
from slacksender import SlackSender

from bot.adapters.slack.adapter import SlackAdapter
from bot.config import Config
from bot.core.service import StudyService
from bot.sandbox import ProcessSandbox

SIGNING_SECRET = "test-signing-secret"
BOT_TOKEN = "xoxb-test-token"
CHANNEL = "C0STUDY"
ADMIN, ALICE, BOB, CAROL = "UADMIN", "UALICE", "UBOB", "UCAROL"


def make_sandbox(config: Config) -> ProcessSandbox:
    """The real sandbox: RestrictedPython in isolated worker processes."""
    return ProcessSandbox(config.sandbox)


@dataclass
class SlackEnv:
    fake: FakeSlack
    sender: SlackSender
    service: StudyService
    adapter: SlackAdapter

    async def eventually(
        self, check: Callable[[], Awaitable[bool]], timeout: float = 5.0, what: str = ""
    ) -> None:
        """Poll `check` until true: event listeners run after bolt has answered Slack."""
        deadline = asyncio.get_running_loop().time() + timeout
        while not await check():
            if asyncio.get_running_loop().time() > deadline:
                raise AssertionError(f"timed out waiting for {what or check}")
            await asyncio.sleep(0.02)

    async def command(self, text: str, user: str, channel: str = CHANNEL) -> str:
        """Send `/study text` and return its first ephemeral reply: the ack's message (an
        answer's receipt rides in it) or else the first one posted to response_url."""
        before = len(self.fake.responses)
        status, body = await self.sender.command(text, user_id=user, channel_id=channel)
        assert status == 200, body
        reply = ack_message(body) or (await self.fake.wait_for_response(before + 1))[before]
        assert reply.get("response_type") == "ephemeral"
        return reply["text"]

    async def setup_and_post(self) -> str:
        """An admin sets the channel up and posts today's question; returns the post's ts."""
        await self.command("setup tz UTC", ADMIN)
        await self.command("post", ADMIN)
        return self.fake.messages[CHANNEL][0]["ts"]


def ack_message(body: str) -> dict | None:
    """The message a command's ack carries (None for an empty ack)."""
    if not body:
        return None
    message = json.loads(body)
    assert isinstance(message, dict) and message.get("text"), body
    return message


def reply_texts(acks: list[tuple[int, str]], responses: list[dict]) -> list[str]:
    """Every reply to some commands: the messages their acks carry, then those posted to
    response_url (`responses`, e.g. the fake's since the commands were sent)."""
    carried = [ack_message(body) for status, body in acks if status == 200]
    return [m["text"] for m in carried if m] + [r.get("text", "") for r in responses]


def texts(blocks: object) -> str:
    """All of some Block Kit JSON as one string (for assertions on visible text)."""
    return json.dumps(blocks, ensure_ascii=False)


# Every Web API method the adapter calls, with the bot scopes it needs (None: no scope needed).
# test_full_round checks the adapter calls nothing else; test_slack_manifest checks the manifests.
METHOD_SCOPES: dict[str, str | tuple[str, ...] | None] = {
    "auth.test": None,
    "apps.connections.open": None,  # app-level token with connections:write
    "chat.postMessage": "chat:write",
    "chat.postEphemeral": "chat:write",
    "conversations.history": "channels:history",
    "files.getUploadURLExternal": "files:write",
    "files.completeUploadExternal": "files:write",
    "conversations.join": "channels:join",
    "conversations.replies": "channels:history",
    "users.info": "users:read",
    # membership of public and private channels (App Home, DMs, every group read and write)
    "users.conversations": ("channels:read", "groups:read"),
    "conversations.members": ("channels:read", "groups:read"),  # a group channel's members
    "views.open": None,
    "views.update": None,  # the form in place of the loading modal
    "views.publish": None,
}


def forms_shown(fake: FakeSlack) -> list[tuple[str, dict]]:
    """(trigger id, view) of every form shown so far, in order. Modal first: a loading modal
    opened with the trigger (views.open, before any database work), then the form in its place
    (views.update; the k-th update replaces the k-th loading modal); or, when the bot had all it
    needed in memory, the form opened with the trigger straight away."""
    updates = iter(fake.calls_to("views.update"))
    shown: list[tuple[float, str, dict]] = []
    for opened in fake.calls_to("views.open"):
        trigger = opened.args["trigger_id"]
        if "Loading" not in texts(opened.args["view"].get("blocks", [])):
            shown.append((opened.at, trigger, opened.args["view"]))
            continue
        updated = next(updates, None)
        if updated is None:
            break
        shown.append((updated.at, trigger, updated.args["view"]))
    return [(trigger, view) for _, trigger, view in sorted(shown, key=lambda s: s[0])]


async def form_shown(fake: FakeSlack, n: int = 1, timeout: float = 10.0) -> tuple[str, dict]:
    """The trigger id and view of the `n`-th form shown (see `forms_shown`)."""
    deadline = asyncio.get_running_loop().time() + timeout
    while len(shown := forms_shown(fake)) < n:
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError(
                f"expected {n} form(s) shown; calls: {[c.method for c in fake.calls]}"
            )
        await asyncio.sleep(0.01)
    return shown[n - 1]
