"""Modals: the answer form (input chosen by question kind) and the code runner.

`answer_modal` builds the view; `submitted_answer` turns a `view_submission` state back into the
text the core's `submit` expects (option letters for choice questions, the text or code otherwise).

What a modal remembers between opening and submission (its private_metadata: group, round,
channel) comes back from Slack as the member's client sent it, so it is signed (HMAC,
bot.core.signing) and, on submission, checked against the database and the caller's membership.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from bot.adapters.slack.blocks import clip, question_body, rules_blocks
from bot.bank.model import ChoiceSpec, CodeSpec, Kind, Question
from bot.core.errors import TamperedData
from bot.core.signing import Signer
from bot.sandbox.api import SandboxSettings

ANSWER_CALLBACK = "study_answer_modal"
RUN_CALLBACK = "study_run_modal"
BLOCK_ID = "answer"
ACTION_ID = "value"


@dataclass(frozen=True)
class ModalContext:
    """What the modal remembers between opening and submission (its private_metadata)."""

    group_id: int
    round_id: int
    channel: str

    def dump(self, signer: Signer) -> str:
        return signer.dump({"g": self.group_id, "r": self.round_id, "c": self.channel}, "answer")

    @classmethod
    def load(cls, raw: str, signer: Signer) -> ModalContext:
        """The context of a submitted answer form (TamperedData if it is not the bot's own)."""
        data = signer.load(raw, "answer")
        try:
            return cls(group_id=int(data["g"]), round_id=int(data["r"]), channel=str(data["c"]))
        except (KeyError, TypeError, ValueError):
            raise TamperedData() from None


def run_channel(raw: str, signer: Signer) -> str:
    """Where a submitted code-runner form was opened (TamperedData if not the bot's own)."""
    channel = signer.load(raw, "run").get("c")
    if not isinstance(channel, str):
        raise TamperedData()
    return channel


def _option(index: int, text: str) -> dict[str, Any]:
    letter = chr(65 + index)
    return {"text": {"type": "plain_text", "text": clip(f"{letter}. {text}", 75)}, "value": letter}


def _input_element(question: Question) -> dict[str, Any]:
    spec = question.spec
    if isinstance(spec, ChoiceSpec):
        options = [_option(i, text) for i, text in enumerate(spec.options)]
        kind = "checkboxes" if len(spec.correct) > 1 else "radio_buttons"
        return {"type": kind, "action_id": ACTION_ID, "options": options}
    element: dict[str, Any] = {"type": "plain_text_input", "action_id": ACTION_ID}
    if question.kind is Kind.SHORT:
        element["max_length"] = 2000
        element["placeholder"] = {"type": "plain_text", "text": "Your answer"}
    else:
        element["multiline"] = True
        element["max_length"] = 3000
    if isinstance(spec, CodeSpec):
        signature = spec.signature.rstrip()
        if signature.startswith(("def ", "class ", "async def ")):
            if not signature.endswith(":"):
                signature += ":"
            element["initial_value"] = f"{signature}\n    ...\n"
    return element


def answer_modal(
    question: Question, ctx: ModalContext, signer: Signer, sandbox: SandboxSettings | None = None
) -> dict[str, Any]:
    """The answer form; for a code question with the sandbox rules of `sandbox` (live)."""
    label = {
        Kind.CHOICE: "Your choice",
        Kind.SHORT: "Your answer",
        Kind.CODE: "Your code (Python)",
        Kind.OPEN: "Your answer",
    }[question.kind]
    return {
        "type": "modal",
        "callback_id": ANSWER_CALLBACK,
        "private_metadata": ctx.dump(signer),
        "title": {"type": "plain_text", "text": "Answer"},
        "submit": {"type": "plain_text", "text": "Submit"},
        "close": {"type": "plain_text", "text": "Cancel"},
        "blocks": [
            {"type": "header", "text": {"type": "plain_text", "text": clip(question.title, 150)}},
            *question_body(question),
            *rules_blocks(question, sandbox),
            {
                "type": "input",
                "block_id": BLOCK_ID,
                "label": {"type": "plain_text", "text": label},
                "element": _input_element(question),
            },
        ],
    }


def run_modal(channel: str, signer: Signer) -> dict[str, Any]:
    return {
        "type": "modal",
        "callback_id": RUN_CALLBACK,
        "private_metadata": signer.dump({"c": channel}, "run"),
        "title": {"type": "plain_text", "text": "Run Python"},
        "submit": {"type": "plain_text", "text": "Run"},
        "blocks": [
            {
                "type": "input",
                "block_id": BLOCK_ID,
                "label": {"type": "plain_text", "text": "Code"},
                "element": {
                    "type": "plain_text_input",
                    "action_id": ACTION_ID,
                    "multiline": True,
                    "max_length": 3000,
                },
            }
        ],
    }


def submitted_answer(state_values: dict[str, Any]) -> str:
    """The answer text from a view's `state.values` (any of the input kinds above)."""
    value = state_values.get(BLOCK_ID, {}).get(ACTION_ID, {})
    if value.get("type") == "radio_buttons":
        selected = value.get("selected_option") or {}
        return str(selected.get("value", ""))
    if value.get("type") == "checkboxes":
        return ", ".join(str(o.get("value", "")) for o in value.get("selected_options") or [])
    return str(value.get("value") or "")


def loading_modal() -> dict[str, Any]:
    """Opened at once for a click or command that shows a form (Slack's trigger id expires in
    3 s), then replaced by the form with `views.update` once the work behind it is done."""
    return {
        "type": "modal",
        "title": {"type": "plain_text", "text": "Answer"},
        "close": {"type": "plain_text", "text": "Close"},
        "blocks": [
            {"type": "section", "text": {"type": "mrkdwn", "text": ":hourglass: Loading..."}}
        ],
    }


def notice_modal(text: str) -> dict[str, Any]:
    """What replaces the loading modal when the form cannot be shown (the reason, as text)."""
    return {
        "type": "modal",
        "title": {"type": "plain_text", "text": "Answer"},
        "close": {"type": "plain_text", "text": "Close"},
        "blocks": [{"type": "section", "text": {"type": "mrkdwn", "text": clip(text, 3000)}}],
    }


SUGGEST_CALLBACK = "study_suggest_modal"
SUGGEST_HINT = (
    "The question in TOML, the fields of a bank file's question: `topic`, `kind` (choice, "
    "short, code or open), `difficulty` (1-3), `title`, `prompt`, `explanation`, then its answer "
    "table, e.g. `[short]` with `accepted = [...]`. `/study suggest help` shows an example."
)


@dataclass(frozen=True)
class SuggestContext:
    """What the suggestion form remembers (signed): group, channel, and the suggestion an
    admin edits (None for a new one)."""

    group_id: int
    channel: str
    suggestion_id: int | None = None

    def dump(self, signer: Signer) -> str:
        data = {"g": self.group_id, "c": self.channel, "s": self.suggestion_id}
        return signer.dump(data, "suggest")

    @classmethod
    def load(cls, raw: str, signer: Signer) -> SuggestContext:
        data = signer.load(raw, "suggest")
        try:
            edited = data.get("s")
            return cls(int(data["g"]), str(data["c"]), None if edited is None else int(edited))
        except (KeyError, TypeError, ValueError):
            raise TamperedData() from None


def suggest_modal(ctx: SuggestContext, signer: Signer, body: str = "") -> dict[str, Any]:
    """The suggestion form: one multi-line field (filled in with `body` for an admin's edit)."""
    element: dict[str, Any] = {
        "type": "plain_text_input",
        "action_id": ACTION_ID,
        "multiline": True,
        "max_length": 3000,
        "placeholder": {"type": "plain_text", "text": 'topic = "git"\nkind = "short"\n...'},
    }
    if body:
        element["initial_value"] = body[:3000]
    title = "Suggest a question" if ctx.suggestion_id is None else f"Edit #{ctx.suggestion_id}"
    return {
        "type": "modal",
        "callback_id": SUGGEST_CALLBACK,
        "private_metadata": ctx.dump(signer),
        "title": {"type": "plain_text", "text": clip(title, 24)},
        "submit": {"type": "plain_text", "text": "Send"},
        "close": {"type": "plain_text", "text": "Cancel"},
        "blocks": [
            {"type": "context", "elements": [{"type": "mrkdwn", "text": SUGGEST_HINT}]},
            {
                "type": "input",
                "block_id": BLOCK_ID,
                "label": {"type": "plain_text", "text": "Question (TOML)"},
                "element": element,
            },
        ],
    }
