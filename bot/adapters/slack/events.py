"""Event callbacks: thread replies (remembered for votes), :+1: reactions, the App Home tab.

Every variant of :+1: counts (`:thumbsup:` is the same emoji, skin tones `::skin-tone-2`..`6`
too); each variant is recorded on its own, so removing one keeps the vote while another remains.
A vote counts only from a member of the group's channel. The Home tab shows only the groups
whose channel the user is a member of (as Slack says; none when Slack cannot be asked).
"""

from __future__ import annotations

import logging
from typing import Any

from bot.adapters.slack import blocks, practice
from bot.adapters.slack.runtime import Runtime
from bot.adapters.slack.users import PLATFORM
from bot.core.models import Period

log = logging.getLogger(__name__)
VOTE_REACTIONS = frozenset({"+1", "thumbsup"})


def vote_variant(reaction: str) -> str | None:
    """The vote variant of a reaction name ("+1", "+1::skin-tone-4"), None if not a vote."""
    base, sep, tone = reaction.partition("::")
    if base not in VOTE_REACTIONS:
        return None
    return "+1" + (f"::{tone}" if sep and tone else "")


HOME_GROUPS = 5


class Events:
    def __init__(self, rt: Runtime) -> None:
        self.rt = rt

    async def message(self, event: dict[str, Any]) -> None:
        """Remember who wrote each thread reply, so a later reaction can be credited to them."""
        subtype = event.get("subtype")
        if subtype not in (None, "thread_broadcast", "file_share"):
            return
        thread_ts, user = event.get("thread_ts"), event.get("user")
        if thread_ts and user and event.get("ts") != thread_ts:
            self.rt.threads.add(event["channel"], event["ts"], thread_ts, user)

    async def reaction_added(self, event: dict[str, Any], context: dict[str, Any]) -> None:
        variant = vote_variant(str(event.get("reaction", "")))
        item = event.get("item") or {}
        if variant is None or item.get("type") != "message":
            return
        try:
            await self._vote(
                event["user"], item["channel"], item["ts"], context.get("bot_user_id"), variant
            )
        except Exception:  # a vote is silent either way; never let it break the event loop
            log.exception("vote failed")

    async def reaction_removed(self, event: dict[str, Any]) -> None:
        """A removed :+1: (of any variant) withdraws that reaction (until the reveal)."""
        variant = vote_variant(str(event.get("reaction", "")))
        item = event.get("item") or {}
        if variant is None or item.get("type") != "message":
            return
        try:
            await self._unvote(event["user"], item["channel"], item["ts"], variant)
        except Exception:
            log.exception("vote removal failed")

    async def _unvote(self, voter_id: str, channel: str, ts: str, variant: str) -> None:
        group = await self.rt.service.find_group(PLATFORM, channel)
        voter = await self.rt.service.find_member(PLATFORM, voter_id)
        if group is None or voter is None:
            return
        removed = await self.rt.service.unvote(group.id, voter, ts, variant)
        log.debug("vote by %s on %s: removed=%s", voter_id, ts, removed)

    async def _vote(
        self, voter_id: str, channel: str, ts: str, bot_user: str | None, variant: str
    ) -> None:
        group = await self.rt.service.find_group(PLATFORM, channel)
        if group is None:
            return
        if not await self.rt.membership.is_member(voter_id, channel):
            log.info("vote by %s in %s ignored: not a member of the channel", voter_id, channel)
            return
        view = await self.rt.service.current_round(group.id)
        thread = view.round.thread_ref if view else None
        if not thread:
            return
        author_id = await self.rt.reply_author(channel, thread, ts)
        if author_id is None or author_id == bot_user:
            return
        voter = await self.rt.users.member(voter_id)
        author = await self.rt.users.member(author_id)
        counted = await self.rt.service.vote(group.id, voter, author, ts, variant)
        log.debug("vote by %s on %s: counted=%s", voter_id, ts, counted)

    async def app_home_opened(self, event: dict[str, Any]) -> None:
        if event.get("tab", "home") != "home":
            return
        user_id = event["user"]
        try:
            member = await self.rt.users.member(user_id)
            sections = []
            groups = await self.rt.groups_of(user_id)  # only channels the user is in
            for group in groups[:HOME_GROUPS]:
                stats = await self.rt.service.member_stats(group.id, member)
                board = await self.rt.service.leaderboard(
                    group.id, Period.ALL, member=member, top=5
                )
                name = group.name or group.external_id
                sections.append((name, blocks.stats_text(stats), blocks.leaderboard_text(board)))
            mastery = await practice.mastery_text(self.rt, member) if groups else ""
            view = blocks.home_view(sections, mastery)
            await self.rt.client.views_publish(user_id=user_id, view=view)
        except Exception:
            log.exception("App Home for %s failed", user_id)
