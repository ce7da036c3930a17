"""The app manifests in slack/ match what the adapter does: command, events, scopes, endpoints."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from slackenv import METHOD_SCOPES

from bot.adapters.slack.adapter import COMMAND
from bot.config import SlackConfig

MANIFESTS = Path(__file__).resolve().parents[3] / "slack"
EVENT_SCOPES = {
    "app_home_opened": None,
    "message.channels": "channels:history",
    "message.groups": "groups:history",
    "reaction_added": "reactions:read",
    "reaction_removed": "reactions:read",
}


@pytest.mark.parametrize("name", ["manifest.json", "manifest.http.json"])
def test_manifest_covers_the_adapter(name: str):
    manifest = json.loads((MANIFESTS / name).read_text(encoding="utf-8"))
    (command,) = manifest["features"]["slash_commands"]
    assert command["command"] == COMMAND
    assert command["should_escape"] is True, "channel mentions arrive as <#C123|name>"
    assert manifest["features"]["app_home"]["home_tab_enabled"] is True
    settings = manifest["settings"]
    assert settings["interactivity"]["is_enabled"] is True
    events = settings["event_subscriptions"]["bot_events"]
    assert set(events) == set(EVENT_SCOPES)
    scopes = set(manifest["oauth_config"]["scopes"]["bot"])
    needed = {"commands"}
    for scope in [*METHOD_SCOPES.values(), *EVENT_SCOPES.values()]:
        needed |= set(scope) if isinstance(scope, tuple) else {scope} if scope else set()
    assert needed <= scopes, needed - scopes
    assert scopes == needed, "no scope the adapter does not use"
    if name == "manifest.json":
        assert settings["socket_mode_enabled"] is True
    else:
        assert settings["socket_mode_enabled"] is False
        path = SlackConfig().path
        for url in (
            command["url"],
            settings["event_subscriptions"]["request_url"],
            settings["interactivity"]["request_url"],
        ):
            assert url.startswith("https://") and url.endswith(path)
