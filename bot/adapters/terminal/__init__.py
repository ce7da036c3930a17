"""The terminal adapter: the embedded default chat when no platform token is configured."""

from bot.adapters.terminal.chat import TerminalChat

__all__ = ["TerminalChat"]
