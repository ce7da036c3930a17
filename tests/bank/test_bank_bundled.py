"""The bundled bank: valid, big enough, and covering every item of the seed list."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from bot.bank import QuestionBank, bundled_bank_dir, grade_text, load_bank
from bot.bank.model import ChoiceSpec, CodeSpec, Kind, OpenSpec, Question, ShortSpec
from bot.bank.selection import unseen_in_cycle

TOPICS = {"python", "algorithms", "networking", "databases", "linux", "django"}

# Seed item (../shared/seed/interview-questions.txt) -> the questions that cover it.
SEED: dict[str, list[str]] = {
    "mutable vs immutable": ["python.mutable-immutable.check", "python.mutable-immutable.discuss"],
    "shallow vs deep copy, implement deepcopy": [
        "python.copy.check", "python.copy.discuss", "python.deepcopy.code",
    ],
    "__new__ vs __init__": ["python.new-init.check", "python.new-init.discuss"],
    "design patterns": ["python.design-patterns.check", "python.design-patterns.discuss"],
    "encoding and decoding": ["python.encoding.check", "python.encoding.discuss"],
    "list comprehensions vs generators": ["python.generators.check", "python.generators.discuss"],
    "decorators, singleton decorator, other singletons": [
        "python.decorators.check", "python.singleton.code", "python.singleton.discuss",
    ],
    "email regex": ["python.email-regex.code", "python.email-regex.check"],
    "garbage collection": ["python.garbage-collection.check", "python.garbage-collection.discuss"],
    "multiprocessing vs multithreading": [
        "python.processes-threads.check", "python.processes-threads.discuss",
    ],
    "inter-process communication": ["python.ipc.check", "python.ipc.discuss"],
    "coroutines vs threads": ["python.coroutines.check", "python.coroutines.discuss"],
    "range vs xrange": ["python.range-xrange.check", "python.range-xrange.discuss"],
    "IP string to 32-bit integer": ["python.ip-to-int.code", "python.ip-to-int.check"],
    "quicksort and heapsort, complexities": [
        "algorithms.quicksort.code", "algorithms.heapsort.code",
        "algorithms.sorting-complexity.check", "algorithms.sorting.discuss",
    ],
    "combinations with spacing d": [
        "algorithms.pairs-with-difference.code", "algorithms.pairs-with-difference.check",
    ],
    "all combinations of a list": ["algorithms.combinations.code"],
    "one-line sum 1..10**8": ["algorithms.sum-one-line.code", "python.sum-one-line.check"],
    "recursive palindrome": ["algorithms.palindrome.code"],
    "cycle in a singly linked list": [
        "algorithms.linked-list-cycle.code", "algorithms.linked-list.check",
    ],
    "quicksort on a singly linked list": ["algorithms.linked-list-quicksort.code"],
    "median of an unsorted list": ["algorithms.median.code", "algorithms.median.check"],
    "directory traversal two ways": [
        "algorithms.tree-dfs.code", "algorithms.tree-bfs.code", "algorithms.tree-traversal.check",
    ],
    "TCP/IP in OSI": ["networking.osi-layers.check", "networking.osi-layers.discuss"],
    "persistent connections": [
        "networking.persistent-connection.check", "networking.persistent-connection.discuss",
    ],
    "select vs epoll": ["networking.select-epoll.check", "networking.select-epoll.discuss"],
    "TCP vs UDP, handshake, termination": [
        "networking.tcp-udp.check", "networking.tcp-handshake.check",
        "networking.tcp-handshake.discuss",
    ],
    "TIME_WAIT": ["networking.time-wait.check", "networking.time-wait.discuss"],
    "HTTP request flow": ["networking.http-flow.check", "networking.http-flow.discuss"],
    "GET vs POST and other methods": [
        "networking.http-methods.check", "networking.get-post.discuss",
    ],
    "REST": ["networking.rest.check", "networking.rest.discuss"],
    "status codes": [
        "networking.status-codes.check", "networking.status-codes-403.check",
        "networking.status-codes.discuss",
    ],
    "MySQL locks and deadlocks": [
        "databases.locks-deadlock.check", "databases.locks-deadlock.discuss",
    ],
    "sharding and partitioning": ["databases.sharding.check", "databases.sharding.discuss"],
    "CHAR, VARCHAR, TEXT": [
        "databases.char-varchar-text.check", "databases.char-varchar-text.discuss",
    ],
    "JOIN types, LEFT JOIN NULLs": ["databases.left-join.check", "databases.joins.discuss"],
    "index types, B-tree vs hash": ["databases.indexes.check", "databases.indexes.discuss"],
    "query optimization": [
        "databases.query-optimization.check", "databases.query-optimization.discuss",
    ],
    "NoSQL and Redis types": ["databases.redis-types.check", "databases.nosql-redis.discuss"],
    "Linux and git commands": [
        "linux.git-commands.check", "linux.grep.check", "linux.commands.discuss",
    ],
    "viewing processes": ["linux.processes.check", "linux.ps.check", "linux.processes.discuss"],
    "project responsibilities and challenges": [
        "django.project-challenges.check", "django.project-challenges.discuss",
    ],
    "Django admin, Flask source, open source": [
        "django.admin.check", "django.admin-flask-opensource.discuss",
    ],
    "MVC vs MTV": ["django.mvc-mtv.check", "django.mvc-mtv.discuss"],
    "cache usage": ["django.cache.check", "django.cache.discuss"],
    "middleware": ["django.middleware.check", "django.middleware.discuss"],
    "CSRF and XSS": ["django.csrf.check", "django.xss.check", "django.csrf-xss.discuss"],
    "login flow": ["django.login-flow.check", "django.login-flow.discuss"],
    "session vs cookie": ["django.session-cookie.check", "django.session-cookie.discuss"],
    "uWSGI and Nginx": ["django.uwsgi-nginx.check", "django.uwsgi-nginx.discuss"],
}  # fmt: skip


@pytest.fixture(scope="module")
def bank() -> QuestionBank:
    return load_bank([bundled_bank_dir()])


def test_bundled_bank_is_big_and_balanced(bank: QuestionBank) -> None:
    kinds = Counter(q.kind for q in bank)
    assert len(bank) >= 52
    assert kinds[Kind.CODE] >= 14
    assert kinds[Kind.OPEN] >= 30 and kinds[Kind.CHOICE] + kinds[Kind.SHORT] >= 40
    assert set(bank.topics()) == TOPICS
    assert {q.difficulty for q in bank} == {1, 2, 3}


def test_every_seed_item_is_covered(bank: QuestionBank) -> None:
    assert len(SEED) >= 50
    missing = [qid for ids in SEED.values() for qid in ids if qid not in bank]
    assert not missing
    for item, ids in SEED.items():
        kinds = {bank.get(qid).kind for qid in ids}
        assert kinds & {Kind.CHOICE, Kind.SHORT, Kind.CODE}, f"{item}: nothing auto-graded"


def test_conceptual_items_have_a_check_and_a_discussion(bank: QuestionBank) -> None:
    for item, ids in SEED.items():
        kinds = {bank.get(qid).kind for qid in ids}
        if Kind.CODE not in kinds:
            assert Kind.OPEN in kinds, f"{item}: no discussion prompt"


def test_ids_follow_the_convention(bank: QuestionBank) -> None:
    suffix = {Kind.CHOICE: "check", Kind.SHORT: "check", Kind.OPEN: "discuss", Kind.CODE: "code"}
    for q in bank:
        assert q.id.startswith(q.topic + "."), q.id
        assert q.id.endswith("." + suffix[q.kind]), q.id
        assert q.source.endswith(f"{q.topic}.toml")


def test_questions_are_complete(bank: QuestionBank) -> None:
    for q in bank:
        assert q.prompt and q.explanation and q.title and q.tags, q.id
        spec = q.spec
        if isinstance(spec, CodeSpec):
            assert len(spec.tests) >= 5, q.id
            assert spec.examples, q.id
            assert spec.entry_point in spec.signature and spec.entry_point in spec.reference
            assert spec.entry_point in q.prompt, q.id
            assert 0 < spec.time_limit <= 5
        elif isinstance(spec, OpenSpec):
            assert len(spec.key_points) >= 3, q.id
        elif isinstance(spec, ChoiceSpec):
            assert len(set(spec.options)) == len(spec.options), q.id
        else:
            assert isinstance(spec, ShortSpec) and spec.accepted


def test_every_question_can_be_served(bank: QuestionBank) -> None:
    assert len(unseen_in_cycle(bank.questions, [])) == len(bank)


SHORT_QUESTIONS = [q for q in load_bank([bundled_bank_dir()]) if isinstance(q.spec, ShortSpec)]


@pytest.mark.parametrize("q", SHORT_QUESTIONS, ids=lambda q: q.id)
def test_short_questions_carry_right_and_wrong_phrasings(q) -> None:  # type: ignore[no-untyped-def]
    """Each short question lists answers to accept and to refuse; the real grader agrees."""
    spec = q.spec
    assert len(spec.must_accept) >= 4 and len(spec.must_reject) >= 4, q.id
    assert spec.pattern is None, f"{q.id}: use accepted/context instead of a regex"
    wrongly_refused = [a for a in spec.must_accept if not grade_text(q, a).correct]
    wrongly_accepted = [a for a in spec.must_reject if grade_text(q, a).correct]
    assert (wrongly_refused, wrongly_accepted) == ([], [])
    assert grade_text(q, spec.accepted[0]).correct


def _distinctive(text: str) -> bool:
    """An answer worth hiding: a number or formula ("504", "O(1)") or several words."""
    return (len(text) >= 3 and any(c.isdigit() for c in text)) or len(text.split()) >= 2


def _answer_texts(q: Question) -> list[str]:
    spec = q.spec
    if isinstance(spec, ChoiceSpec):
        return [spec.options[i] for i in sorted(spec.correct)]
    if isinstance(spec, ShortSpec):
        return list(spec.accepted)
    return []


def _shown_before_the_reveal(q: Question) -> str:
    parts = [q.title, q.prompt]
    if isinstance(q.spec, CodeSpec):
        for t in q.spec.examples:
            parts += [t.check or "", repr(t.args), repr(t.expected), str(t.expected)]
    return "\n".join(parts)


def test_no_question_gives_another_away(bank: QuestionBank) -> None:
    """No auto-graded answer appears verbatim in another question's title, prompt or examples."""
    shown = {q.id: _shown_before_the_reveal(q) for q in bank}
    leaks = []
    for q in bank:
        for text in filter(_distinctive, _answer_texts(q)):
            pattern = re.compile(rf"(?<!\w){re.escape(text)}(?!\w)", re.IGNORECASE)
            leaks += [f"{q.id}: {text!r} in {other}" for other in shown if other != q.id
                      and pattern.search(shown[other])]  # fmt: skip
    assert leaks == []
