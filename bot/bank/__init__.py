"""The question bank: question values, TOML loading and validation, selection and text grading."""

from bot.bank.bank import QuestionBank
from bot.bank.errors import BankError
from bot.bank.grading import TextGrade, answer_text, grade_text
from bot.bank.loader import load_bank
from bot.bank.paths import bundled_bank_dir
from bot.bank.selection import choose_question

__all__ = [
    "BankError",
    "QuestionBank",
    "TextGrade",
    "answer_text",
    "bundled_bank_dir",
    "choose_question",
    "grade_text",
    "load_bank",
]
