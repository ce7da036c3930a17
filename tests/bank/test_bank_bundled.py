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
    "mutable vs immutable": ["python.mutable-immutable.check", "python.mutable-immutable.discuss", "python.tuple-holding-list.check", "python.mutable-default.check"],
    "shallow vs deep copy, implement deepcopy": [
        "python.copy.check", "python.copy.discuss", "python.deepcopy.code", "python.deepcopy-shared.check",
    ],
    "__new__ vs __init__": ["python.new-init.check", "python.new-init.discuss", "python.new-returns-other.check", "python.new-immutable.check"],
    "design patterns": ["python.design-patterns.check", "python.design-patterns.discuss", "python.pattern-observer.check", "python.pattern-strategy.check"],
    "encoding and decoding": ["python.encoding.check", "python.encoding.discuss", "python.decode-error.check", "python.str-len.check"],
    "list comprehensions vs generators": ["python.generators.check", "python.generators.discuss", "python.generator-once.check", "python.yield.check"],
    "decorators, singleton decorator, other singletons": [
        "python.decorators.check", "python.singleton.code", "python.singleton.discuss", "python.wraps.check",
    ],
    "email regex": ["python.email-regex.code", "python.email-regex.check", "python.email-fullmatch.check"],
    "garbage collection": ["python.garbage-collection.check", "python.garbage-collection.discuss", "python.refcount-del.check", "python.gc-module.check"],
    "multiprocessing vs multithreading": [
        "python.processes-threads.check", "python.processes-threads.discuss", "python.gil-io.check", "python.pool-pickle.check",
    ],
    "inter-process communication": ["python.ipc.check", "python.ipc.discuss", "python.ipc-queue.check", "python.ipc-signal.check"],
    "coroutines vs threads": ["python.coroutines.check", "python.coroutines.discuss", "python.await-blocking.check", "python.gather.check"],
    "range vs xrange": ["python.range-xrange.check", "python.range-xrange.discuss", "python.range-len.check", "python.range-slice.check"],
    "IP string to 32-bit integer": ["python.ip-to-int.code", "python.ip-to-int.check", "python.ip-octets.check"],
    "quicksort and heapsort, complexities": [
        "algorithms.quicksort.code", "algorithms.heapsort.code",
        "algorithms.sorting-complexity.check", "algorithms.sorting.discuss",
    ],
    "combinations with spacing d": [
        "algorithms.pairs-with-difference.code", "algorithms.pairs-with-difference.check", "algorithms.pairs-sorted.check",
    ],
    "all combinations of a list": ["algorithms.combinations.code", "algorithms.combinations-count.check", "algorithms.itertools-combinations.check"],
    "one-line sum 1..10**8": ["algorithms.sum-one-line.code", "python.sum-one-line.check", "algorithms.sum-formula.check"],
    "recursive palindrome": ["algorithms.palindrome.code", "algorithms.recursion-depth.check", "algorithms.palindrome-slices.check"],
    "cycle in a singly linked list": [
        "algorithms.linked-list-cycle.code", "algorithms.linked-list.check", "algorithms.cycle-start.check",
    ],
    "quicksort on a singly linked list": ["algorithms.linked-list-quicksort.code", "algorithms.list-merge-sort.check", "algorithms.list-quicksort-worst.check"],
    "median of an unsorted list": ["algorithms.median.code", "algorithms.median.check", "algorithms.median-statistics.check"],
    "directory traversal two ways": [
        "algorithms.tree-dfs.code", "algorithms.tree-bfs.code", "algorithms.tree-traversal.check",
    ],
    "TCP/IP in OSI": ["networking.osi-layers.check", "networking.osi-layers.discuss", "networking.osi-http.check", "networking.osi-mac.check"],
    "persistent connections": [
        "networking.persistent-connection.check", "networking.persistent-connection.discuss", "networking.keepalive-header.check", "networking.tcp-keepalive.check",
    ],
    "select vs epoll": ["networking.select-epoll.check", "networking.select-epoll.discuss", "networking.epoll-complexity.check", "networking.edge-triggered.check"],
    "TCP vs UDP, handshake, termination": [
        "networking.tcp-udp.check", "networking.tcp-handshake.check",
        "networking.tcp-handshake.discuss", "networking.tcp-close.check",
    ],
    "TIME_WAIT": ["networking.time-wait.check", "networking.time-wait.discuss", "networking.time-wait-duration.check", "networking.time-wait-cause.check", "networking.time-wait-fix.check"],
    "HTTP request flow": ["networking.http-flow.check", "networking.http-flow.discuss", "networking.dns-first.check", "networking.tls-order.check"],
    "GET vs POST and other methods": [
        "networking.http-methods.check", "networking.get-post.discuss", "networking.post-safe.check", "networking.get-body.check",
    ],
    "REST": ["networking.rest.check", "networking.rest.discuss", "networking.rest-create.check", "networking.rest-stateless.check"],
    "status codes": [
        "networking.status-codes.check", "networking.status-codes-403.check",
        "networking.status-codes.discuss", "networking.status-304.check",
    ],
    "MySQL locks and deadlocks": [
        "databases.locks-deadlock.check", "databases.locks-deadlock.discuss", "databases.lock-modes.check", "databases.gap-locks.check", "databases.isolation.check",
    ],
    "sharding and partitioning": ["databases.sharding.check", "databases.sharding.discuss", "databases.partition-pruning.check", "databases.shard-key.check"],
    "CHAR, VARCHAR, TEXT": [
        "databases.char-varchar-text.check", "databases.char-varchar-text.discuss", "databases.varchar-length.check", "databases.text-default.check",
    ],
    "JOIN types, LEFT JOIN NULLs": ["databases.left-join.check", "databases.joins.discuss", "databases.inner-join-count.check", "databases.anti-join.check"],
    "index types, B-tree vs hash": ["databases.indexes.check", "databases.indexes.discuss", "databases.leftmost-prefix.check", "databases.covering-index.check"],
    "query optimization": [
        "databases.query-optimization.check", "databases.query-optimization.discuss", "databases.explain-type.check", "databases.n-plus-one.check",
    ],
    "NoSQL and Redis types": ["databases.redis-types.check", "databases.nosql-redis.discuss", "databases.redis-expire.check", "databases.redis-persistence.check"],
    "Linux and git commands": [
        "linux.git-commands.check", "linux.grep.check", "linux.commands.discuss", "linux.git-blame.check", "linux.git-rebase.check", "linux.git-stash.check", "linux.git-bisect.check",
    ],
    "viewing processes": ["linux.processes.check", "linux.ps.check", "linux.processes.discuss", "linux.signals.check", "linux.pgrep.check"],
    "project responsibilities and challenges": [
        "django.project-challenges.check", "django.project-challenges.discuss", "django.project-metrics.check", "django.project-tradeoffs.check",
    ],
    "Django admin, Flask source, open source": [
        "django.admin.check", "django.admin-flask-opensource.discuss", "django.flask-context.check", "django.flask-werkzeug.check", "django.admin-readonly.check",
    ],
    "MVC vs MTV": ["django.mvc-mtv.check", "django.mvc-mtv.discuss", "django.mtv-template.check", "django.url-dispatch.check"],
    "cache usage": ["django.cache.check", "django.cache.discuss", "django.cache-per-view.check", "django.cache-stampede.check"],
    "middleware": ["django.middleware.check", "django.middleware.discuss", "django.middleware-shape.check", "django.middleware-shortcircuit.check"],
    "CSRF and XSS": ["django.csrf.check", "django.xss.check", "django.csrf-xss.discuss", "django.csrf-exempt.check"],
    "login flow": ["django.login-flow.check", "django.login-flow.discuss", "django.password-hasher.check", "django.login-rotation.check"],
    "session vs cookie": ["django.session-cookie.check", "django.session-cookie.discuss", "django.cookie-flags.check", "django.signed-cookies.check"],
    "uWSGI and Nginx": ["django.uwsgi-nginx.check", "django.uwsgi-nginx.discuss", "django.gunicorn-workers.check", "django.nginx-static.check"],
}  # fmt: skip


@pytest.fixture(scope="module")
def bank() -> QuestionBank:
    return load_bank([bundled_bank_dir()])


def test_bundled_bank_is_big_and_balanced(bank: QuestionBank) -> None:
    kinds = Counter(q.kind for q in bank)
    assert len(bank) >= 180
    assert kinds[Kind.CODE] >= 15 and kinds[Kind.SHORT] >= 20
    assert kinds[Kind.OPEN] >= 30 and kinds[Kind.CHOICE] + kinds[Kind.SHORT] >= 40
    assert set(bank.topics()) == TOPICS
    assert {q.difficulty for q in bank} == {1, 2, 3}


def test_every_seed_item_is_covered(bank: QuestionBank) -> None:
    assert len(SEED) >= 50
    missing = [qid for ids in SEED.values() for qid in ids if qid not in bank]
    assert not missing
    assert len({qid for ids in SEED.values() for qid in ids}) == sum(map(len, SEED.values()))
    for item, ids in SEED.items():
        graded = [q for q in ids if bank.get(q).kind in (Kind.CHOICE, Kind.SHORT, Kind.CODE)]
        assert len(graded) >= 3, f"{item}: fewer than 3 auto-graded questions"


def test_thin_areas_are_filled(bank: QuestionBank) -> None:
    """git, MySQL lock types, Flask internals and TIME_WAIT causes each have several questions."""
    tagged = Counter(tag for q in bank for tag in q.tags)
    assert tagged["git"] >= 5 and tagged["flask"] >= 2 and tagged["locks"] >= 3
    assert tagged["time-wait"] >= 4


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
