"""A scripted week in the real `studybot` terminal chat, driven by its demo clock.

Monday to Friday rounds post at 09:00 and are revealed at 18:00 (a reminder at 17:30); an admin
adds an extra round on Saturday that only one member answers; the chat is restarted in the middle
of Wednesday's open question, whose discussion messages are voted for after the restart."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

from tests.adapters.terminal.chat_process import chat_output
from tests.banks import choice_question, open_question
from tests.conftest import write_bank

BANK = choice_question("w.pick.choice", "choice") + open_question(
    "w.tests.open",
    "open",
    title="Why test",
    prompt="Why do we write tests?",
    explanation="See the reference answer and key points.",
    reference="To learn quickly when something breaks.",
    key_points=("tests can fail", "they document behaviour", "they allow refactoring"),
)


SCHEDULE = 'timezone = "UTC"\npost_time = "09:00"\nreveal_time = "18:00"\nreminder_minutes = 30\n'


def studybot(tmp_path: Path, date: str, script: list[str]) -> str:
    return chat_output(tmp_path, date, script, db="week.db", schedule=SCHEDULE)


def both_answer(answer: str = "B") -> list[str]:
    return [answer, "/as bob", answer, "/as you"]


def streak_of(out: str, name: str) -> int:
    return int(re.findall(rf"^{name}: .*; streak (\d+) \(longest", out, re.MULTILINE)[-1])


def test_a_week_in_a_minute(tmp_path: Path) -> None:
    write_bank(tmp_path / "bank", BANK)
    first = studybot(
        tmp_path,
        "2026-03-02",  # a Monday; the chat starts at the posting time
        [
            "/schedule topics choice",
            *both_answer(),
            "/wait 18:00",  # the reminder at 17:30, the reveal at 18:00
            "/nextday",  # Tuesday 09:00
            *both_answer(),
            "/schedule topics open",  # from Wednesday on: the open question
            "/nextday",  # Tuesday's reveal on the way, then Wednesday 09:00
            "Because tests can fail.",  # an open answer is discussion message #1
            "/as bob",
            "They document behaviour.",  # #2
            "/say And they let us refactor.",  # #3
            "/as you",
            "/quit",
        ],
    )
    assert "It is Mon 02 Mar 09:00 UTC (demo clock)" in first
    assert "=== Question of Mon 02 Mar: [choice" in first
    reminder, reveal = first.index("Reminder: the answer to 'Pick B'"), first.index("=== Reveal")
    assert first.index("--- Mon 02 Mar 17:30 UTC") < reminder < reveal
    assert first.index("--- Mon 02 Mar 18:00 UTC") < reveal
    assert "=== Question of Tue 03 Mar" in first and "=== Question of Wed 04 Mar" in first
    assert "  #1 you: Because tests can fail." in first
    assert "  #2 bob: They document behaviour." in first
    assert "  #3 bob: And they let us refactor." in first
    assert "Received as discussion message #2" in first

    second = studybot(
        tmp_path,
        "2026-03-04T12:00",  # the same Wednesday, after a restart
        [
            "/vote 2",  # for bob's answer, written before the restart
            "/as bob",
            "/vote 1",
            "/vote 2",  # his own: not counted
            "/as carol",
            "/vote 1",
            "/as you",
            "/schedule topics choice",
            "/wait 18:00",  # Wednesday's reveal: key points, votes
            "/nextday",  # Thursday
            *both_answer(),
            "/nextday",  # Friday
            *both_answer(),
            "/wait 18:00",  # Friday's reveal and the weekly chart
            "/wait 10:00",  # Saturday morning: a day off
            "/post",  # an admin's extra round; only "you" answers it
            "B",
            "/reveal",
            "/stats bob",
            "/nextday",  # Monday 09:00 (Sunday: a day off)
            *both_answer(),
            "/wait 18:00",
            "/stats bob",
            "/stats you",
            "/leaderboard week",
        ],
    )
    assert "Wed 04 Mar" in second and "(Revealed" not in second.split("/vote N")[0]
    assert "Discussion so far (/vote N):" in second
    assert "  #1 you: Because tests can fail." in second  # stored, shown after the restart
    assert second.count("Vote counted.") == 3 and "Not counted" in second
    wednesday = second[second.index("Answer to Why test") :]
    wednesday = wednesday[: wednesday.index("Points this round")]
    assert "Key points:" in wednesday
    for point in ("tests can fail", "they document behaviour", "they allow refactoring"):
        assert f"  - {point}" in wednesday
    results = second[second.index("Answer to Why test") :].split("===")[0]
    # 2 points per vote, plus the streak bonus of a third round in a row (2 x 2)
    assert "you: 8 (2 votes)" in results and "bob: 6 (1 vote)" in results
    assert "pending" not in results
    assert "Question of Sat 07 Mar (an extra round)" in second
    assert "(Sun 08 Mar: days off, no rounds.)" in second
    assert "Weekly leaderboard chart saved to" in second
    stats = [line for line in second.splitlines() if line.startswith(("bob:", "you:"))]
    # after Saturday's extra round was revealed without bob: his streak Mon-Fri is intact
    assert streak_of(second.split("--- Mon 09 Mar")[0], "bob") == 5
    assert streak_of(second, "bob") == 6 and streak_of(second, "you") == 7, stats

    with sqlite3.connect(tmp_path / "week.db") as conn:
        rounds = conn.execute(
            "SELECT round_date, scheduled, state FROM rounds ORDER BY 1"
        ).fetchall()
    assert [(day[-2:], scheduled) for day, scheduled, _ in rounds] == [
        ("02", 1), ("03", 1), ("04", 1), ("05", 1), ("06", 1), ("07", 0), ("09", 1)
    ]  # fmt: skip
    assert {state for _, _, state in rounds} == {"revealed"}
