"""The slash commands, each a one-line call into `Handlers` inside `guarded`."""

from __future__ import annotations

import discord
from discord import app_commands

from bot.adapters.discord import practice, suggestions
from bot.adapters.discord.handlers import Handlers
from bot.adapters.discord.replies import guarded, report_failure
from bot.core.models import Period

PERIODS = [
    app_commands.Choice(name="this week", value="week"),
    app_commands.Choice(name="this month", value="month"),
    app_commands.Choice(name="all time", value="all"),
]
WEEKDAY_PRESETS = [
    app_commands.Choice(name="Monday to Friday", value="mon,tue,wed,thu,fri"),
    app_commands.Choice(name="every day", value="mon,tue,wed,thu,fri,sat,sun"),
    app_commands.Choice(name="Monday, Wednesday, Friday", value="mon,wed,fri"),
    app_commands.Choice(name="Tuesday, Thursday", value="tue,thu"),
]
TIMEZONES = ("UTC", "Europe/London", "Europe/Berlin", "America/New_York", "America/Los_Angeles",
             "Asia/Kolkata", "Asia/Tokyo", "Australia/Sydney")  # fmt: skip
ADMIN = discord.Permissions(manage_guild=True)
NUDGE_CHOICES = [
    app_commands.Choice(name="on", value="on"),
    app_commands.Choice(name="off", value="off"),
]
SUGGEST_HELP = [app_commands.Choice(name="show the format", value="help")]
SUGGESTION_ACTIONS = [
    app_commands.Choice(name="list the pending ones", value="list"),
    app_commands.Choice(name="show one", value="show"),
    app_commands.Choice(name="edit one (a form)", value="edit"),
    app_commands.Choice(name="accept one", value="accept"),
    app_commands.Choice(name="reject one (with a reason)", value="reject"),
]
DASHBOARD_REVOKE = [
    app_commands.Choice(name="my links", value="revoke"),
    app_commands.Choice(name="everyone's links (admins)", value="revoke all"),
]


async def _dashboard(h: Handlers, interaction: discord.Interaction, args: str) -> None:
    """/dashboard: a signed link to the group's web pages (bot.web), only to the caller."""
    from bot.adapters.discord.handlers import is_admin
    from bot.adapters.discord.replies import reply
    from bot.core.models import Actor
    from bot.web.links import dashboard_reply

    group = await h.group(interaction)
    actor = Actor(await h.member(interaction.user, group), is_admin=is_admin(interaction))
    await reply(interaction, await dashboard_reply(h.service, group, actor, args), ephemeral=True)


class StudyTree(app_commands.CommandTree):
    async def on_error(
        self, interaction: discord.Interaction, error: app_commands.AppCommandError
    ) -> None:
        name = interaction.command.name if interaction.command else "command"
        await report_failure(interaction, error, f"/{name}")


def register(tree: app_commands.CommandTree, h: Handlers) -> None:
    """Add studybot's commands to `tree`."""

    async def topic_names(interaction: discord.Interaction, current: str):
        topics = sorted(h.service.bank.topics())
        typed = current.rsplit(",", 1)
        prefix = typed[0] + "," if len(typed) == 2 else ""
        last = typed[-1].strip().lower()
        return [
            app_commands.Choice(name=prefix + t, value=prefix + t)
            for t in topics
            if t.startswith(last)
        ][:25]

    async def weekday_presets(interaction: discord.Interaction, current: str):
        typed = [app_commands.Choice(name=current, value=current)] if current else []
        return typed + [c for c in WEEKDAY_PRESETS if current.lower() in c.value]

    async def timezones(interaction: discord.Interaction, current: str):
        return [
            app_commands.Choice(name=t, value=t) for t in TIMEZONES if current.lower() in t.lower()
        ] or [app_commands.Choice(name=current, value=current)]

    @tree.command(name="question", description="Show today's question (only you see it)")
    @app_commands.guild_only()
    async def question(interaction: discord.Interaction) -> None:
        await guarded(interaction, "/question", h.question(interaction))

    @tree.command(name="answer", description="Answer today's question (hidden from others)")
    @app_commands.guild_only()
    async def answer(interaction: discord.Interaction) -> None:
        await guarded(interaction, "/answer", h.open_answer(interaction))

    @tree.command(name="run", description="Run a Python snippet in the sandbox")
    @app_commands.guild_only()
    async def run(interaction: discord.Interaction) -> None:
        await guarded(interaction, "/run", h.open_run(interaction))

    @tree.command(name="leaderboard", description="Show the group's standings")
    @app_commands.describe(period="Which points to count (default: all time)")
    @app_commands.choices(period=PERIODS)
    @app_commands.guild_only()
    async def leaderboard(interaction: discord.Interaction, period: str = "all") -> None:
        work = h.leaderboard(interaction, Period(period), ephemeral=False)
        await guarded(interaction, "/leaderboard", work)

    @tree.command(name="stats", description="Points, rank and streaks of a member")
    @app_commands.describe(member="Whose stats (default: yours)")
    @app_commands.guild_only()
    async def stats(interaction: discord.Interaction, member: discord.User | None = None) -> None:
        await guarded(interaction, "/stats", h.stats(interaction, member))

    @tree.command(name="practice", description="A private practice question (due reviews first)")
    @app_commands.guild_only()
    async def practice_(interaction: discord.Interaction) -> None:
        await guarded(interaction, "/practice", practice.practice(h, interaction))

    @tree.command(name="nudge", description="The weekly 'reviews due' nudge with your name")
    @app_commands.describe(wanted="on: named in the weekly nudge with your reviews due; off: not")
    @app_commands.choices(wanted=NUDGE_CHOICES)
    @app_commands.guild_only()
    async def nudge(interaction: discord.Interaction, wanted: app_commands.Choice[str]) -> None:
        work = practice.nudge(h, interaction, wanted.value == "on")
        await guarded(interaction, "/nudge", work)

    @tree.command(name="dashboard", description="A private link to the group's web pages")
    @app_commands.describe(revoke="Cancel links instead: yours, or (admins) everyone's")
    @app_commands.choices(revoke=DASHBOARD_REVOKE)
    @app_commands.guild_only()
    async def dashboard(
        interaction: discord.Interaction, revoke: app_commands.Choice[str] | None = None
    ) -> None:
        args = revoke.value if revoke else ""
        await guarded(interaction, "/dashboard", _dashboard(h, interaction, args))

    @tree.command(name="suggest", description="Suggest a question for this group (a form)")
    @app_commands.describe(help="Show the format instead of the form")
    @app_commands.choices(help=SUGGEST_HELP)
    @app_commands.guild_only()
    async def suggest(
        interaction: discord.Interaction, help: app_commands.Choice[str] | None = None
    ) -> None:
        work = suggestions.suggest(h, interaction, help_only=help is not None)
        await guarded(interaction, "/suggest", work)

    @tree.command(name="suggestions", description="Review the members' suggested questions")
    @app_commands.describe(
        action="What to do (default: list the pending ones)",
        number="The suggestion's number (#N)",
        reason="Why it is rejected (shown with the suggestion)",
    )
    @app_commands.choices(action=SUGGESTION_ACTIONS)
    @app_commands.default_permissions(manage_guild=True)
    @app_commands.guild_only()
    async def suggestions_(
        interaction: discord.Interaction,
        action: app_commands.Choice[str] | None = None,
        number: app_commands.Range[int, 1] | None = None,
        reason: str = "",
    ) -> None:
        work = suggestions.review(
            h, interaction, action.value if action else "list", number, reason
        )
        await guarded(interaction, "/suggestions", work)

    @tree.command(name="help", description="How studybot works")
    async def help_(interaction: discord.Interaction) -> None:
        await guarded(interaction, "/help", h.help(interaction))

    @tree.command(name="setup", description="Make this channel a study group and set its schedule")
    @app_commands.describe(
        time="Posting time, HH:MM (24 h)",
        timezone="IANA timezone, e.g. Europe/Berlin",
        weekdays="Days to post on, e.g. mon,wed,fri",
        topics="Comma-separated topics, or all",
        reveal_time="Reveal time, HH:MM (default: some hours after posting)",
    )
    @app_commands.autocomplete(topics=topic_names, weekdays=weekday_presets, timezone=timezones)
    @app_commands.default_permissions(manage_guild=True)
    @app_commands.guild_only()
    async def setup(
        interaction: discord.Interaction,
        time: str | None = None,
        timezone: str | None = None,
        weekdays: str | None = None,
        topics: str | None = None,
        reveal_time: str | None = None,
    ) -> None:
        work = h.setup(
            interaction,
            post_time=time,
            timezone=timezone,
            weekdays=weekdays,
            topics=topics,
            reveal_time=reveal_time,
        )
        await guarded(interaction, "/setup", work)

    @tree.command(name="post", description="Post today's question now")
    @app_commands.default_permissions(manage_guild=True)
    @app_commands.guild_only()
    async def post(interaction: discord.Interaction) -> None:
        await guarded(interaction, "/post", h.post(interaction))

    @tree.command(name="reveal", description="Reveal today's answer now")
    @app_commands.default_permissions(manage_guild=True)
    @app_commands.guild_only()
    async def reveal(interaction: discord.Interaction) -> None:
        await guarded(interaction, "/reveal", h.reveal(interaction))

    @tree.command(name="skip", description="Skip today's round")
    @app_commands.default_permissions(manage_guild=True)
    @app_commands.guild_only()
    async def skip(interaction: discord.Interaction) -> None:
        await guarded(interaction, "/skip", h.skip(interaction))
