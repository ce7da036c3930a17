"""QuestionBank: the loaded, validated questions, looked up by id and filtered by topic."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from types import MappingProxyType

from bot.bank.model import Question


class QuestionBank:
    """An immutable collection of questions with unique ids, in file order."""

    __slots__ = ("_by_id", "_questions")

    def __init__(self, questions: Iterable[Question] = ()) -> None:
        qs = tuple(questions)
        by_id: dict[str, Question] = {}
        for q in qs:
            if q.id in by_id:
                raise ValueError(f"duplicate question id {q.id!r}")
            by_id[q.id] = q
        self._questions = qs
        self._by_id: Mapping[str, Question] = MappingProxyType(by_id)

    @property
    def questions(self) -> tuple[Question, ...]:
        return self._questions

    def __len__(self) -> int:
        return len(self._questions)

    def __iter__(self) -> Iterator[Question]:
        return iter(self._questions)

    def __contains__(self, question_id: object) -> bool:
        return question_id in self._by_id

    def get(self, question_id: str) -> Question:
        """The question with this id; raises KeyError when there is none."""
        try:
            return self._by_id[question_id]
        except KeyError:
            raise KeyError(f"no question with id {question_id!r}") from None

    def find(self, question_id: str) -> Question | None:
        """The question with this id, or None."""
        return self._by_id.get(question_id)

    def topics(self) -> list[str]:
        """Distinct topics, sorted."""
        return sorted({q.topic for q in self._questions})

    def filter(self, topics: Iterable[str] | None = None) -> list[Question]:
        """Questions whose topic is in `topics` (case-insensitive); all when it is empty/None."""
        wanted = {t.strip().lower() for t in topics or () if t.strip()}
        if not wanted:
            return list(self._questions)
        return [q for q in self._questions if q.topic.lower() in wanted]

    def __repr__(self) -> str:
        return f"QuestionBank({len(self._questions)} questions, topics={self.topics()})"
