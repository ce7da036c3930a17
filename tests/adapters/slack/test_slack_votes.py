""":+1: votes in the round's thread: a removed reaction withdraws the vote until the reveal."""

from __future__ import annotations

import pytest
from slackenv import ADMIN, ALICE, BOB, CAROL, CHANNEL, SlackEnv, texts


async def test_removed_reaction_withdraws_the_vote_until_the_reveal(
    slack_env: SlackEnv, monkeypatch: pytest.MonkeyPatch
):
    env, fake, service = slack_env, slack_env.fake, slack_env.service
    unvotes: list[bool] = []  # what the core answered to each withdrawal the adapter asked for
    real_unvote = service.unvote

    async def unvote(*args, **kwargs) -> bool:
        unvotes.append(await real_unvote(*args, **kwargs))
        return unvotes[-1]

    monkeypatch.setattr(service, "unvote", unvote)
    post_ts = await env.setup_and_post()
    group = await service.find_group("slack", CHANNEL)
    round_id = (await service.current_round(group.id)).round.id
    reply = fake.add_thread_reply(CHANNEL, post_ts, BOB, "tuple and frozenset are hashable")

    async def reaction(kind: str, user: str, reaction: str = "+1") -> None:
        status, _ = await env.sender.event(
            {"type": kind, "user": user, "reaction": reaction, "item_user": BOB,
             "item": {"type": "message", "channel": CHANNEL, "ts": reply["ts"]}}
        )  # fmt: skip
        assert status == 200

    async def votes_are(n: int) -> bool:
        counts = await service.submissions.vote_counts(round_id)
        return sum(c for _, c in counts) == n

    await reaction("reaction_added", ALICE)
    await reaction("reaction_added", CAROL, "thumbsup")
    await env.eventually(lambda: votes_are(2), what="two votes")
    await reaction("reaction_removed", ALICE, "heart")  # not a vote reaction: ignored
    await reaction("reaction_removed", ALICE)
    await env.eventually(lambda: votes_are(1), what="Alice's vote withdrawn")
    [(author, n)] = await service.submissions.vote_counts(round_id)
    assert author.external_id == BOB and n == 1

    await reaction("reaction_added", ALICE, "+1::skin-tone-2")  # she votes again
    await env.eventually(lambda: votes_are(2), what="Alice's vote again")
    assert "Revealed" in await env.command("reveal", ADMIN)
    reveal = (await fake.wait_for("chat.postMessage", 3))[-1]
    assert "Most voted in the thread: bob (2)" in texts(reveal.args["blocks"])

    # after the reveal votes are final: the removals reach the core, which keeps the votes
    await reaction("reaction_removed", CAROL, "thumbsup")
    await reaction("reaction_removed", ALICE)

    async def handled() -> bool:
        return len(unvotes) == 3

    await env.eventually(handled, what="both removals handled")
    assert unvotes == [True, False, False]
    assert await votes_are(2)
