"""A full round through the real discord.py client against the fake Discord (loopback only)."""

from __future__ import annotations

import asyncio
from datetime import datetime
from zoneinfo import ZoneInfo

from discordenv import DiscordEnv, setup_channel
from fake_discord import FakeDiscord, Recorded

CORRECT = "def sum_to(n):\n    return n * (n + 1) // 2"
WRONG = "def sum_to(n):\n    return -1"
PARTIAL = "def sum_to(n):\n    return n * (n + 1) // 2 if n < 10 ** 9 else 0"


def buttons(request: Recorded) -> list[str]:
    return [c["custom_id"] for row in request.json["components"] for c in row["components"]]


async def followup(fake: FakeDiscord, interaction: dict, n: int = 1) -> Recorded:
    """The `n`-th follow-up message sent for an interaction (after a deferred response)."""
    path = f"/webhooks/{fake.app_id}/{interaction['token']}"
    found = await fake.wait_for(lambda r: r.method == "POST" and r.path == path)
    for _ in range(n - 1):
        after = fake.requests.index(found) + 1
        found = await fake.wait_for(lambda r: r.method == "POST" and r.path == path, after=after)
    return found


async def answer_by_modal(fake: FakeDiscord, opener: dict, who: dict, code: str) -> Recorded:
    """Open the answer modal (button or /answer), fill it in; return the receipt follow-up."""
    modal = await fake.callback_of(opener)
    assert modal.json["type"] == 9  # MODAL
    field = modal.json["data"]["components"][0]["components"][0]
    assert field["type"] == 4 and field["style"] == 2  # a paragraph text input
    submitted = await fake.fill_modal(modal, who, code)
    deferred = await fake.callback_of(submitted)
    assert deferred.json["type"] == 5 and deferred.flags == 64  # deferred, ephemeral
    received = await followup(fake, submitted)  # stored first, then graded
    assert received.flags == 64 and "received" in received.json["content"].lower()
    receipt = await followup(fake, submitted, 2)
    assert receipt.flags == 64
    return receipt


async def test_full_round(discord_env: DiscordEnv) -> None:
    fake, service = discord_env.fake, discord_env.service
    chan = fake.channel["id"]
    admin, alice, bob, carol = (fake.new_user(n) for n in ("admin", "alice", "bob", "carol"))

    # setup: this channel becomes a group; today is its last posting day of the week
    today = datetime.now(ZoneInfo("Europe/Berlin")).weekday()
    days = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
    options = {"time": "09:30", "timezone": "Europe/Berlin", "weekdays": f"{days[today]}"}
    reply = await setup_channel(fake, admin, options)
    assert reply.flags == 0  # public, like the deferral
    assert "09:30" in reply.json["content"] and "Europe/Berlin" in reply.json["content"]
    group = await service.find_group("discord", chan)
    assert group is not None and group.settings.schedule.weekdays == (today,)

    # post: an embed with buttons in the channel, a public thread on it
    post = await fake.slash("post", admin, admin=True)
    deferred = await fake.callback_of(post)
    assert deferred.json["type"] == 5 and deferred.flags == 64
    assert "posted" in (await followup(fake, post)).json["content"]
    [daily] = fake.calls("POST", rf"/channels/{chan}/messages")
    embed = daily.json["embeds"][0]
    assert "One-line sum" in embed["title"] and "def sum_to(n: int) -> int" in embed["description"]
    assert {f["name"] for f in embed["fields"]} >= {"Topic", "Difficulty", "Kind", "How to answer"}
    assert buttons(daily) == ["studybot:post:answer", "studybot:post:run", "studybot:post:board"]
    post_msg = fake.bot_messages(chan)[0]
    [thread_call] = fake.calls("POST", rf"/channels/{chan}/messages/{post_msg['id']}/threads")
    assert "One-line sum" in thread_call.json["name"]
    thread_id = post_msg["id"]  # Discord gives a thread started from a message the message's id
    assert "Discuss" in fake.bot_messages(thread_id)[0]["content"]
    view = await service.current_round(group.id)
    assert view.round.message_ref == post_msg["id"] and view.round.thread_ref == thread_id

    # three members answer: Answer button -> modal, /answer -> modal
    opener = await fake.button("studybot:post:answer", alice, post_msg)
    receipt = (await answer_by_modal(fake, opener, alice, CORRECT)).json["content"]
    [question] = service.bank.questions
    n = len(question.spec.all_tests)  # every test of the bank's question passes
    assert receipt.startswith("✅") and f"{n}/{n} tests passed" in receipt
    opener = await fake.slash("answer", bob)
    receipt = (await answer_by_modal(fake, opener, bob, WRONG)).json["content"]
    assert receipt.startswith("❌")
    opener = await fake.button("studybot:post:answer", carol, post_msg)
    receipt = (await answer_by_modal(fake, opener, carol, PARTIAL)).json["content"]
    assert receipt.startswith("🟡") and "tests passed" in receipt

    # one runs code: /run -> modal -> output in a code block, only for her
    run = await fake.slash("run", carol)
    modal = await fake.callback_of(run)
    assert modal.json["type"] == 9 and modal.json["data"]["title"] == "Run Python code"
    submitted = await fake.fill_modal(modal, carol, "print(sum(range(5)))")
    output = await followup(fake, submitted)
    assert output.flags == 64 and "```\n10\n```" in output.json["content"]

    # votes: 👍 on alice's thread message by bob and carol; her own 👍 and bob's self-vote don't count
    says = await fake.user_message(thread_id, alice, "Gauss: n * (n + 1) // 2, exact with //")
    other = await fake.user_message(thread_id, bob, "I squared it, oops")
    assert "MESSAGE_CREATE" in fake.withheld  # no message intents: the bot never sees the text
    for message, reactor in ((says, bob), (says, carol), (says, alice), (other, bob)):
        await fake.react(message, reactor)
    await fake.react(says, bob, "\N{HEAVY BLACK HEART}")  # not a vote
    for _ in range(100):  # votes are handled asynchronously; wait until both are stored
        if await service.submissions.vote_counts(view.round.id):
            counts = await service.submissions.vote_counts(view.round.id)
            if counts[0][1] == 2:
                break
        await asyncio.sleep(0.05)

    # reveal: into the thread
    reveal = await fake.slash("reveal", admin, admin=True)
    assert (await fake.callback_of(reveal)).flags == 64
    assert "3 answered, 1 correct" in (await followup(fake, reveal)).json["content"]
    shown = fake.bot_messages(thread_id)[-1]["embeds"][0]
    assert shown["title"].startswith("✅ Reveal")
    fields = {f["name"]: f["value"] for f in shown["fields"]}
    assert fields["Answered"] == "3" and fields["Correct"].startswith("1")
    assert fields["Fastest correct"] == "alice"
    assert fields["Most upvoted"] == "alice (2 👍)"
    # ... and, on the week's last round, the weekly summary with the chart in the channel
    # (then the practice nudge: reviews due, never scores; bob and carol missed)
    [weekly, nudge] = fake.calls("POST", rf"/channels/{chan}/messages")[1:]
    assert "practice nudge" in nudge.json["content"] and "bob 1" in nudge.json["content"]
    assert weekly.json["embeds"][0]["title"].startswith("📅 Weekly summary")
    assert weekly.json["embeds"][0]["image"]["url"] == "attachment://weekly.png"
    [(name, png)] = weekly.files
    assert name == "weekly.png" and png.startswith(b"\x89PNG")

    # leaderboard
    board = await fake.slash("leaderboard", bob, {"period": "week"})
    deferred = await fake.callback_of(board)  # the week's board comes with a chart: deferred
    assert deferred.json["type"] == 5 and deferred.flags == 0
    reply = await followup(fake, board)
    standings = reply.json["embeds"][0]
    assert standings["title"].endswith("this week")
    assert reply.files[0][0] == "leaderboard.png" and reply.files[0][1].startswith(b"\x89PNG")
    lines = standings["description"].splitlines()
    assert "alice" in lines[0] and "#1" in lines[0]

    everyone = await fake.callback_of(await fake.slash("leaderboard", carol))  # default: all time
    assert everyone.json["type"] == 4 and everyone.flags == 0 and not everyone.files
    assert everyone.json["data"]["embeds"][0]["title"].endswith("all time")

    # stats of another member
    resolved = {"users": {alice["id"]: alice}}
    stats = await fake.slash("stats", bob, {"member": alice["id"]}, resolved=resolved)
    reply = await fake.callback_of(stats)
    assert reply.flags == 64 and "alice" in reply.json["data"]["content"]
    assert "rank #1" in reply.json["data"]["content"]


async def test_members_cannot_run_admin_commands(discord_env: DiscordEnv) -> None:
    fake = discord_env.fake
    member = fake.new_user("mallory")
    for command, action in (("setup", "set up a study group"), ("post", "post a question")):
        interaction = await fake.slash(command, member)
        reply = await fake.callback_of(interaction)
        assert reply.json["type"] == 4 and reply.flags == 64
        assert reply.json["data"]["content"].startswith(f"Only admins can {action}")
    assert not fake.calls("POST", r"/channels/\d+/messages")
    assert await discord_env.service.find_group("discord", fake.channel["id"]) is None
    # the command is also hidden from members by default
    assert str(fake.commands["post"]["default_member_permissions"]) == str(1 << 5)


async def test_commands_outside_a_group_explain_setup(discord_env: DiscordEnv) -> None:
    fake = discord_env.fake
    interaction = await fake.slash("question", fake.new_user("dora"))
    reply = await fake.callback_of(interaction)
    assert reply.flags == 64 and "/setup" in reply.json["data"]["content"]
