"""Escape and abuse attempts through the language layer: each is refused or stopped within its
limits, the bot's token never shows, and the sandbox keeps working afterwards."""

from __future__ import annotations

import dataclasses
import os

import pytest
from sandbox_support import FAKE_TOKEN, TEST_SETTINGS, assert_no_secret

from bot.sandbox import ProcessSandbox, RunResult, RunStatus

pytestmark = pytest.mark.asyncio(loop_scope="module")

C, E, T, M, OUT = (
    RunStatus.COMPILE_ERROR,
    RunStatus.ERROR,
    RunStatus.TIMEOUT,
    RunStatus.MEMORY,
    RunStatus.OUTPUT_LIMIT,
)

# Why an attack was stopped. Evidence is the refusal text, or a tuple of alternatives (which of
# the CPU and wall-clock limits fires first depends on how busy the machine is).
Evidence = str | tuple[str, ...]
STR_FORMAT = "Using the format*() methods of `str` is not safe"
NO_ASSIGNED = "got an unexpected keyword argument 'assigned'"  # functools' guarded replacements
TIME_LIMIT = (
    f"used more than {TEST_SETTINGS.cpu_seconds} s of CPU time.",
    f"ran longer than {TEST_SETTINGS.wall_seconds:g} s.",
)
MEMORY_LIMIT = ("MemoryError", f"used more than {TEST_SETTINGS.memory_mb} MB.")
OUTPUT_LIMIT = f"printed more than {TEST_SETTINGS.output_bytes // 1024} KB."


def bad_attr(name: str) -> str:
    return f'"{name}" is an invalid attribute name'


def restricted(name: str) -> str:
    return f'"{name}" is a restricted name'


def refused(module: str) -> str:
    return f"PolicyError: import of '{module}' is not allowed"


def no_export(name: str, module: str) -> str:
    return f"ImportError: cannot import name '{name}' from '{module}'"


def not_here(what: str) -> str:
    return f"AttributeError: {what} is not allowed here"


def undefined(name: str) -> str:
    return f"NameError: name '{name}' is not defined"


# (id, program, status, evidence). The evidence must appear in the compile errors, or in the
# last traceback line (the exception itself, never the echoed source line), so an entry fails if
# the policy moves and the attack gets further, or is stopped for another reason.
#
# Some attacks aim at the process layer, but the language layer refuses them first (their
# import of os or time), so test_process_limits.py runs each of them unrestricted too:
#   kill-parent       -> test_cannot_kill_the_template_or_the_bot
#   fork-bomb         -> test_fork_bomb_gets_no_process
#   import-subprocess -> test_no_process_can_be_spawned
#   sleep             -> test_wall_clock_kills_a_sleeping_program
#   os-environ-token  -> test_environment_is_empty
# The resource abuses (CPU, memory, output, recursion) reach the process layer even here; their
# unrestricted twins are test_cpu_limit_stops_a_busy_loop_before_the_wall_clock,
# test_memory_limit and test_output_flood_below_python_is_cut.
ATTACKS: list[tuple[str, str, RunStatus, Evidence]] = [
    # dunder traversal
    (
        "subclasses",
        "print(().__class__.__bases__[0].__subclasses__())",
        C,
        bad_attr("__subclasses__"),
    ),
    (
        "subclasses-getattr",
        "print(getattr(getattr((), '__class__'), '__subclasses__'))",
        E,
        bad_attr("__class__"),
    ),
    ("subclasses-concat", "n = '__cl' + 'ass__'\nprint(getattr(1, n))", E, bad_attr("__class__")),
    ("object-subclasses", "print(object.__subclasses__())", C, bad_attr("__subclasses__")),
    ("func-globals", "def f():\n    pass\nprint(f.__globals__)", C, bad_attr("__globals__")),
    (
        "func-globals-getattr",
        "def f():\n    pass\nprint(getattr(f, '__globals__'))",
        E,
        bad_attr("__globals__"),
    ),
    ("builtins-name", "print(__builtins__)", C, '"__builtins__" is an invalid variable name'),
    ("builtin-self", "print(getattr(len, '__self__'))", E, bad_attr("__self__")),
    ("method-self", "print([].append.__self__)", C, bad_attr("__self__")),
    (
        "dunder-import",
        "__import__('os').system('id')",
        C,
        '"__import__" is an invalid variable name',
    ),
    (
        "enum-mro-dunders",
        "import re\nEnum = type(re.I).mro()[5]\n"
        "E = Enum('E', [('__str__', lambda s: 'PWNED'), ('a', 1)])\nprint(E.a)",
        E,
        not_here("mro"),
    ),
    ("mro-getattr", "print(getattr(int, 'mro')())", E, not_here("mro")),
    (
        "hasattr-probe",
        "print(hasattr(1, '__class__'))\nprint(getattr(1, '__class__'))",
        E,
        bad_attr("__class__"),
    ),
    # imports
    ("import-os", "import os\nprint(os.environ)", E, refused("os")),
    ("import-sys", "import sys\nprint(sys.modules)", E, refused("sys")),
    ("import-subprocess", "import subprocess\nsubprocess.run(['id'])", E, refused("subprocess")),
    ("import-socket", "import socket\nsocket.socket()", E, refused("socket")),
    ("import-ctypes", "import ctypes", E, refused("ctypes")),
    (
        "import-importlib",
        "import importlib\nimportlib.import_module('os')",
        E,
        refused("importlib"),
    ),
    (
        "import-builtins",
        "import builtins\nbuiltins.open('/etc/passwd')",
        C,
        '"builtins" is a reserved name',
    ),
    ("from-os-environ", "from os import environ\nprint(environ)", E, refused("os")),
    (
        "from-typing-sys",
        "from typing import sys\nprint(sys.modules)",
        E,
        no_export("sys", "typing"),
    ),
    (
        "module-attr-sys",
        "import typing\nprint(typing.sys.modules['os'].environ)",
        E,
        "module 'typing' has no attribute 'sys'",
    ),
    (
        "module-attr-builtins",
        "import dataclasses\nprint(dataclasses.builtins.open)",
        E,
        "module 'dataclasses' has no attribute 'builtins'",
    ),
    ("module-attr-private", "import random\nprint(random._os.environ)", C, bad_attr("_os")),
    ("relative-import", "from . import x", E, refused("")),
    # files and environment
    ("open-passwd", "print(open('/etc/passwd').read())", E, undefined("open")),
    ("proc-environ", "print(open('/proc/self/environ').read())", E, undefined("open")),
    ("os-environ-token", "import os\nprint(os.environ['DISCORD_TOKEN'])", E, refused("os")),
    # string formatting
    ("str-format", "print('{0.__class__.__bases__}'.format(1))", E, STR_FORMAT),
    ("str-format-map", "print('{x.__class__}'.format_map({'x': 1}))", E, STR_FORMAT),
    ("str-format-unbound", "print(str.format('{0.__class__}', 1))", E, STR_FORMAT),
    (
        "userstring-format",
        "from collections import UserString\nprint(UserString('{0.__class__}').format(1))",
        E,
        no_export("UserString", "collections"),
    ),
    (
        "userstring-format-attr",
        "import collections\nprint(collections.UserString('{0.__globals__}').format(print))",
        E,
        not_here("collections.UserString"),
    ),
    ("fstring-attr", "print(f'{().__class__}')", C, bad_attr("__class__")),
    (
        "string-formatter",
        "import string\nprint(string.Formatter().format('{0.__class__}', 1))",
        E,
        not_here("string.Formatter"),
    ),
    # frames
    (
        "gi-frame",
        "def g():\n    yield 1\nprint(g().gi_frame.f_back.f_globals)",
        C,
        restricted("gi_frame"),
    ),
    (
        "gi-frame-getattr",
        "def g():\n    yield 1\nprint(getattr(g(), 'gi_frame'))",
        E,
        restricted("gi_frame"),
    ),
    ("gi-code", "def g():\n    yield 1\nprint(g().gi_code)", C, restricted("gi_code")),
    (
        "tb-frame",
        "try:\n    1 / 0\nexcept Exception as e:\n    print(e.__traceback__.tb_frame.f_globals)",
        C,
        bad_attr("__traceback__"),
    ),
    (
        "tb-getattr",
        "try:\n    1 / 0\nexcept Exception as e:\n    print(getattr(e, '__traceback__'))",
        E,
        bad_attr("__traceback__"),
    ),
    # type and metaclass tricks (`type` is a guarded function: subclassing it conflicts)
    (
        "type-3-args",
        "X = type('X', (), {'y': 1})\nprint(X)",
        E,
        "takes 1 positional argument but 3 were given",
    ),
    (
        "type-of-class",
        "T = type(int)\nprint(T('X', (), {}))",
        E,
        "type() of a class is not available here",
    ),
    (
        "typing-get-origin",
        "import typing\nprint(typing.get_origin(typing.Type))",
        E,
        not_here("typing.get_origin"),
    ),
    (
        "make-dataclass-dunder",
        "import dataclasses\n"
        "X = dataclasses.make_dataclass('X', [], namespace={'__getattr__': print})\nprint(X)",
        E,
        "names starting with '_' are not allowed",
    ),
    (
        "str-subclass-format",
        "class S(str):\n    pass\nprint(S('{0.__class__}').format(1))",
        E,
        STR_FORMAT,
    ),
    ("subclass-type", "class Meta(type):\n    pass", E, "TypeError: metaclass conflict"),
    (
        "metaclass-kw",
        "class A(metaclass=type):\n    pass",
        C,
        'The keyword argument "metaclass" is not allowed',
    ),
    (
        "attrgetter",
        "import operator\nprint(operator.attrgetter('__class__')(1))",
        E,
        not_here("operator.attrgetter"),
    ),
    (
        "methodcaller",
        "import operator\nprint(operator.methodcaller('__dir__')(1))",
        E,
        not_here("operator.methodcaller"),
    ),
    (
        "get-type-hints-eval",
        "import typing\ndef f(x: '().__class__.__base__'):\n    pass\nprint(typing.get_type_hints(f))",
        E,
        not_here("typing.get_type_hints"),
    ),
    (
        "singledispatch",
        "from functools import singledispatch\nprint(singledispatch)",
        E,
        no_export("singledispatch", "functools"),
    ),
    (
        "wraps-globals",
        "import functools, json\ndef g():\n    pass\n"
        "functools.update_wrapper(g, json.dumps, assigned=(), updated=('__globals__',))\n"
        "def h():\n    return open('/etc/passwd').read()\nprint(h())",
        E,
        NO_ASSIGNED,
    ),
    (
        "wraps-globals-from-import",
        "from functools import wraps\nimport json\ndef g():\n    pass\n"
        "wraps(json.dumps, assigned=('__globals__',))(g)\nprint(g)",
        E,
        NO_ASSIGNED,
    ),
    (
        "from-import-denied",
        "from operator import attrgetter\nprint(attrgetter('__class__')(1))",
        E,
        no_export("attrgetter", "operator"),
    ),
    (
        "class-write",
        "import json\njson.JSONEncoder.encode = lambda self, o: 'forged'",
        E,
        "class JSONEncoder is read-only",
    ),
    (
        "class-setattr",
        "import fractions\nsetattr(fractions.Fraction, 'limit_denominator', 1)",
        E,
        "class Fraction is read-only",
    ),
    (
        "dataclass-foreign",
        "import dataclasses, fractions\ndataclasses.dataclass(fractions.Fraction)",
        E,
        "dataclass can only decorate classes defined in your code",
    ),
    (
        "total-ordering-foreign",
        "import functools, string\nfunctools.total_ordering(string.Template)",
        E,
        "total_ordering can only decorate classes defined in your code",
    ),
    (
        "wraps-foreign-class",
        "import functools, json\nfunctools.update_wrapper(json.JSONEncoder, print)",
        E,
        "the wrapper must be a function of yours",
    ),
    ("module-write", "import math\nmath.floor = print", E, "modules are read-only"),
    ("module-setattr", "import json\nsetattr(json, 'dumps', print)", E, "modules are read-only"),
    # forbidden builtins
    ("eval", "print(eval('1 + 1'))", C, "Eval calls are not allowed"),
    ("exec", "exec('import os')", C, "Exec calls are not allowed"),
    ("compile", "print(compile('1', 'x', 'eval'))", E, undefined("compile")),
    ("globals", "print(globals())", E, undefined("globals")),
    ("vars", "print(vars())", E, undefined("vars")),
    ("breakpoint", "breakpoint()", C, '"breakpoint" is a reserved name'),
    ("input", "print(input())", E, undefined("input")),
    ("exit", "exit(0)", E, undefined("exit")),
    # the parent (process layer: test_cannot_kill_the_template_or_the_bot)
    ("kill-parent", "import os, signal\nos.kill(os.getppid(), signal.SIGKILL)", E, refused("os")),
    # resource abuse
    ("infinite-loop", "while True:\n    pass", T, TIME_LIMIT),
    ("regex-backtracking", "import re\nprint(re.match('(a+)+$', 'a' * 64 + 'b'))", T, TIME_LIMIT),
    ("huge-power", "print(len(str(9 ** 9 ** 9)))", T, TIME_LIMIT),
    ("memory-list", "x = [0] * 10 ** 9", M, MEMORY_LIMIT),
    ("memory-grow", "x = []\nwhile True:\n    x.append(' ' * 10 ** 6)", M, MEMORY_LIMIT),
    ("memory-bytearray", "x = bytearray(10 ** 10)", M, MEMORY_LIMIT),
    ("output-flood-once", "print('A' * 10 ** 7)", OUT, OUTPUT_LIMIT),
    ("output-flood-loop", "while True:\n    print('spam, spam, spam')", OUT, OUTPUT_LIMIT),
    (
        "deep-recursion",
        "def f(n):\n    return f(n + 1)\nf(0)",
        E,
        "RecursionError: maximum recursion depth exceeded",
    ),
    ("fork-bomb", "import os\nwhile True:\n    os.fork()", E, refused("os")),
    ("sleep", "import time\ntime.sleep(3600)", E, refused("time")),
    (
        "catch-everything",
        "while True:\n    try:\n        while True:\n            pass\n    except:\n        pass",
        T,
        TIME_LIMIT,
    ),
]


async def test_there_are_at_least_forty_attacks() -> None:
    assert len(ATTACKS) >= 40
    assert len({a[0] for a in ATTACKS}) == len(ATTACKS)


def stop_reason(result: RunResult) -> str:
    """The compile errors, or the last traceback line: what the member is told stopped them."""
    if result.status is RunStatus.COMPILE_ERROR:
        return result.traceback
    lines = result.traceback.strip().splitlines()
    return lines[-1] if lines else ""


@pytest.mark.parametrize(
    ("code", "status", "evidence"), [a[1:] for a in ATTACKS], ids=[a[0] for a in ATTACKS]
)
async def test_attack_is_refused_or_stopped(
    sandbox: ProcessSandbox, code: str, status: RunStatus, evidence: Evidence
) -> None:
    result = await sandbox.run(code)
    why = (result.status, result.stdout, result.traceback)
    assert result.status is status, why
    alternatives = (evidence,) if isinstance(evidence, str) else evidence
    assert any(text in stop_reason(result) for text in alternatives), why
    assert_no_secret(result)
    assert "root:x:0:0" not in result.stdout
    # Stopped within its limits (plus scheduling slack on a busy machine).
    assert result.duration < TEST_SETTINGS.wall_seconds + 1.0


async def test_the_bot_process_is_unharmed_and_the_sandbox_still_works(
    sandbox: ProcessSandbox,
) -> None:
    for code in [a[1] for a in ATTACKS if "kill" in a[0] or "fork" in a[0]]:
        await sandbox.run(code)
    assert os.environ["DISCORD_TOKEN"] == FAKE_TOKEN
    result = await sandbox.run("print(sum(range(10)))")
    assert result.ok and result.stdout == "45\n"


async def test_refusals_explain_themselves(sandbox: ProcessSandbox) -> None:
    result = await sandbox.run("import os")
    assert "import of 'os' is not allowed" in result.traceback
    assert "math" in result.traceback  # the allowlist is shown
    result = await sandbox.run("print(().__class__)")
    assert '"__class__" is an invalid attribute name' in result.traceback


async def test_member_code_cannot_reach_the_template_through_the_traceback(
    sandbox: ProcessSandbox,
) -> None:
    result = await sandbox.run("def f():\n    return 1 / 0\nf()")
    assert result.status is RunStatus.ERROR
    assert 'File "<snippet>", line 2, in f' in result.traceback
    assert "bot/sandbox" not in result.traceback  # trimmed to the member's own frames
    assert result.traceback.rstrip().endswith("ZeroDivisionError: division by zero")


async def test_dangerous_modules_stay_refused_even_if_configured() -> None:
    settings = dataclasses.replace(TEST_SETTINGS, allowed_modules=("math", "os", "sys", "inspect"))
    box = ProcessSandbox(settings)
    await box.start()
    try:
        for name in ("os", "sys", "inspect"):
            result = await box.run(f"import {name}")
            assert result.status is RunStatus.ERROR and "not allowed" in result.traceback
        assert (await box.run("import math\nprint(math.e > 2)")).stdout == "True\n"
    finally:
        await box.close()
