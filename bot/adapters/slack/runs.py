"""A code run's result on Slack: one ephemeral reply, and all of a long output as a file.

The reply shows the head of the output and the end of the traceback in one code block, with
member text made harmless (`member_text`). Slack cannot attach a file to an ephemeral message, so
when the reply leaves something out, all of the output (up to the sandbox's cap) is uploaded with
`files_upload_v2` (files.getUploadURLExternal, the upload itself, files.completeUploadExternal)
into the member's direct messages with the app: posting to a user id opens that conversation and
answers with its id, so no extra scope is needed. It stays private, like the reply.
"""

from __future__ import annotations

import logging

from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.adapters.slack.blocks import clip, esc
from bot.core.output import RunParts, break_fences, run_parts, visible
from bot.sandbox.api import RunResult

log = logging.getLogger(__name__)
TEXT_MAX = 2900
RUN_FILE = "output.txt"


def member_text(text: str) -> str:
    """Text a member's program produced, for mrkdwn: control characters visible, &, < and >
    escaped (so "<!channel>" or "<@U123>" is shown, never acted on), backtick runs broken."""
    return break_fences(esc(visible(text)))


def parts_of(result: RunResult) -> RunParts:
    return run_parts(result, member_text, TEXT_MAX - 200)


def _lines(parts: RunParts) -> str:
    return f"{parts.lines:,} line{'s' * (parts.lines != 1)}"


def run_result_text(result: RunResult, file_sent: bool = False) -> str:
    """The reply; `file_sent`: all of the output went to the member's direct messages."""
    parts = parts_of(result)
    text = f"*{result.status.value}* in {result.duration:.2f}s\n```{parts.body}```"
    if parts.cut and file_sent:
        text += f"\n_Output shortened: all of it ({_lines(parts)}) is in our direct messages._"
    elif parts.cut:
        text += "\n_Output shortened._"
    return clip(text, TEXT_MAX)


async def run_reply(client: AsyncWebClient, user: str, result: RunResult) -> str:
    """The reply text, after sending all of a shortened output to `user` as a file."""
    parts = parts_of(result)
    if not parts.cut:
        return run_result_text(result)
    try:
        opened = await client.chat_postMessage(
            channel=user, text=f"All of the output of your code run ({_lines(parts)}):"
        )
        await client.files_upload_v2(
            channel=str(opened["channel"]),
            content=parts.whole,
            filename=RUN_FILE,
            title="Run output",
        )
    except SlackApiError as error:
        log.warning("slack: run output not sent to %s: %s", user, error.response.get("error"))
        return run_result_text(result, file_sent=False)
    return run_result_text(result, file_sent=True)
