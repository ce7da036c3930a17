"""Start-up: missing or rejected tokens are configuration errors that name the variable."""

from __future__ import annotations

import pytest
from slackenv import BOT_TOKEN
from slackfake import FakeSlack

from bot.adapters.slack.adapter import SlackAdapter
from bot.config import ConfigError, Secrets, SlackConfig

CONFIG = SlackConfig(host="127.0.0.1", port=0)


def test_missing_secrets_are_config_errors():
    with pytest.raises(ConfigError, match="SLACK_BOT_TOKEN"):
        SlackAdapter(None, CONFIG, Secrets())  # type: ignore[arg-type]
    with pytest.raises(ConfigError, match=r"SLACK_APP_TOKEN.*SLACK_SIGNING_SECRET"):
        SlackAdapter(None, CONFIG, Secrets(slack_bot_token="xoxb-1"))  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("secrets", "bad", "named"),
    [
        (Secrets(slack_bot_token="xoxb-bad", slack_signing_secret="s"), "xoxb-bad", "BOT"),
        (Secrets(slack_bot_token=BOT_TOKEN, slack_app_token="xapp-bad"), "xapp-bad", "APP"),
    ],
)
async def test_rejected_token_fails_fast(fake_slack: FakeSlack, secrets, bad, named):
    fake_slack.bad_tokens.add(bad)
    adapter = SlackAdapter(None, CONFIG, secrets, client_base_url=fake_slack.api_url)  # type: ignore[arg-type]
    try:
        with pytest.raises(ConfigError, match=f"SLACK_{named}_TOKEN \\(invalid_auth\\)"):
            await adapter.start()
        assert adapter.http_url is None
    finally:
        await adapter.close()
