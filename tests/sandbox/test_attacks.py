"""Escape and abuse attempts through the language layer: each is refused or stopped within its
limits, the bot's token never shows, and the sandbox keeps working afterwards.

The language layer allows underscore names, dunder methods, `vars`, `str.format`... (RELAXED
shows they work); what it refuses are the objects an escape needs: frames, code objects, cells,
globals and builtins, the class graph, the pickle protocol, callable function/code/module types,
metaclasses, writes to stdlib classes, modules and functions, private state of stdlib objects, and
helpers that take attribute names as strings. The seccomp filter of every child is the boundary
behind it (tests/test_seccomp*.py and test_process_limits.py attack it directly).
"""

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
TIME_LIMIT = (
    f"used more than {TEST_SETTINGS.cpu_seconds} s of CPU time.",
    f"ran longer than {TEST_SETTINGS.wall_seconds:g} s.",
)
MEMORY_LIMIT = ("MemoryError", f"used more than {TEST_SETTINGS.memory_mb} MB.")
OUTPUT_LIMIT = f"printed more than {TEST_SETTINGS.output_bytes // 1024} KB."


def restricted(name: str) -> str:
    """A name refused everywhere: at compile time, or by getattr/str.format at run time."""
    return f'"{name}" is a restricted name, not available in the sandbox'


def unavailable(module: str) -> str:
    return f"ModuleNotFoundError: module {module!r} is not available in the sandbox"


def private(name: str, kind: str) -> str:
    """A private attribute of an object that is not the member's own."""
    return f'AttributeError: "{name}" is private to {kind} objects'


# (id, program, status, evidence). The evidence must appear in the compile errors, or in the
# last traceback line (the exception itself, never the echoed source line), so an entry fails if
# the policy moves and the attack gets further, or is stopped for another reason.
#
# Some attacks aim at the process layer, but the language layer refuses them first (their
# import of os), so test_process_limits.py runs each of them unrestricted too:
#   kill-parent       -> test_cannot_kill_the_template_or_the_bot
#   fork-bomb         -> test_fork_bomb_gets_no_process
#   import-subprocess -> test_no_process_can_be_spawned
#   os-environ-token  -> test_environment_is_empty
# The resource abuses (CPU, memory, output, recursion, sleep) reach the process layer even here;
# their unrestricted twins are test_cpu_limit_stops_a_busy_loop_before_the_wall_clock,
# test_memory_limit, test_output_flood_below_python_is_cut, test_wall_clock_kills_a_sleeping_program.
ATTACKS: list[tuple[str, str, RunStatus, Evidence]] = [
    (
        "subclasses",
        "print(().__class__.__bases__[0].__subclasses__())",
        C,
        restricted("__subclasses__"),
    ),
    (
        "subclasses-getattr",
        "print(getattr(getattr((), '__class__'), '__subclasses__'))",
        E,
        restricted("__subclasses__"),
    ),
    (
        "subclasses-concat",
        "n = '__subcl' + 'asses__'\nprint(getattr(int, n)())",
        E,
        restricted("__subclasses__"),
    ),
    ("object-subclasses", "print(object.__subclasses__())", C, restricted("__subclasses__")),
    ("base-getattr", "print(getattr(int, '__base__'))", E, restricted("__base__")),
    ("mro-attr", "print(int.__mro__)", C, restricted("__mro__")),
    ("mro-getattr", "print(getattr(int, 'mro')())", E, restricted("mro")),
    (
        "type-dict-subclasses",
        "print(vars(type(int)))",
        E,
        "TypeError: vars() argument must have __dict__ attribute",
    ),
    (
        "class-dict-subclasses",
        "print(int.__class__.__dict__['__subclasses__'])",
        E,
        "AttributeError: 'TypeStandIn' object has no attribute '__dict__'",
    ),
    (
        "object-dict-subclasses",
        "d = object.__dict__\nprint([k for k in d if 'subclass' in k or k == '__class__'])\nprint(d['__class__'])",
        E,
        "KeyError: '__class__'",
    ),
    (
        "vars-object-class-setter",
        "vars(object)['__class__'].__set__(1, str)",
        E,
        "KeyError: '__class__'",
    ),
    (
        "type-3-args-dunder",
        "X = type('X', (), {'__reduce__': print})",
        E,
        "TypeError: type(): '__reduce__' cannot be defined in the sandbox",
    ),
    (
        "type-3-args-class-assign",
        "X = type('X', (), {'__class__': property(lambda s: int)})",
        E,
        "TypeError: type(): '__class__' cannot be defined in the sandbox",
    ),
    (
        "type-3-args-lying-key",
        "class S(str):\n    def __eq__(self, o):\n        return False\n    def __hash__(self):\n"
        "        return 1\nX = type('X', (), {S('__reduce_ex__'): print})",
        E,
        "cannot be defined in the sandbox",
    ),
    (
        "type-of-metaclass-call",
        "import abc\nclass A(abc.ABC):\n    pass\nM = type(A)\nM('X', (), {'__reduce__': print})",
        E,
        "TypeError: ABCMeta objects cannot be created here",
    ),
    (
        "type-stand-in-func",
        "print(type.__call__.__func__)",
        E,
        "TypeError: the sandbox's own methods are not available unbound",
    ),
    (
        "abcmeta-3-args",
        "import abc\nX = abc.ABCMeta('X', (), {'__reduce__': print})",
        E,
        "AttributeError: module 'abc' has no attribute 'ABCMeta'",
    ),
    (
        "enum-metaclass",
        "import enum\nprint(enum.EnumType)",
        E,
        "AttributeError: module 'enum' has no attribute 'EnumType'",
    ),
    (
        "enum-class-of-member",
        "import enum\nclass E(enum.Enum):\n    A = 1\nprint(type(E)('F', 'a b'))",
        E,
        "TypeError: EnumType objects cannot be created here",
    ),
    (
        "metaclass-kw",
        "class A(metaclass=type):\n    pass",
        C,
        'The keyword argument "metaclass" is not allowed.',
    ),
    (
        "metaclass-global",
        "__metaclass__ = print\nclass A:\n    pass",
        C,
        restricted("__metaclass__"),
    ),
    ("build-class", "print(__build_class__)", C, restricted("__build_class__")),
    (
        "subclass-type",
        "class Meta(type):\n    pass",
        E,
        "TypeError: metaclass conflict: the metaclass of a derived class must be a (non-strict) subclass of the metaclasses of all its bases",
    ),
    ("func-globals", "def f():\n    pass\nprint(f.__globals__)", C, restricted("__globals__")),
    (
        "func-globals-getattr",
        "def f():\n    pass\nprint(getattr(f, '__globals__'))",
        E,
        restricted("__globals__"),
    ),
    (
        "func-builtins",
        "def f():\n    pass\nprint(getattr(f, '__builtins__'))",
        E,
        restricted("__builtins__"),
    ),
    ("func-code", "def f():\n    pass\nprint(f.__code__)", C, restricted("__code__")),
    (
        "func-code-assign",
        "def f():\n    pass\ndef g():\n    return 1\nf.__code__ = g.__code__",
        C,
        restricted("__code__"),
    ),
    (
        "func-closure",
        "def outer():\n    x = 1\n    def inner():\n        return x\n    return inner\nprint(getattr(outer(), '__closure__'))",
        E,
        restricted("__closure__"),
    ),
    ("cell-contents", "print(getattr(1, 'cell_contents'))", E, restricted("cell_contents")),
    (
        "function-type-call",
        "F = type(lambda: 0)\nprint(F(None, {}))",
        E,
        "TypeError: function objects cannot be created here",
    ),
    (
        "function-class-call",
        "F = (lambda: 0).__class__\nF(None, {})",
        E,
        "TypeError: function objects cannot be created here",
    ),
    (
        "function-new",
        "f = lambda: 0\nprint(f.__new__(f.__class__, None, {}))",
        E,
        "TypeError: function.__new__(X): X is not a type object (ClosedType)",
    ),
    (
        "dataclasses-functiontype",
        "import dataclasses\nprint(dataclasses.FunctionType)",
        E,
        "AttributeError: module 'dataclasses' has no attribute 'FunctionType'",
    ),
    (
        "contextlib-methodtype",
        "from contextlib import MethodType",
        E,
        "ImportError: cannot import name 'MethodType' from 'contextlib'",
    ),
    (
        "module-type-call",
        "import json\nM = type(json)\nprint(M('os'))",
        E,
        "TypeError: module objects cannot be created here",
    ),
    (
        "gi-frame",
        "def g():\n    yield 1\nprint(g().gi_frame.f_back.f_globals)",
        C,
        restricted("f_globals"),
    ),
    (
        "gi-frame-getattr",
        "def g():\n    yield 1\nprint(getattr(g(), 'gi_frame'))",
        E,
        restricted("gi_frame"),
    ),
    ("gi-code", "def g():\n    yield 1\nprint(g().gi_code)", C, restricted("gi_code")),
    (
        "cr-frame",
        "async def c():\n    pass\nprint(getattr(c(), 'cr_frame'))",
        E,
        restricted("cr_frame"),
    ),
    (
        "tb-frame",
        "try:\n    1 / 0\nexcept Exception as e:\n    print(e.__traceback__.tb_frame.f_globals)",
        C,
        restricted("f_globals"),
    ),
    (
        "tb-getattr",
        "try:\n    1 / 0\nexcept Exception as e:\n    print(getattr(e, '__traceback__'))",
        E,
        restricted("__traceback__"),
    ),
    (
        "exc-info-tb",
        "import sys\ntry:\n    1 / 0\nexcept Exception:\n    t, v, tb = sys.exc_info()\n    print(tb.tb_frame)",
        C,
        restricted("tb_frame"),
    ),
    (
        "match-frame",
        "def g():\n    yield 1\nmatch g():\n    case object(gi_frame=f):\n        print(f)",
        C,
        restricted("gi_frame"),
    ),
    (
        "match-class-kw-private",
        "import json\nmatch json:\n    case object(_default_decoder=d):\n        print(d)",
        C,
        '"_default_decoder": private attributes cannot be matched',
    ),
    (
        "forward-ref-code",
        "import typing\nr = typing.List['().__class__'].__args__[0]\nprint(r.__forward_code__)",
        C,
        restricted("__forward_code__"),
    ),
    (
        "forward-ref-deepcopy-memo",
        "import typing, copy\nr = typing.List['int'].__args__[0]\nmemo = {}\ncopy.deepcopy(r, memo)\ndef walk(x, d=0):\n    if type(x).__name__ == 'code':\n        return [x]\n    if isinstance(x, dict):\n        x = list(x.values())\n    if d < 5 and isinstance(x, (list, tuple)):\n        return [c for v in x for c in walk(v, d + 1)]\n    return []\ncode = walk(memo)\nif code:\n    type(lambda: 0)(code[0], {})\nraise LookupError('no code object in the memo')",
        E,
        "LookupError: no code object in the memo",
    ),
    (
        "forward-ref-evaluate",
        "import typing\nr = typing.List['1'].__args__[0]\nprint(r._evaluate({}, {}, frozenset()))",
        E,
        private("_evaluate", "ForwardRef"),
    ),
    ("builtins-name", "print(__builtins__)", C, restricted("__builtins__")),
    (
        "builtin-self",
        "print(len.__self__)",
        E,
        "AttributeError: module 'builtins' is not available in the sandbox",
    ),
    ("dunder-import", "__import__('os').system('id')", C, restricted("__import__")),
    (
        "globals-copy-rebind",
        "globals()['_getattr_'] = getattr.__self__.value\nprint(().__class__.__base__)",
        C,
        restricted("__base__"),
    ),
    (
        "globals-rebind-runtime",
        "g = globals()\ng['_getattr_'] = lambda o, n: 1\nprint(getattr(int, '__base__'))",
        E,
        restricted("__base__"),
    ),
    ("globals-metaclass", "print(globals()['__metaclass__'])", E, "KeyError: '__metaclass__'"),
    ("globals-builtins", "print(globals()['__builtins__'])", E, "KeyError: '__builtins__'"),
    ("vars-no-arg", "print(vars())", E, "TypeError: vars() needs an argument in the sandbox"),
    ("locals-helpers", "print(locals()['_write_attr_'])", E, "KeyError: '_write_attr_'"),
    ("helper-rebind", "_getattr_ = lambda o, n: 1", C, restricted("_getattr_")),
    ("helper-write-rebind", "def _write_attr_(o, n):\n    return o", C, restricted("_write_attr_")),
    (
        "namespace-via-dict",
        "def f():\n    pass\nprint(f.__dict__, getattr(f, '__globals__'))",
        E,
        restricted("__globals__"),
    ),
    ("import-os", "import os\nprint(os.environ)", E, unavailable("os")),
    (
        "import-subprocess",
        "import subprocess\nsubprocess.run(['id'])",
        E,
        unavailable("subprocess"),
    ),
    ("import-socket", "import socket\nsocket.socket()", E, unavailable("socket")),
    ("import-ctypes", "import ctypes", E, unavailable("ctypes")),
    (
        "import-importlib",
        "import importlib\nimportlib.import_module('os')",
        E,
        unavailable("importlib"),
    ),
    ("import-gc", "import gc\nprint(gc.get_objects())", E, unavailable("gc")),
    ("import-inspect", "import inspect", E, unavailable("inspect")),
    ("import-types", "import types\nprint(types.FunctionType)", E, unavailable("types")),
    ("import-pickle", "import pickle", E, unavailable("pickle")),
    ("import-marshal", "import marshal", E, unavailable("marshal")),
    (
        "import-threading",
        "import threading\nthreading.Thread(target=print).start()",
        E,
        unavailable("threading"),
    ),
    ("import-multiprocessing", "import multiprocessing", E, unavailable("multiprocessing")),
    (
        "import-builtins",
        "import builtins\nbuiltins.open('/etc/passwd')",
        C,
        '"builtins" is a reserved name.',
    ),
    ("import-private", "import _io", E, unavailable("_io")),
    ("from-os-environ", "from os import environ\nprint(environ)", E, unavailable("os")),
    (
        "from-typing-sys",
        "from typing import sys\nprint(sys.modules)",
        E,
        "AttributeError: module 'sys' has no attribute 'modules'",
    ),
    (
        "module-attr-sys",
        "import typing\nprint(typing.sys.modules['os'].environ)",
        E,
        "AttributeError: module 'sys' has no attribute 'modules'",
    ),
    (
        "module-attr-builtins",
        "import dataclasses\nprint(dataclasses.builtins.open)",
        E,
        "AttributeError: module 'dataclasses' has no attribute 'builtins'",
    ),
    (
        "module-attr-private",
        "import random\nprint(random._os.environ)",
        E,
        private("_os", "module"),
    ),
    ("module-loader", "import json\nprint(json.__loader__)", C, restricted("__loader__")),
    ("module-spec", "import json\nprint(json.__spec__)", C, restricted("__spec__")),
    ("relative-import", "from . import x", E, unavailable(".")),
    (
        "queue-threading",
        "import queue\nprint(queue.threading)",
        E,
        "AttributeError: module 'queue' has no attribute 'threading'",
    ),
    (
        "sys-modules",
        "import sys\nprint(sys.modules)",
        E,
        "AttributeError: module 'sys' has no attribute 'modules'",
    ),
    ("sys-getframe", "import sys\nprint(sys._getframe())", E, private("_getframe", "SysModule")),
    (
        "sys-settrace",
        "import sys\nsys.settrace(print)",
        E,
        "AttributeError: module 'sys' has no attribute 'settrace'",
    ),
    (
        "sys-path",
        "import sys\nprint(sys.path)",
        E,
        "AttributeError: module 'sys' has no attribute 'path'",
    ),
    ("sys-write-attr", "import sys\nsys.modules = {}", E, "TypeError: modules are read-only"),
    ("sys-stdout-escape", "import sys\nprint(sys.stdout._which)", E, private("_which", "_Stream")),
    (
        "sys-dict-write",
        "import sys\nsys.__dict__['exit'] = print",
        E,
        "TypeError: 'mappingproxy' object does not support item assignment",
    ),
    ("sys-class-module", "import sys\nprint(type(sys).__mro__)", C, restricted("__mro__")),
    (
        "io-open",
        "import io\nio.open('/etc/passwd')",
        E,
        "AttributeError: module 'io' has no attribute 'open'",
    ),
    (
        "io-fileio",
        "from io import FileIO\nFileIO('/etc/passwd')",
        E,
        "ImportError: cannot import name 'FileIO' from 'io'",
    ),
    (
        "io-open-code",
        "import io\nio.open_code('/etc/passwd')",
        E,
        "AttributeError: module 'io' has no attribute 'open_code'",
    ),
    (
        "open-passwd",
        "print(open('/etc/passwd').read())",
        E,
        "NameError: name 'open' is not defined",
    ),
    (
        "proc-environ",
        "print(open('/proc/self/environ').read())",
        E,
        "NameError: name 'open' is not defined",
    ),
    (
        "str-format-globals",
        "def f():\n    pass\nprint('{0.__globals__}'.format(f))",
        E,
        restricted("__globals__"),
    ),
    (
        "str-format-subclasses",
        "print('{0.__class__.__base__.__subclasses__}'.format(1))",
        E,
        restricted("__base__"),
    ),
    (
        "str-format-map",
        "print('{x.__class__.__mro__}'.format_map({'x': 1}))",
        E,
        restricted("__mro__"),
    ),
    (
        "str-format-unbound",
        "def f():\n    pass\nprint(str.format('{0.__globals__}', f))",
        E,
        restricted("__globals__"),
    ),
    (
        "str-format-vars",
        "def f():\n    pass\nprint(vars(str)['format']('{0.__globals__}', f))",
        E,
        restricted("__globals__"),
    ),
    (
        "str-format-private",
        "import json\nprint('{0._default_encoder}'.format(json))",
        E,
        private("_default_encoder", "module"),
    ),
    (
        "str-subclass-format",
        "class S(str):\n    pass\nprint(S('{0.__globals__}').format(print))",
        E,
        restricted("__globals__"),
    ),
    (
        "super-str-format",
        "class S(str):\n    def f(self, x):\n        return super().format(x)\ndef g():\n    pass\nprint(S('{0.__globals__}').f(g))",
        E,
        restricted("__globals__"),
    ),
    (
        "userstring-format",
        "from collections import UserString\nprint(UserString('{0.__class__}').format(1))",
        E,
        "ImportError: cannot import name 'UserString' from 'collections'",
    ),
    (
        "string-formatter",
        "import string\nprint(string.Formatter().format('{0.__globals__}', print))",
        E,
        "AttributeError: string.Formatter is not allowed here",
    ),
    (
        "methodcaller-format",
        "import operator\nprint(operator.methodcaller('format', print)('{0.__globals__}'))",
        E,
        "AttributeError: methodcaller takes public method names only in the sandbox",
    ),
    (
        "attrgetter-dunder",
        "import operator\nprint(operator.attrgetter('__globals__')(print))",
        E,
        "AttributeError: attrgetter takes public attribute names only in the sandbox",
    ),
    (
        "attrgetter-private",
        "import operator, json\nprint(operator.attrgetter('_default_encoder')(json))",
        E,
        "AttributeError: attrgetter takes public attribute names only in the sandbox",
    ),
    (
        "get-type-hints-eval",
        "import typing\ndef f(x: '().__class__.__base__'):\n    pass\nprint(typing.get_type_hints(f))",
        E,
        "AttributeError: typing.get_type_hints is not allowed here",
    ),
    (
        "singledispatch-eval",
        "from functools import singledispatch\n@singledispatch\ndef f(x):\n    pass\n@f.register\ndef _(x: '().__class__.__base__.__subclasses__()'):\n    pass",
        E,
        "TypeError: register: annotations must be types, not strings, in the sandbox",
    ),
    (
        "define-reduce",
        "class A:\n    def __reduce__(self):\n        return (print, ('x',))",
        C,
        '"__reduce__" cannot be defined in the sandbox',
    ),
    (
        "define-reduce-ex-assign",
        "class A:\n    pass\nA.__reduce_ex__ = print",
        C,
        restricted("__reduce_ex__"),
    ),
    (
        "define-getstate-setattr",
        "class A:\n    pass\nsetattr(A, '__getstate__', print)",
        E,
        'AttributeError: "__getstate__" cannot be assigned in the sandbox',
    ),
    ("reduce-ex-call", "print((1).__reduce_ex__(2))", C, restricted("__reduce_ex__")),
    ("object-reduce-ex", "print(object.__reduce_ex__(1, 2))", C, restricted("__reduce_ex__")),
    (
        "class-body-reduce",
        "class A:\n    __reduce__ = print",
        C,
        '"__reduce__" cannot be assigned in the sandbox',
    ),
    (
        "cached-property-foreign",
        "import functools, json\ncp = functools.cached_property(lambda s: print)\ncp.__set_name__(json.JSONEncoder, 'encode')",
        E,
        "TypeError: cached_property can only be used in classes defined in your code",
    ),
    (
        "cached-property-attrname",
        "import functools\nclass A:\n    @functools.cached_property\n    def x(self):\n        return 1\ncp = vars(A)['x']\ncp.attrname = '__class__'",
        E,
        "TypeError: cached_property objects are read-only in the sandbox",
    ),
    (
        "cached-property-get-foreign",
        "import functools, fractions\nclass A:\n    @functools.cached_property\n    def x(self):\n        return 1\nvars(A)['x'].__get__(fractions.Fraction(1, 2))",
        E,
        "TypeError: cached_property can only be used in classes defined in your code",
    ),
    (
        "class-write",
        "import json\njson.JSONEncoder.encode = lambda self, o: 'forged'",
        E,
        "TypeError: class JSONEncoder is read-only",
    ),
    (
        "class-setattr",
        "import fractions\nsetattr(fractions.Fraction, 'limit_denominator', 1)",
        E,
        "TypeError: class Fraction is read-only",
    ),
    (
        "class-dict-write",
        "import fractions\nfractions.Fraction.__dict__['x'] = 1",
        E,
        "TypeError: 'mappingproxy' object does not support item assignment",
    ),
    ("module-write", "import math\nmath.floor = print", E, "TypeError: modules are read-only"),
    (
        "module-setattr",
        "import json\nsetattr(json, 'dumps', print)",
        E,
        "TypeError: modules are read-only",
    ),
    (
        "module-dict-write",
        "import json\njson.__dict__['dumps'] = print",
        E,
        "TypeError: 'mappingproxy' object does not support item assignment",
    ),
    (
        "module-vars-write",
        "import json\nvars(json)['dumps'] = print",
        E,
        "TypeError: 'mappingproxy' object does not support item assignment",
    ),
    (
        "object-setattr-foreign",
        "import json\nobject.__setattr__(json.JSONEncoder, 'encode', print)",
        E,
        "TypeError: class JSONEncoder is read-only",
    ),
    (
        "object-setattr-module",
        "import json\nobject.__setattr__(json, 'dumps', print)",
        E,
        "TypeError: modules are read-only",
    ),
    (
        "super-setattr-foreign",
        "import decimal\nc = decimal.getcontext()\nsuper(type(c), c).__setattr__('_x', 1)",
        E,
        private("_x", "Context"),
    ),
    (
        "class-assign-foreign",
        "import fractions\nclass F:\n    pass\nf = fractions.Fraction(1, 2)\nf.__class__ = F",
        C,
        '"__class__" cannot be assigned in the sandbox',
    ),
    (
        "class-assign-setattr",
        "class A:\n    pass\nclass B:\n    pass\nsetattr(A(), '__class__', B)",
        E,
        'AttributeError: "__class__" cannot be assigned in the sandbox',
    ),
    (
        "init-subclass-foreign",
        "import json\njson.JSONEncoder.__init_subclass__ = classmethod(print)",
        E,
        "TypeError: class JSONEncoder is read-only",
    ),
    (
        "kwdefaults-foreign",
        "import json\njson.dumps.__kwdefaults__['sort_keys'] = True",
        E,
        "TypeError: 'mappingproxy' object does not support item assignment",
    ),
    (
        "foreign-func-attr",
        "import json\njson.dumps.x = 1",
        E,
        "TypeError: function objects are read-only in the sandbox",
    ),
    (
        "foreign-private-write",
        "import decimal\ndecimal.getcontext()._flags = 1",
        E,
        private("_flags", "Context"),
    ),
    (
        "dataclass-foreign",
        "import dataclasses, fractions\ndataclasses.dataclass(fractions.Fraction)",
        E,
        "TypeError: dataclass can only decorate classes defined in your code",
    ),
    (
        "total-ordering-foreign",
        "import functools, string\nfunctools.total_ordering(string.Template)",
        E,
        "TypeError: total_ordering can only decorate classes defined in your code",
    ),
    (
        "wraps-foreign-class",
        "import functools, json\nfunctools.update_wrapper(json.JSONEncoder, print)",
        E,
        "TypeError: update_wrapper: the wrapper must be a function of yours",
    ),
    (
        "wraps-globals",
        "import functools, json\ndef g():\n    pass\nfunctools.update_wrapper(g, json.dumps, assigned=(), updated=('__globals__',))",
        E,
        "got an unexpected keyword argument 'assigned'",
    ),
    (
        "make-dataclass-dunder",
        "import dataclasses\nX = dataclasses.make_dataclass('X', [], namespace={'__getattr__': print})\nprint(X)",
        E,
        "TypeError: names starting with '_' are not allowed",
    ),
    (
        "private-foreign-read",
        "import contextlib, io\ncm = contextlib.redirect_stdout(io.StringIO())\ncm.__enter__()\nprint(cm._old_targets)",
        E,
        private("_old_targets", "redirect_stdout"),
    ),
    (
        "getattribute-bound",
        "def f():\n    pass\nprint(f.__getattribute__('__globals__'))",
        E,
        restricted("__globals__"),
    ),
    ("eval", "print(eval('1 + 1'))", C, "Eval calls are not allowed."),
    ("exec", "exec('import os')", C, "Exec calls are not allowed."),
    ("compile", "print(compile('1', 'x', 'eval'))", E, "NameError: name 'compile' is not defined"),
    ("breakpoint", "breakpoint()", C, '"breakpoint" is a reserved name.'),
    ("input", "print(input())", E, "NameError: name 'input' is not defined"),
    (
        "guards-rebind-serve",
        "g = getattr.__self__\ng.serve_module = lambda m: m",
        E,
        "TypeError: Guards objects are read-only in the sandbox",
    ),
    (
        "guards-private-read",
        "print(getattr.__self__._serve_module)",
        E,
        private("_serve_module", "Guards"),
    ),
    (
        "formatter-guards",
        "f = vars(str)['format']\nprint(f.__self__._guards)",
        E,
        private("_guards", "GuardedFormatter"),
    ),
    (
        "printer-rebind",
        "p = print.__self__\np.getattr = None",
        E,
        "TypeError: Printer objects are read-only in the sandbox",
    ),
    (
        "sys-stdout-globals",
        "import sys\nprint(sys.stdout.write.__func__.__globals__)",
        C,
        restricted("__globals__"),
    ),
    (
        "getattribute-builtins",
        "print(object.__getattribute__(len, '__self__'))",
        E,
        "AttributeError: module 'builtins' is not available in the sandbox",
    ),
    (
        "closed-type-private",
        "t = type(lambda: 0)\nprint(t._type)",
        E,
        private("_type", "ClosedType"),
    ),
    (
        "closed-type-setattr",
        "t = type(lambda: 0)\nobject.__setattr__(t, '_type', int)",
        E,
        "TypeError: ClosedType objects are read-only in the sandbox",
    ),
    (
        "redirect-subclass-stream",
        "import contextlib, io\nclass R(contextlib.redirect_stdout):\n    pass\n"
        "r = R(io.StringIO())\nr._stream = 'excepthook'\nr.__enter__()",
        E,
        "ValueError: only stdout and stderr can be redirected",
    ),
    (
        "redirect-holds-no-real-stream",
        "import contextlib, io, sys\nclass R(contextlib.redirect_stdout):\n    pass\n"
        "r = R(io.StringIO())\nr.__enter__()\nold = r._old_targets[0]\n"
        "if old is not sys.__stdout__:\n    print(old)\nraise LookupError('only the stand-in stream')",
        E,
        "LookupError: only the stand-in stream",
    ),
    (
        "contextlib-chdir",
        "import contextlib\nwith contextlib.chdir('/'):\n    pass",
        E,
        "AttributeError: contextlib.chdir is not allowed here",
    ),
    # the sandbox's own objects, and views that would leak what they wrap
    (
        "guards-unbound-method",
        "g = getattr.__func__\nclass Fake:\n    def check_name(self, o, n):\n        pass\ng(Fake(), len, '__self__')",
        E,
        "TypeError: the sandbox's own methods are not available unbound",
    ),
    (
        "guards-class-call",
        "G = type(getattr.__self__)\nG(lambda m: m)",
        E,
        "TypeError: Guards objects cannot be created here",
    ),
    (
        "guards-class-attr",
        "G = getattr.__self__.__class__\nprint(G.value)",
        E,
        "AttributeError: 'ClosedType' object has no attribute 'value'",
    ),
    (
        "dataclass-wrapped",
        "import dataclasses, fractions\ndataclasses.dataclass.__wrapped__(fractions.Fraction)",
        E,
        "AttributeError: 'function' object has no attribute '__wrapped__'",
    ),
    (
        "singledispatch-wrapped",
        "import functools\nprint(functools.singledispatch.__wrapped__)",
        E,
        "AttributeError: 'function' object has no attribute '__wrapped__'",
    ),
    (
        "printer-func",
        "print(print.__func__)",
        E,
        "TypeError: the sandbox's own methods are not available unbound",
    ),
    (
        "getattribute-unbound-method",
        "f = object.__getattribute__(getattr, '__func__')",
        E,
        "TypeError: the sandbox's own methods are not available unbound",
    ),
    (
        "sys-class-call",
        "import sys\ntype(sys)('os')",
        E,
        "TypeError: SysModule objects cannot be created here",
    ),
    (
        "mappingproxy-eq-leak",
        "import json\nclass Grab:\n    def __eq__(self, other):\n        other['dumps'] = print\n        return True\n    __hash__ = None\nvars(json) == Grab()\nraise LookupError(str(json.dumps is print))",
        E,
        "LookupError: False",
    ),
    (
        "kwdefaults-eq-leak",
        "import json\nclass Grab:\n    def __eq__(self, other):\n        other['sort_keys'] = True\n        return True\n    __hash__ = None\njson.dumps.__kwdefaults__ == Grab()\nraise LookupError(json.dumps({'b': 1, 'a': 2}))",
        E,
        'LookupError: {"b": 1, "a": 2}',
    ),
    (
        "getattribute-class-dict",
        "import json\nd = object.__getattribute__(json.JSONEncoder, '__dict__')\nclass Grab:\n    def __eq__(self, other):\n        other['encode'] = print\n        return True\n    __hash__ = None\nd == Grab()\nraise LookupError(str(json.JSONEncoder.encode is print))",
        E,
        "LookupError: False",
    ),
    # str and int subclasses that lie in comparisons
    (
        "attrgetter-lying-str",
        "import operator\nclass S(str):\n    def startswith(self, p):\n        return False\n    def split(self, sep):\n        return ['ok']\n    def __hash__(self):\n        return 0\n    def __eq__(self, o):\n        return False\ng = operator.attrgetter(S('__globals__'))\nprint(g(print))",
        E,
        "AttributeError: attrgetter takes public attribute names only in the sandbox",
    ),
    (
        "getattr-lying-str",
        "class S(str):\n    def startswith(self, p):\n        return False\n    def __hash__(self):\n        return 0\ndef f():\n    pass\nprint(getattr(f, S('__globals__')))",
        E,
        "TypeError: attribute name must be a string",
    ),
    (
        "recursion-limit-lying-int",
        "import sys\nclass I(int):\n    def __lt__(self, o):\n        return True\n    def __gt__(self, o):\n        return False\nsys.setrecursionlimit(I(10**8))\nraise LookupError(sys.getrecursionlimit())",
        E,
        "LookupError: 10000",
    ),
    (
        "singledispatchmethod-eval",
        "from functools import singledispatchmethod\nclass A:\n    @singledispatchmethod\n"
        "    def f(self, x):\n        pass\n    @f.register\n"
        "    def _(self, x: '().__class__.__base__.__subclasses__()'):\n        pass",
        E,
        "TypeError: register: annotations must be types, not strings, in the sandbox",
    ),
    (
        "singledispatch-nested-string",
        "from functools import singledispatch\n@singledispatch\ndef f(x):\n    pass\n"
        "@f.register\ndef _(x: list['().__class__.__base__']):\n    pass",
        E,
        "TypeError: register: annotations must be types, not strings, in the sandbox",
    ),
    # asyncio: coroutine tools only
    (
        "asyncio-write-pipe",
        "import asyncio\nasync def main():\n    loop = asyncio.get_running_loop()\n    class P:\n        def fileno(self):\n            return 3\n"
        "    await loop.connect_write_pipe(asyncio.Protocol, P())\nasyncio.run(main())",
        E,
        "AttributeError: _UnixSelectorEventLoop.connect_write_pipe is not available in the sandbox",
    ),
    (
        "asyncio-executor-thread",
        "import asyncio\nasync def main():\n    loop = asyncio.get_running_loop()\n    await loop.run_in_executor(None, print, 1)\nasyncio.run(main())",
        E,
        "_UnixSelectorEventLoop.run_in_executor is not available in the sandbox",
    ),
    (
        "asyncio-subprocess-exec",
        "import asyncio\nasync def main():\n    loop = asyncio.get_running_loop()\n    await loop.subprocess_exec(asyncio.Protocol, 'id')\nasyncio.run(main())",
        E,
        "_UnixSelectorEventLoop.subprocess_exec is not available in the sandbox",
    ),
    (
        "asyncio-loop-class-method",
        "import asyncio\nasync def main():\n    loop = asyncio.get_running_loop()\n    type(loop).add_reader(loop, 3, print)\nasyncio.run(main())",
        E,
        "AttributeError: ClosedType.add_reader is not available in the sandbox",
    ),
    (
        "asyncio-loop-subclass",
        "import asyncio\nasync def main():\n    loop = asyncio.get_running_loop()\n    class L(type(loop)):\n        pass\nasyncio.run(main())",
        E,
        "TypeError: metaclass conflict",
    ),
    (
        "asyncio-task-frames",
        "import asyncio\nasync def main():\n    print(asyncio.current_task().get_stack())\n"
        "asyncio.run(main())",
        E,
        "AttributeError: Task.get_stack is not available in the sandbox",
    ),
    (
        "asyncio-open-connection",
        "import asyncio\nasyncio.run(asyncio.open_connection('127.0.0.1', 80))",
        E,
        "AttributeError: module 'asyncio' has no attribute 'open_connection'",
    ),
    (
        "asyncio-to-thread",
        "from asyncio import to_thread",
        E,
        "ImportError: cannot import name 'to_thread' from 'asyncio'",
    ),
    ("asyncio-submodule", "import asyncio.subprocess", E, unavailable("asyncio.subprocess")),
    (
        "asyncio-policy",
        "import asyncio\nprint(asyncio.get_event_loop_policy())",
        E,
        "AttributeError: module 'asyncio' has no attribute 'get_event_loop_policy'",
    ),
    # the process layer, refused first by the language layer
    (
        "kill-parent",
        "import os, signal\nos.kill(os.getppid(), signal.SIGKILL)",
        E,
        unavailable("os"),
    ),
    ("fork-bomb", "import os\nwhile True:\n    os.fork()", E, unavailable("os")),
    ("os-environ-token", "import os\nprint(os.environ['DISCORD_TOKEN'])", E, unavailable("os")),
    # resource abuse
    ("sleep", "import time\ntime.sleep(3600)", T, TIME_LIMIT[1]),
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
    (
        "sys-recursion-cap",
        "import sys\nsys.setrecursionlimit(10**9)\nprint(sys.getrecursionlimit())\n"
        "def f(n):\n    return f(n + 1)\nf(0)",
        E,
        "RecursionError: maximum recursion depth exceeded",
    ),
    (
        "catch-everything",
        "while True:\n    try:\n        while True:\n            pass\n    except:\n        pass",
        T,
        TIME_LIMIT,
    ),
]


async def test_there_are_at_least_eighty_attacks() -> None:
    assert len(ATTACKS) >= 80
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
    result = await sandbox.run(
        "try:\n    import os\nexcept ImportError as e:\n    print('no', e.name)\nimport os"
    )
    assert result.stdout == "no os\n"  # an ImportError, as for a module that is not installed
    assert result.traceback.strip().splitlines()[-1] == (
        "ModuleNotFoundError: module 'os' is not available in the sandbox"
        " (importing it is not allowed)"
    )
    assert "bot/sandbox" not in result.traceback and "math" not in result.traceback
    result = await sandbox.run("def f():\n    pass\nprint(f.__globals__)")
    assert restricted("__globals__") in result.traceback


# Relaxed on purpose: what used to be refused and is ordinary Python. (id, program, output)
RELAXED: list[tuple[str, str, str]] = [
    (
        "underscore-names",
        "_x = 1\nclass A:\n    _n = 2\n    def _f(self):\n"
        "        return self._n + _x\nprint(A()._f())",
        "3\n",
    ),
    (
        "dunder-methods",
        "class V:\n    def __init__(self, x):\n        self.x = x\n"
        "    def __add__(self, o):\n        return V(self.x + o.x)\n    def __repr__(self):\n"
        "        return f'V({self.x})'\nprint(V(1) + V(2))",
        "V(3)\n",
    ),
    (
        "class-name",
        "class A:\n    pass\nprint(A().__class__.__name__, type(A()).__name__)",
        "A A\n",
    ),
    ("main-guard", "if __name__ == '__main__':\n    print('main', __doc__)", "main None\n"),
    (
        "vars-of-member",
        "class A:\n    def __init__(self):\n        self.a = 1\nprint(vars(A()))",
        "{'a': 1}\n",
    ),
    (
        "str-format-member",
        "class P:\n    name = 'p'\nprint('{0.name} {0.__class__.__name__}'.format(P()))",
        "p P\n",
    ),
    (
        "str-subclass-format",
        "class S(str):\n    pass\nprint(S('{0.__class__.__name__}').format(1))",
        "int\n",
    ),
    ("exit-zero", "print('before')\nexit(0)\nprint('after')", "before\n"),
    ("sys-exit", "import sys\nprint('x')\nsys.exit()", "x\n"),
    (
        "type-of-function",
        "f = lambda: 0\nprint(type(f), isinstance(f, type(f)), type(f).__name__)",
        "<class 'function'> True function\n",
    ),
    (
        "private-mangling",
        "class A:\n    def __init__(self):\n        self.__x = 1\nprint(vars(A()))",
        "{'_A__x': 1}\n",
    ),
    (
        "object-setattr-own",
        "class A:\n    def __init__(self):\n        object.__setattr__(self, 'x', 1)\nprint(A().x)",
        "1\n",
    ),
    (
        "stdlib-instance-public",
        "import decimal\ndecimal.getcontext().prec = 3\nprint(decimal.Decimal(1) / 7)",
        "0.143\n",
    ),
    (
        "sys-stdout-redirect",
        "import sys, io\nbuf = io.StringIO()\nsys.stdout = buf\nprint('hidden')"
        "\nsys.stdout = sys.__stdout__\nprint(repr(buf.getvalue()))",
        "'hidden\\n'\n",
    ),
    (
        "locals-globals-copies",
        "x = 1\ndef f(a):\n    return sorted(locals())\nprint(f(2), globals()['x'], 'x' in locals())",
        "['a'] 1 True\n",
    ),
    (
        "future-annotations",
        "from __future__ import annotations\ndef f(x: list[int]) -> Missing:\n    pass\n"
        "print(f.__annotations__)",
        "{'x': 'list[int]', 'return': 'Missing'}\n",
    ),
    (
        "type-builtin",
        "class B:\n    pass\nD = type('D', (B,), {'x': 1})\n"
        "print(D, D().x, type(D) is type, isinstance(B, type), int.__class__, type(3))",
        "<class '__main__.D'> 1 True True <class 'type'> <class 'int'>\n",
    ),
    ("time-sleep", "import time\ntime.sleep(0.01)\nprint(time.perf_counter() > 0)", "True\n"),
]


@pytest.mark.parametrize(("code", "output"), [r[1:] for r in RELAXED], ids=[r[0] for r in RELAXED])
async def test_relaxed_on_purpose(sandbox: ProcessSandbox, code: str, output: str) -> None:
    result = await sandbox.run(code)
    assert result.status is RunStatus.OK, result.traceback
    assert result.stdout == output


async def test_exit_codes_end_the_run_as_cpython_does(sandbox: ProcessSandbox) -> None:
    result = await sandbox.run("import sys\nprint('a')\nsys.exit(3)")
    assert result.status is RunStatus.ERROR and result.stdout == "a\n"
    assert result.traceback.strip().endswith("SystemExit: 3")
    result = await sandbox.run("raise SystemExit('bad input')")
    assert result.status is RunStatus.ERROR and result.stdout == "bad input\n"
    result = await sandbox.run("raise SystemExit")
    assert result.ok and result.traceback == ""


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
        for name in ("os", "inspect"):
            result = await box.run(f"import {name}")
            assert result.status is RunStatus.ERROR and unavailable(name) in result.traceback
        result = await box.run("import sys\nprint(sys.maxsize > 0, hasattr(sys, 'modules'))")
        assert result.stdout == "True False\n"  # the stand-in, never the real sys
        assert (await box.run("import math\nprint(math.e > 2)")).stdout == "True\n"
        result = await box.run("import json")  # configured modules only
        assert unavailable("json") in result.traceback
    finally:
        await box.close()
