"""Slack adapter: slack-bolt AsyncApp over the core StudyService (Socket Mode or HTTP)."""
