"""Discord adapter (discord.py 2.x): slash commands, buttons, modals, daily posts with threads."""

from bot.adapters.discord.adapter import DiscordAdapter, start_discord

__all__ = ["DiscordAdapter", "start_discord"]
