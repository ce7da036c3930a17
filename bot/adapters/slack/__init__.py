"""Slack adapter: slack-bolt AsyncApp over the core StudyService (Socket Mode or HTTP)."""

from bot.adapters.slack.adapter import SlackAdapter

__all__ = ["SlackAdapter"]
