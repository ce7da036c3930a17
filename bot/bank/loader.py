"""Load question files (TOML, one per topic) into a validated QuestionBank.

The schema is documented in questions/README.md. Every problem of every file is collected and raised
together as one BankError whose lines name the file, the question id and the field.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from bot.bank.bank import QuestionBank
from bot.bank.errors import BankError
from bot.bank.fields import Fields
from bot.bank.model import (
    ChoiceSpec,
    CodeSpec,
    CodeTest,
    Kind,
    OpenSpec,
    Question,
    ShortSpec,
)

ID_RE = re.compile(r"[a-z0-9][a-z0-9_.-]*")
FILE_KEYS = {"topic", "question"}
COMMON_KEYS = {"id", "kind", "topic", "difficulty", "title", "prompt", "explanation", "tags"}
KIND_KEYS = {k.value for k in Kind}
COMPARE_MODES = ("exact", "sorted", "set")
MAX_TIME_LIMIT = 30.0


def question_files(dirs: Sequence[Path | str]) -> tuple[list[Path], list[str]]:
    """The *.toml files of the given directories (or files), sorted; and missing paths."""
    files: list[Path] = []
    problems: list[str] = []
    for entry in dirs:
        path = Path(entry)
        if path.is_dir():
            files.extend(sorted(p for p in path.glob("*.toml") if p.is_file()))
        elif path.is_file():
            files.append(path)
        else:
            problems.append(f"{path}: no such file or directory")
    return files, problems


def load_questions(dirs: Sequence[Path | str]) -> tuple[list[Question], list[str]]:
    """Every valid question of `dirs` (first definition wins for duplicate ids) and every problem."""
    files, problems = question_files(dirs)
    questions: list[Question] = []
    seen: dict[str, str] = {}
    for path in files:
        file_questions, file_problems = load_file(path)
        problems.extend(file_problems)
        for q in file_questions:
            if q.id in seen:
                problems.append(
                    f"{path}: question {q.id!r}: field 'id': duplicate id, "
                    f"already defined in {seen[q.id]}"
                )
                continue
            seen[q.id] = str(path)
            questions.append(q)
    return questions, problems


def load_bank(dirs: Sequence[Path | str]) -> QuestionBank:
    """Read every *.toml of `dirs` into a QuestionBank; raise BankError listing every problem."""
    questions, problems = load_questions(dirs)
    if problems:
        raise BankError(problems)
    return QuestionBank(questions)


def load_file(path: Path) -> tuple[list[Question], list[str]]:
    """Parse one file; returns its valid questions and the problems of the invalid ones."""
    label = str(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        return [], [f"{label}: invalid TOML: {exc}"]
    except (OSError, UnicodeDecodeError) as exc:
        return [], [f"{label}: cannot read: {exc}"]
    return parse_document(data, label)


def parse_document(data: dict[str, Any], label: str) -> tuple[list[Question], list[str]]:
    """Validate a parsed TOML document (`label` names it in messages)."""
    problems: list[str] = []
    for key in sorted(set(data) - FILE_KEYS):
        problems.append(
            f"{label}: unknown top-level field {key!r} (expected 'topic', [[question]])"
        )
    default_topic = Path(label).stem.lower()
    if "topic" in data:
        if isinstance(data["topic"], str) and data["topic"].strip():
            default_topic = data["topic"].strip().lower()
        else:
            problems.append(f"{label}: field 'topic': expected a non-empty string")
    blocks = data.get("question", [])
    if not isinstance(blocks, list):
        return [], [*problems, f"{label}: 'question' must be an array of tables: [[question]]"]
    if not blocks:
        problems.append(f"{label}: no [[question]] blocks")
    questions: list[Question] = []
    ids: set[str] = set()
    for index, block in enumerate(blocks, start=1):
        if not isinstance(block, dict):
            problems.append(f"{label}: question #{index}: expected a table")
            continue
        q = _parse_question(block, index, label, default_topic, problems)
        if q is None:
            continue
        if q.id in ids:
            problems.append(f"{label}: question {q.id!r}: field 'id': duplicate id in this file")
            continue
        ids.add(q.id)
        questions.append(q)
    return questions, problems


def _parse_question(
    block: dict[str, Any], index: int, label: str, default_topic: str, problems: list[str]
) -> Question | None:
    raw_id = block.get("id")
    name = repr(raw_id) if isinstance(raw_id, str) and raw_id else f"#{index}"
    f = Fields(block, f"{label}: question {name}")
    qid = f.string("id")
    if qid is not None and not ID_RE.fullmatch(qid):
        f.problem("id", f"expected lowercase letters, digits, '.', '_' or '-', got {qid!r}")
        qid = None
    kind_name = f.choice("kind", KIND_KEYS)
    topic = f.string("topic", required=False) or default_topic
    difficulty = f.integer("difficulty", 1, 3)
    title = f.string("title")
    prompt = f.string("prompt")
    explanation = f.string("explanation")
    tags = f.string_list("tags", required=False) or ()
    for key in sorted(set(block) - COMMON_KEYS - KIND_KEYS):
        f.problem(key, "unknown field")
    for key in sorted((set(block) & KIND_KEYS) - {kind_name}):
        if kind_name is not None:
            f.problem(key, f"table [question.{key}] does not fit kind {kind_name!r}")
    spec = None
    if kind_name is not None:
        table = f.table(kind_name)
        if table is not None:
            sub = f.sub(table, kind_name)
            spec = _SPEC_PARSERS[Kind(kind_name)](sub)
    problems.extend(f.problems)
    if f.problems or None in (qid, kind_name, difficulty, title, prompt, explanation, spec):
        return None
    assert kind_name is not None and spec is not None and qid is not None
    return Question(
        id=qid,
        topic=topic.lower(),
        kind=Kind(kind_name),
        difficulty=difficulty,  # type: ignore[arg-type]
        title=title,  # type: ignore[arg-type]
        prompt=prompt,  # type: ignore[arg-type]
        explanation=explanation,  # type: ignore[arg-type]
        spec=spec,
        tags=tuple(tags),
        source=label,
    )


def _parse_choice(f: Fields) -> ChoiceSpec | None:
    f.reject_unknown({"options", "correct"})
    options = f.string_list("options")
    correct_raw = f.value("correct")
    if options is not None and not 2 <= len(options) <= 10:
        f.problem("options", f"expected 2 to 10 options, got {len(options)}")
        return None
    if correct_raw is None:
        return None
    letters = [correct_raw] if isinstance(correct_raw, str) else correct_raw
    if not isinstance(letters, list) or not letters or not all(isinstance(x, str) for x in letters):
        f.problem("correct", f"expected an option letter or a list of letters, got {correct_raw!r}")
        return None
    if options is None:
        return None
    indexes: set[int] = set()
    last = chr(ord("A") + len(options) - 1)
    for letter in letters:
        idx = ord(letter.strip().upper()) - ord("A") if len(letter.strip()) == 1 else -1
        if not 0 <= idx < len(options):
            f.problem(
                "correct", f"option {letter!r} is out of range ({len(options)} options: A-{last})"
            )
            return None
        indexes.add(idx)
    return ChoiceSpec(options=tuple(options), correct=frozenset(indexes))


def _parse_short(f: Fields) -> ShortSpec | None:
    f.reject_unknown({"accepted", "pattern", "tolerance"})
    raw = f.value("accepted")
    accepted = f.string_list("accepted") if not isinstance(raw, str) else [raw]
    pattern = f.string("pattern", required=False)
    tolerance = f.number("tolerance", required=False, minimum=0.0)
    if accepted is not None and not accepted:
        f.problem("accepted", "expected at least one accepted answer")
        return None
    if pattern is not None:
        try:
            re.compile(pattern)
        except re.error as exc:
            f.problem("pattern", f"invalid regular expression: {exc}")
            return None
    if accepted is None:
        return None
    if tolerance is not None:
        try:
            float(accepted[0])
        except ValueError:
            f.problem(
                "accepted",
                f"with a tolerance the first answer must be a number, got {accepted[0]!r}",
            )
            return None
    return ShortSpec(accepted=tuple(accepted), pattern=pattern, tolerance=tolerance)


def _parse_code(f: Fields) -> CodeSpec | None:
    f.reject_unknown({"entry_point", "signature", "reference", "examples", "tests", "time_limit"})
    entry = f.string("entry_point")
    if entry is not None and not entry.isidentifier():
        f.problem("entry_point", f"expected a Python identifier, got {entry!r}")
    signature = f.string("signature")
    reference = f.string("reference")
    if reference is not None:
        f.compiles("reference", reference)
    time_limit = f.number("time_limit", required=False, minimum=0.1, maximum=MAX_TIME_LIMIT)
    examples = _parse_tests(f, "examples", required=False)
    tests = _parse_tests(f, "tests", required=True)
    if f.problems or None in (entry, signature, reference, examples, tests):
        return None
    return CodeSpec(
        entry_point=entry,  # type: ignore[arg-type]
        signature=signature,  # type: ignore[arg-type]
        reference=reference,  # type: ignore[arg-type]
        examples=examples,  # type: ignore[arg-type]
        tests=tests,  # type: ignore[arg-type]
        time_limit=2.0 if time_limit is None else time_limit,
    )


def _parse_tests(f: Fields, key: str, *, required: bool) -> tuple[CodeTest, ...] | None:
    raw = f.value(key, required=required)
    if raw is None:
        return None if required else ()
    if not isinstance(raw, list) or not all(isinstance(t, dict) for t in raw):
        f.problem(key, f"expected an array of tables [[question.code.{key}]]")
        return None
    if required and not raw:
        f.problem(key, "expected at least one test")
        return None
    tests: list[CodeTest] = []
    for i, table in enumerate(raw):
        t = f.sub(table, f"{key}[{i}]")
        t.reject_unknown({"args", "expected", "check", "compare"})
        compare = t.choice("compare", set(COMPARE_MODES), required=False) or "exact"
        check = t.string("check", required=False)
        if check is not None:
            if "args" in table or "expected" in table:
                t.problem("check", "a test has either 'check' or 'args'/'expected', not both")
                continue
            t.compiles("check", check)
            tests.append(CodeTest(check=check, compare=compare))
            continue
        args = t.value("args", required=False)
        if args is None:
            args = []
        if not isinstance(args, list):
            t.problem("args", f"expected an array of positional arguments, got {args!r}")
            continue
        if "expected" not in table:
            t.problem("expected", "missing (or give a 'check' snippet)")
            continue
        tests.append(CodeTest(args=tuple(args), expected=table["expected"], compare=compare))
    return None if f.problems else tuple(tests)


def _parse_open(f: Fields) -> OpenSpec | None:
    f.reject_unknown({"reference", "key_points"})
    reference = f.string("reference")
    key_points = f.string_list("key_points", required=False) or []
    if reference is None:
        return None
    return OpenSpec(reference=reference, key_points=tuple(key_points))


_SPEC_PARSERS: dict[Kind, Any] = {
    Kind.CHOICE: _parse_choice,
    Kind.SHORT: _parse_short,
    Kind.CODE: _parse_code,
    Kind.OPEN: _parse_open,
}
