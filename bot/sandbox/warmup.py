"""Exercising the allowlisted modules once in the template, before any fork.

Inside a child, a syscall filter refuses open/stat/socket..., so whatever a module imports or
reads lazily on first use must already be done in the template: `_strptime` for
`datetime.strptime`, OpenSSL's configuration for hashlib, /etc/localtime for `time.localtime`,
codecs, unicodedata's tables, decimal's context, re's compiler caches, pprint and textwrap
helpers. Each exercise runs only if its module is allowed; a failing one is skipped.
"""

from __future__ import annotations

import codecs
import contextlib
import importlib
from collections.abc import Callable

# Encodings members name in str.encode / bytes.decode: the codec registry caches each lookup.
ENCODING_NAMES = (
    "utf-8", "utf8", "UTF-8", "ascii", "latin-1", "latin1", "iso-8859-1", "utf-16", "utf-16-le",
    "utf-16-be", "utf-32", "cp1252", "cp437", "idna", "punycode", "unicode_escape",
    "raw_unicode_escape", "utf-8-sig",
)  # fmt: skip


def _datetime() -> None:
    import datetime as dt

    dt.datetime.strptime("2024-01-02 03:04:05", "%Y-%m-%d %H:%M:%S")
    dt.datetime.strptime("Tue Jan 02 2024 PM", "%a %b %d %Y %p")
    dt.datetime.strptime("Tuesday January 2 24", "%A %B %d %y")
    dt.date.fromisoformat("2024-01-02")
    dt.datetime.fromisoformat("2024-01-02T03:04:05+00:00")
    now = dt.datetime.now()
    now.astimezone().strftime("%A %d %B %Y %H:%M:%S %Z %z %j %U %c %x %X")
    dt.datetime.fromtimestamp(0)
    dt.date.today().isoformat()


def _time() -> None:
    import time

    time.localtime()
    time.gmtime(0)
    time.mktime(time.localtime())
    time.strftime("%Y-%m-%d %H:%M:%S %Z", time.localtime())
    time.asctime()
    time.ctime(0)
    time.perf_counter()
    time.process_time()
    time.sleep(0)


def _hashlib() -> None:
    import hashlib

    for name in ("md5", "sha1", "sha224", "sha256", "sha384", "sha512", "blake2b", "blake2s",
                 "sha3_256", "sha3_512"):  # fmt: skip
        getattr(hashlib, name)(b"x").hexdigest()
        hashlib.new(name, b"x").hexdigest()
    hashlib.pbkdf2_hmac("sha256", b"pw", b"salt", 1)


def _uuid() -> None:
    import uuid

    uuid.uuid4()
    uuid.uuid3(uuid.NAMESPACE_DNS, "x")
    uuid.uuid5(uuid.NAMESPACE_URL, "x")
    str(uuid.UUID("12345678123456781234567812345678"))


def _json() -> None:
    import json

    text = json.dumps({"a": [1, 2.5, None, True], "é": "ü"}, indent=2, sort_keys=True)
    json.loads(text)
    json.dumps({"a": 1}, ensure_ascii=False, separators=(",", ":"))


def _re() -> None:
    import re

    for pattern in (r"\d+", r"(?P<w>\w+)@(\w+)\.com", r"[A-Z][a-z]*", r"\s+", r"(?i)abc|x{2,3}"):
        re.compile(pattern).findall("ab 12 Cd x@y.com ABC xxx")
    re.sub(r"(\w)(\d)", r"\2\1", "a1 b2")
    re.sub(r"(?P<x>a)", r"\g<x>!", "abc")
    re.split(r"[,;]\s*", "a, b;c")
    re.fullmatch(r"[\w.]+", "a.b", re.ASCII | re.VERBOSE | re.MULTILINE | re.DOTALL)


def _decimal() -> None:
    import decimal

    ctx = decimal.getcontext()
    with decimal.localcontext() as local:
        local.prec = 10
        decimal.Decimal(1) / decimal.Decimal(7)
    (decimal.Decimal("1.10") + decimal.Decimal("2.205")).quantize(decimal.Decimal("0.01"))
    format(decimal.Decimal("1234.5"), ",.2f")
    ctx.prec  # noqa: B018


def _text() -> None:
    import pprint
    import textwrap
    import unicodedata

    unicodedata.name("a")
    unicodedata.lookup("LATIN SMALL LETTER A")
    unicodedata.normalize("NFKD", "é")
    unicodedata.category("é")
    textwrap.fill("word " * 40, width=30)
    textwrap.shorten("word " * 40, width=30)
    textwrap.indent(textwrap.dedent("  a\n  b"), "> ")
    pprint.pformat({"k": list(range(30)), "n": {"a": (1, 2), "b": {3, 4}}}, width=40)
    pprint.pformat([{"x": i} for i in range(20)], compact=True, sort_dicts=False)


def _misc() -> None:
    import base64
    import binascii
    import calendar
    import difflib
    import fnmatch
    import ipaddress
    import statistics
    import struct
    import zlib

    base64.b64decode(base64.b64encode(b"x"))
    base64.urlsafe_b64encode(b"x")
    base64.b32encode(b"x")
    base64.b16encode(b"x")
    base64.a85encode(b"x")
    base64.b85encode(b"x")
    binascii.hexlify(b"x")
    binascii.crc32(b"x")
    zlib.decompress(zlib.compress(b"x" * 100))
    struct.unpack("<iHd", struct.pack("<iHd", 1, 2, 3.0))
    calendar.month(2024, 2)
    calendar.TextCalendar().formatmonth(2024, 2)
    list(calendar.month_name)
    list(calendar.day_abbr)
    calendar.monthrange(2024, 2)
    difflib.SequenceMatcher(None, "abc", "abd").ratio()
    list(difflib.unified_diff(["a\n"], ["b\n"]))
    list(difflib.ndiff(["a\n"], ["b\n"]))
    difflib.get_close_matches("appel", ["apple", "ape"])
    fnmatch.fnmatch("a.py", "*.py")
    fnmatch.filter(["a.py", "b.txt"], "*.py")
    list(ipaddress.ip_network("192.168.0.0/30").hosts())
    ipaddress.ip_address("::1").exploded  # noqa: B018
    statistics.stdev([1.0, 2.0, 4.0])
    statistics.median([1, 3, 2])
    statistics.mode([1, 1, 2])
    statistics.NormalDist(0, 1).cdf(0.5)
    statistics.quantiles([1, 2, 3, 4, 5], n=4)


def _random() -> None:
    import random
    import secrets

    random.seed(1)
    random.seed("text")
    random.Random(2).sample(range(10), 3)
    random.SystemRandom().random()
    secrets.token_hex(4)
    secrets.token_urlsafe(4)
    secrets.choice("abc")


def _queue() -> None:
    import queue

    for kind in (queue.Queue, queue.LifoQueue, queue.PriorityQueue):
        q = kind()
        q.put(1)
        q.get()
    queue.SimpleQueue().put(1)


def _asyncio() -> None:
    import asyncio

    async def worker(queue: asyncio.Queue[int], lock: asyncio.Lock) -> int:
        async with lock:
            await asyncio.sleep(0)
        return await queue.get()

    async def main() -> None:
        queue: asyncio.Queue[int] = asyncio.Queue()
        for i in range(2):
            queue.put_nowait(i)
        lock, event = asyncio.Lock(), asyncio.Event()
        event.set()
        async with asyncio.TaskGroup() as group:
            group.create_task(worker(queue, lock))
        await asyncio.gather(worker(queue, lock), event.wait(), asyncio.sleep(0.001))
        await asyncio.wait_for(asyncio.sleep(0), timeout=1)
        async with asyncio.timeout(1), asyncio.Semaphore(1):
            await asyncio.sleep(0)
        for done in asyncio.as_completed([asyncio.sleep(0)]):
            await done

    asyncio.run(main())


EXERCISES: dict[str, Callable[[], None]] = {
    "asyncio": _asyncio,
    "datetime": _datetime,
    "time": _time,
    "hashlib": _hashlib,
    "uuid": _uuid,
    "json": _json,
    "re": _re,
    "decimal": _decimal,
    "textwrap": _text,
    "base64": _misc,
    "random": _random,
    "queue": _queue,
}


def exercise(allowed: frozenset[str]) -> None:
    for name in ENCODING_NAMES:
        with contextlib.suppress(LookupError):
            codecs.lookup(name)
    "x".encode("idna")
    for module, run in EXERCISES.items():
        if module in allowed:
            with contextlib.suppress(Exception):
                importlib.import_module(module)
                run()
