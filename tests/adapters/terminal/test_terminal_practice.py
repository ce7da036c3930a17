"""Personal practice in the real `studybot` terminal chat, over days of its demo clock.

The group posts on Mondays only, so the days between are free for practice. A member misses a
practice question on Monday; it is not offered again that day, comes back as a due review on
Tuesday, and answering it well pushes it out by days. Practice answers never show on a board,
and /stats shows the member's own per-topic mastery with a saved PNG chart."""

from __future__ import annotations

import re
from pathlib import Path

from tests.adapters.terminal.chat_process import chat_output
from tests.banks import choice_question
from tests.conftest import write_bank

BANK = "".join(
    choice_question(
        f"t.{topic}.q",
        topic,
        title=f"{topic.title()} question",
        prompt=f"Which option is right for {topic.title()} question?",
        explanation="B is always right here.",
        options=("A", "B", "C"),
    )
    for topic in ("alpha", "beta", "gamma")
)


SCHEDULE = 'timezone = "UTC"\npost_time = "09:00"\nreveal_time = "18:00"\nweekdays = ["mon"]\n'


def studybot(tmp_path: Path, date: str, script: list[str]) -> str:
    return chat_output(tmp_path, date, script, db="practice.db", schedule=SCHEDULE)


def practised(out: str) -> list[str]:
    """Titles of the practice questions shown, in order."""
    return re.findall(r"^\[practice for \w+\] .*\n\[\w+ · \w+ · \w+\] (.+)$", out, re.MULTILINE)


def test_a_missed_question_comes_back_and_a_good_answer_pushes_it_out(tmp_path: Path) -> None:
    write_bank(tmp_path / "bank", BANK)
    out = studybot(
        tmp_path,
        "2026-03-02",  # a Monday: the day's question is posted at 09:00
        [
            "/practice",
            "/practice A",  # a miss
            "/practice",  # the same day: not the missed one (it is not due yet)
            "/practice B",
            "/as bob",
            "/stats",  # bob has practised nothing
            "/as you",
            "/wait 25h",  # Tuesday 10:00 (no round on Tuesdays)
            "/practice",  # the miss is due again
            "/practice B",
            "/practice",  # due later now: another question
            "/stats",
            "/leaderboard",
        ],
    )
    daily = re.search(r"^=== Question of Mon 02 Mar: \[\w+ · \w+ · \w+\] (.+)$", out, re.MULTILINE)
    assert daily is not None
    titles = practised(out)
    assert len(titles) == 4, out
    first, second, review, after = titles
    assert daily.group(1) not in (first, second)  # never the open round's question
    assert second != first
    assert review == first  # the missed question came back ...
    assert "Practice: A review due since Tue 03 Mar." in out
    assert after != first  # ... and once answered well, it is due days later
    results = re.findall(r"^\[you\] Practice: (.+?)\.", out, re.MULTILINE)
    assert results == ["Not quite", "Correct", "Correct"]
    nexts = re.findall(r"^Next review of this question: (.+?)\. ", out, re.MULTILINE)
    assert nexts[0] == "Tue 03 Mar (in 1 day)"
    assert nexts[2] == "Thu 05 Mar (in 2 days)"  # a miss came back after 1 day, now 2
    # bob's stats show no mastery of his own, and never another member's
    assert "Topic mastery: nothing answered yet." in out
    # mastery: per topic answered, accuracy, due; and the chart file
    mastery = out[out.rindex("Topic mastery (practice") :]
    topic = first.split()[0].lower()
    assert re.search(rf"^  {topic}\s+2 answered, 50% accuracy$", mastery, re.MULTILINE), mastery
    chart = tmp_path / "mastery-you.png"
    assert f"Topic chart saved to {chart}" in out
    assert chart.read_bytes().startswith(b"\x89PNG")
    # practice never scores: nobody answered the daily round, so the board is empty
    assert "Leaderboard (All time): no points yet." in out


def test_the_weekly_nudge_names_due_reviews_of_opted_in_members_only(tmp_path: Path) -> None:
    write_bank(tmp_path / "bank", BANK)
    out = studybot(
        tmp_path,
        "2026-03-02",  # Monday, the group's only (so the week's last) posting day
        ["A", "/as bob", "A", "/nudge off", "/as carol", "B", "/as you", "/wait 19:00"],
    )
    nudge = re.search(r"^Weekly practice nudge, reviews due this coming week: (.+?)\. ", out, re.M)
    assert nudge is not None, out
    assert nudge.group(1) == "carol 1, you 1"  # bob opted out; no score is named
    assert "Weekly practice nudge off for bob." in out
