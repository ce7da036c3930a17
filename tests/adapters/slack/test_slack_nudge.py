"""The weekly practice nudge on Slack (issue #15): after the reveal of the group's last round of
the week, the channel gets the reviews due per member (this round's results counted first), by
name and count only, never a score; a member who ran `/study nudge off` is left out."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from slackenv import ADMIN, ALICE, BOB, CAROL, CHANNEL, SlackEnv

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


@pytest.mark.parametrize("last_day_today", [True, False])
async def test_weekly_nudge_names_due_reviews_of_opted_in_members(
    slack_env: SlackEnv, last_day_today: bool
) -> None:
    env, fake, service = slack_env, slack_env.fake, slack_env.service
    today = datetime.now(UTC).weekday()
    day = DAYS[today] if last_day_today else DAYS[(today + 1) % 7]
    await env.command(f"setup tz UTC days {day}", ADMIN)
    await env.command("post", ADMIN)
    assert "nudge *off*" in await env.command("nudge off", CAROL)
    for user, answer in ((ALICE, "B, D"), (BOB, "A"), (CAROL, "C")):  # right: B and D
        await env.command(f"answer {answer}", user)
    assert "Revealed" in await env.command("reveal", ADMIN)

    nudges = [c for c in fake.calls_to("chat.postMessage") if "practice nudge" in c.args["text"]]
    if not last_day_today:
        assert not nudges, "only after the week's last reveal"
        return
    [nudge] = nudges
    text = nudge.args["text"]
    print("\n" + text)
    assert nudge.args["channel"] == CHANNEL and "thread_ts" not in nudge.args
    group = await service.find_group("slack", CHANNEL)
    due = await service.practice.weekly_nudge(group.id)
    assert [name for name, _ in due] == ["alice", "bob"], "carol opted out"
    assert all(f"{name} {n}" in text for name, n in due), "reviews due per member"
    assert "carol" not in text and "`/study practice`" in text and "`/study nudge` off" in text
    assert "point" not in text.lower() and "correct" not in text.lower(), "never a score"
    [summary] = fake.calls_to("files.completeUploadExternal")  # the nudge comes after it
    assert "Weekly summary" in summary.args["initial_comment"]
    assert fake.calls.index(summary) < fake.calls.index(nudge)
