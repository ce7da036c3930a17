"""Loading question files: every kind of malformed file gives an error naming file, id and field."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from bot.bank import BankError, QuestionBank, load_bank
from bot.bank.model import ChoiceSpec, CodeSpec, Kind, OpenSpec, ShortSpec

CHOICE = """
[[question]]
id = "t.choice"
kind = "choice"
difficulty = 1
title = "Pick"
prompt = "Which?"
explanation = "Because."
tags = ["x"]
[question.choice]
options = ["a", "b", "c", "d"]
correct = ["B", "d"]
"""

SHORT = """
[[question]]
id = "t.short"
kind = "short"
difficulty = 2
title = "Number"
prompt = "How many?"
explanation = "Four."
[question.short]
accepted = ["4", "four"]
pattern = "fo+ur"
tolerance = 0.5
"""

CODE = """
[[question]]
id = "t.code"
kind = "code"
difficulty = 3
title = "Add"
prompt = "Add."
explanation = "a + b"
[question.code]
entry_point = "add"
signature = "def add(a, b)"
time_limit = 1.5
reference = '''
def add(a, b):
    return a + b
'''
[[question.code.examples]]
args = [1, 2]
expected = 3
[[question.code.tests]]
args = [[1], [2]]
expected = [1, 2]
compare = "sorted"
[[question.code.tests]]
check = "assert add(2, 2) == 4"
"""

OPEN = """
[[question]]
id = "t.open"
kind = "open"
difficulty = 2
title = "Discuss"
prompt = "Why?"
explanation = "See the key points."
[question.open]
reference = "Because."
key_points = ["one", "two"]
"""


def write(directory: Path, name: str, text: str) -> Path:
    path = directory / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def problems_of(*dirs: Path) -> list[str]:
    with pytest.raises(BankError) as info:
        load_bank(list(dirs))
    assert isinstance(info.value, ValueError)
    return info.value.problems


def test_valid_file_loads_every_kind(tmp_path: Path) -> None:
    write(tmp_path, "demo.toml", CHOICE + SHORT + CODE + OPEN)
    bank = load_bank([tmp_path])
    assert [q.id for q in bank.questions] == ["t.choice", "t.short", "t.code", "t.open"]
    choice, short, code, open_ = bank.questions
    assert choice.topic == "demo" and choice.kind is Kind.CHOICE and choice.tags == ("x",)
    assert choice.spec == ChoiceSpec(options=("a", "b", "c", "d"), correct=frozenset({1, 3}))
    assert short.spec == ShortSpec(accepted=("4", "four"), pattern="fo+ur", tolerance=0.5)
    assert isinstance(code.spec, CodeSpec) and code.spec.time_limit == 1.5
    assert code.spec.examples[0].args == (1, 2) and code.spec.examples[0].expected == 3
    assert code.spec.tests[0].compare == "sorted" and code.spec.tests[1].check is not None
    assert open_.spec == OpenSpec(reference="Because.", key_points=("one", "two"))
    assert choice.source == str(tmp_path / "demo.toml")


def test_file_topic_and_question_topic_override(tmp_path: Path) -> None:
    write(
        tmp_path,
        "misc.toml",
        'topic = "Web"\n'
        + CHOICE
        + OPEN.replace("[question.open]", 'topic = "other"\n[question.open]'),
    )
    bank = load_bank([tmp_path])
    assert bank.get("t.choice").topic == "web"
    assert bank.get("t.open").topic == "other"


def test_bank_lookup_and_filter(tmp_path: Path) -> None:
    write(tmp_path, "a.toml", CHOICE + SHORT)
    write(tmp_path, "b.toml", OPEN)
    bank = load_bank([tmp_path])
    assert bank.topics() == ["a", "b"]
    assert [q.id for q in bank.filter(["B"])] == ["t.open"]
    assert len(bank.filter([])) == 3 and len(bank.filter(None)) == 3
    assert bank.find("nope") is None
    with pytest.raises(KeyError):
        bank.get("nope")
    assert "t.short" in bank and len(bank) == 3
    with pytest.raises(ValueError):
        QuestionBank([bank.get("t.open"), bank.get("t.open")])


def test_bad_toml_syntax_names_the_file(tmp_path: Path) -> None:
    path = write(tmp_path, "broken.toml", '[[question]]\nid = "x\n')
    (problem,) = problems_of(tmp_path)
    assert problem.startswith(f"{path}: invalid TOML")


def test_missing_field(tmp_path: Path) -> None:
    path = write(tmp_path, "t.toml", CHOICE.replace('title = "Pick"\n', ""))
    assert problems_of(tmp_path) == [f"{path}: question 't.choice': field 'title': missing"]


def test_wrong_type_message_matches_the_promised_format(tmp_path: Path) -> None:
    path = write(tmp_path, "python.toml", CHOICE.replace("difficulty = 1", 'difficulty = "hard"'))
    assert problems_of(tmp_path) == [
        f"{path}: question 't.choice': field 'difficulty': expected an integer 1-3, got 'hard'"
    ]


def test_unknown_kind(tmp_path: Path) -> None:
    write(tmp_path, "t.toml", OPEN.replace('kind = "open"', 'kind = "essay"'))
    (problem,) = problems_of(tmp_path)
    assert "question 't.open': field 'kind': expected one of choice, code, open, short" in problem
    assert "'essay'" in problem


def test_duplicate_id_across_files(tmp_path: Path) -> None:
    write(tmp_path, "a.toml", OPEN)
    second = write(tmp_path, "b.toml", OPEN)
    (problem,) = problems_of(tmp_path)
    assert problem.startswith(f"{second}: question 't.open': field 'id': duplicate id")
    assert str(tmp_path / "a.toml") in problem


def test_duplicate_id_in_other_directory(tmp_path: Path) -> None:
    (tmp_path / "one").mkdir()
    (tmp_path / "two").mkdir()
    write(tmp_path / "one", "a.toml", SHORT)
    write(tmp_path / "two", "a.toml", SHORT)
    (problem,) = problems_of(tmp_path / "one", tmp_path / "two")
    assert "question 't.short': field 'id': duplicate id" in problem


def test_choice_correct_out_of_range(tmp_path: Path) -> None:
    write(tmp_path, "t.toml", CHOICE.replace('correct = ["B", "d"]', 'correct = "E"'))
    (problem,) = problems_of(tmp_path)
    assert "question 't.choice': field 'choice.correct': option 'E' is out of range" in problem
    assert "A-D" in problem


def test_code_question_without_tests(tmp_path: Path) -> None:
    text = CODE.split("[[question.code.tests]]")[0]
    write(tmp_path, "t.toml", text)
    assert problems_of(tmp_path) == [
        f"{tmp_path / 't.toml'}: question 't.code': field 'code.tests': missing"
    ]
    write(tmp_path, "t.toml", text.replace("[question.code]", "[question.code]\ntests = []"))
    (problem,) = problems_of(tmp_path)
    assert "field 'code.tests': expected at least one test" in problem


def test_bad_regex(tmp_path: Path) -> None:
    write(tmp_path, "t.toml", SHORT.replace('pattern = "fo+ur"', 'pattern = "fo(ur"'))
    (problem,) = problems_of(tmp_path)
    assert "question 't.short': field 'short.pattern': invalid regular expression" in problem


def test_reference_with_syntax_error(tmp_path: Path) -> None:
    write(tmp_path, "t.toml", CODE.replace("def add(a, b):\n", "def add(a, b)\n"))
    (problem,) = problems_of(tmp_path)
    assert "question 't.code': field 'code.reference': Python syntax error (line 1)" in problem


def test_test_with_both_check_and_args(tmp_path: Path) -> None:
    write(tmp_path, "t.toml", CODE.replace('check = "assert', 'args = [1]\ncheck = "assert'))
    (problem,) = problems_of(tmp_path)
    assert "field 'code.tests[1].check'" in problem


def test_unknown_and_mismatched_fields_are_reported(tmp_path: Path) -> None:
    text = OPEN.replace('title = "Discuss"', 'title = "Discuss"\ndificulty = 2')
    text += '[question.choice]\noptions = ["a", "b"]\ncorrect = "A"\n'
    write(tmp_path, "t.toml", text)
    problems = problems_of(tmp_path)
    assert any("field 'dificulty': unknown field" in p for p in problems)
    assert any(
        "field 'choice': table [question.choice] does not fit kind 'open'" in p for p in problems
    )


def test_all_problems_of_all_files_are_collected(tmp_path: Path) -> None:
    write(tmp_path, "a.toml", CHOICE.replace("difficulty = 1", "difficulty = 7"))
    write(tmp_path, "b.toml", SHORT.replace('accepted = ["4", "four"]', "accepted = 4"))
    write(tmp_path, "c.toml", "[[question]]\n")  # no id: named by position
    problems = problems_of(tmp_path)
    assert any("a.toml: question 't.choice': field 'difficulty'" in p for p in problems)
    assert any("b.toml: question 't.short': field 'short.accepted'" in p for p in problems)
    assert any("c.toml: question #1: field 'id': missing" in p for p in problems)
    assert (
        len(problems) >= 7
    )  # c.toml alone misses id, kind, difficulty, title, prompt, explanation


def test_missing_directory_is_a_problem(tmp_path: Path) -> None:
    (problem,) = problems_of(tmp_path / "absent")
    assert "absent: no such file or directory" in problem


def test_error_message_lists_every_problem(tmp_path: Path) -> None:
    write(tmp_path, "a.toml", CHOICE.replace('title = "Pick"\n', "").replace("difficulty = 1", ""))
    with pytest.raises(BankError) as info:
        load_bank([tmp_path])
    text = str(info.value)
    assert text.startswith("2 problems in the question bank:")
    assert "field 'title'" in text and "field 'difficulty'" in text


def test_binary_and_misnamed_files_are_problems_not_crashes(tmp_path: Path) -> None:
    (tmp_path / "image.toml").write_bytes(b"\x89PNG\r\n\x1a\n\xff\xfe" * 20)
    (tmp_path / "folder.toml").mkdir()  # a folder named like a question file is not read
    with pytest.raises(BankError) as info:
        load_bank([tmp_path])
    assert len(info.value.problems) == 1
    assert "image.toml: cannot read" in info.value.problems[0]


# -- where the bundled bank is found ----------------------------------------------------------


def test_the_bundled_bank_is_the_checkout_s_questions_folder(monkeypatch) -> None:
    from bot.bank import paths

    monkeypatch.delenv(paths.ENV_VAR, raising=False)
    monkeypatch.setattr(paths, "installed_bank_dir", lambda: None)
    assert paths.bundled_bank_dir() == Path(__file__).resolve().parents[2] / "questions"
    assert paths.bundled_bank_origin() == "in the studybot checkout"


def test_an_installed_bank_comes_before_the_checkout(monkeypatch, tmp_path: Path) -> None:
    from bot.bank import paths

    monkeypatch.delenv(paths.ENV_VAR, raising=False)
    monkeypatch.setattr(paths, "installed_bank_dir", lambda: tmp_path)
    assert paths.bundled_bank_dir() == tmp_path
    assert paths.bundled_bank_origin() == "inside the installed package"


def test_the_environment_variable_comes_first(monkeypatch, tmp_path: Path) -> None:
    from bot.bank import paths

    monkeypatch.setenv(paths.ENV_VAR, str(tmp_path))
    monkeypatch.setattr(paths, "installed_bank_dir", lambda: tmp_path / "installed")
    assert paths.bundled_bank_dir() == tmp_path
    assert paths.bundled_bank_origin() == "set by $STUDYBOT_QUESTIONS"


def test_in_a_checkout_there_is_no_installed_bank() -> None:
    from bot.bank import paths

    assert not (Path(paths.__file__).resolve().parents[1] / "questions").exists()
    assert paths.installed_bank_dir() is None


@pytest.mark.parametrize(
    ("questions", "message"),
    [
        ({"bundled": False}, "no question bank: [questions] bundled = false and dirs is empty"),
        ({"bundled": False, "dirs": ["{tmp}/gone"]}, "{tmp}/gone (from questions.dirs) does not"),
        ({"bundled": False, "dirs": ["{tmp}/empty"]}, "{tmp}/empty (from questions.dirs) has no"),
        ({"bundled": False, "dirs": ["{tmp}/bad"]}, "bad question file: {tmp}/bad/demo.toml"),
    ],
)
def test_the_configured_bank_fails_in_one_line(tmp_path: Path, questions, message) -> None:
    from bot.app import StartupError, load_configured_bank
    from bot.config import config_from_dict
    from tests.conftest import SMALL_BANK, write_bank

    (tmp_path / "empty").mkdir()
    write_bank(tmp_path / "bad", SMALL_BANK.replace("difficulty = 2", "difficulty = 9"))
    raw = {
        k: [d.format(tmp=tmp_path) for d in v] if k == "dirs" else v for k, v in questions.items()
    }
    with pytest.raises(StartupError) as info:
        load_configured_bank(config_from_dict({"questions": raw}))
    assert message.format(tmp=tmp_path) in str(info.value)
    assert "\n" not in str(info.value)


def test_short_examples_are_graded_at_load_time(tmp_path: Path) -> None:
    text = SHORT.replace('pattern = "fo+ur"\ntolerance = 0.5\n', "").replace(
        'accepted = ["4", "four"]',
        'accepted = ["4"]\ncontext = ["rows"]\nmust_accept = ["4 rows", "five"]\n'
        'must_reject = ["3", "four rows"]',
    )
    write(tmp_path, "t.toml", text)
    path = tmp_path / "t.toml"
    assert problems_of(tmp_path) == [
        f"{path}: question 't.short': field 'short.must_accept[1]': 'five' is graded wrong",
        f"{path}: question 't.short': field 'short.must_reject[1]': 'four rows' is graded correct",
    ]


def test_short_context_and_command_fields_are_checked(tmp_path: Path) -> None:
    text = SHORT.replace('pattern = "fo+ur"\ntolerance = 0.5\n', "").replace(
        'accepted = ["4", "four"]',
        'accepted = ["4", "rows"]\ncontext = ["rows", "not", "not five"]\nextra_options = ["f"]\n'
        'command = "yes"',
    )
    write(tmp_path, "t.toml", text)
    problems = problems_of(tmp_path)
    assert any("field 'short.command': expected true or false, got 'yes'" in p for p in problems)
    assert any("field 'short.context[1]': 'not' holds a negation (not)" in p for p in problems)
    assert any("field 'short.extra_options': only for command answers" in p for p in problems)
    fixed = text.replace(', "not"', "").replace('command = "yes"', "")
    write(tmp_path, "t.toml", fixed.replace('extra_options = ["f"]\n', ""))
    (problem,) = problems_of(tmp_path)
    assert "field 'short.accepted[1]': 'rows' is only context words: nothing to match" in problem


def test_heavy_tests_and_wrong_solutions_are_checked(tmp_path: Path) -> None:
    text = CODE.replace("[[question.code.examples]]", "[[question.code.examples]]\nheavy = true")
    text += "[[question.code.tests]]\nheavy = true\nargs = [2, 2]\nexpected = 4\n"
    text += "[[question.code.tests]]\nargs = [1, 1]\nexpected = 2\n"
    text += '[[question.code.wrong]]\nname = "minus"\ncode = "def add(a, b) return a - b"\n'
    text += '[[question.code.wrong]]\ncode = "def add(a, b):\\n    return 0\\n"\n'
    write(tmp_path, "t.toml", text)
    problems = problems_of(tmp_path)
    assert any("field 'code.examples[0].heavy': examples run first" in p for p in problems)
    assert any("field 'code.tests[3].heavy': a light test after a heavy one" in p for p in problems)
    assert any("field 'code.wrong[0].code': Python syntax error" in p for p in problems)
    assert any("field 'code.wrong[1].name': missing" in p for p in problems)
