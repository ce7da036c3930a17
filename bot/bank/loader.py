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
from bot.bank.model import Kind, Question
from bot.bank.specs import parse_spec

ID_RE = re.compile(r"[a-z0-9][a-z0-9_.-]*")
FILE_KEYS = {"topic", "question"}
COMMON_KEYS = {"id", "kind", "topic", "difficulty", "title", "prompt", "explanation", "tags"}
KIND_KEYS = {k.value for k in Kind}


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
        data = tomllib.loads(path.read_text(encoding="utf-8-sig"))
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
            spec = parse_spec(Kind(kind_name), sub)
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
