"""Short answers: what people type, reduced to something comparable, and matched per question.

The matching is driven by the question's data (`[question.short]`, see questions/README.md):

- `accepted`: the correct answers (the first one is shown at the reveal);
- `context`: words or phrases that may surround an answer without changing it (units such as
  "bytes", labels such as "HTTP" or "status code", "command");
- `command = true`: accepted answers are shell commands; options may come in any order, clustered
  or not (`ps aux` = `ps uax` = `ps axu`), and `extra_options` names the options that may be added.

Every answer and every accepted text goes through the same normalisation: Unicode NFKC, case,
backticks and quotes, punctuation (a final period, commas), thousands separators, hyphens and
underscores inside words ("time-out" = "timeout"), articles (a, an, the), a few filler words ("it
is", "the answer is"), number words up to twenty ("six" = "6"), numbers ("4.0" = "4"), common
abbreviations ("secs" = "seconds") and plurals ("results" = "result"). After removing the context
words, what is left must be one accepted answer, exactly: an answer with anything more ("grep is not
it, use find") is wrong, so negations and contradictions are never accepted by accident.
"""

from __future__ import annotations

import re
import shlex
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

ARTICLES = frozenset({"a", "an", "the"})
# Words that add nothing to an answer: "it is 4", "the answer is grep", "I think it's 504".
FILLERS = frozenset(
    {
        "it",
        "is",
        "its",
        "answer",
        "i",
        "think",
        "would",
        "be",
        "probably",
        "called",
        "named",
        "return",
    }
)
# Words that turn an answer around; never allowed as context, refused in command answers.
NEGATIONS = frozenset(
    {
        "not", "no", "never", "none", "nor", "neither", "isnt", "arent", "dont", "doesnt",
        "wont", "cant", "cannot", "shouldnt", "instead", "except", "but", "wrong", "false",
        "nope", "unless", "rather", "without",
    }
)  # fmt: skip
NUMBER_WORDS = {
    word: str(value)
    for value, word in enumerate(
        [
            "zero",
            "one",
            "two",
            "three",
            "four",
            "five",
            "six",
            "seven",
            "eight",
            "nine",
            "ten",
            "eleven",
            "twelve",
            "thirteen",
            "fourteen",
            "fifteen",
            "sixteen",
            "seventeen",
            "eighteen",
            "nineteen",
            "twenty",
        ]
    )
}
ABBREVIATIONS = {
    "sec": "second", "secs": "second", "ms": "millisecond", "msec": "millisecond",
    "mins": "minute", "hr": "hour", "hrs": "hour", "obj": "object", "func": "function",
    "fn": "function", "num": "number", "approx": "approximately", "pct": "percent",
    "%": "percent", "db": "database", "dir": "directory", "repo": "repository",
    "env": "environment", "config": "configuration", "info": "information", "b": "byte",
    "kb": "kilobyte", "kib": "kibibyte", "mb": "megabyte", "mib": "mebibyte", "gb": "gigabyte",
}  # fmt: skip

_DASHES = str.maketrans({c: "-" for c in "\u2010\u2011\u2012\u2013\u2014\u2212"})
_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"'})
_THOUSANDS = re.compile(r"(?<=\d)[,_](?=\d{3}(?!\d))")
_TOKEN = re.compile(r"[\w%#+]+(?:[.'\-][\w%#+]+)*")
_NUMBER = re.compile(r"\d+(?:\.\d+)?")
_NUMBER_UNIT = re.compile(r"(\d+(?:\.\d+)?)([^\W\d_]+|%)")
_INNER = re.compile(r"[-'_]")


def _prepare(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).translate(_DASHES).translate(_QUOTES)
    text = text.replace("`", " ")
    return _THOUSANDS.sub("", text).casefold()


def _number(token: str) -> str:
    try:
        value = Decimal(token)
    except InvalidOperation:  # pragma: no cover - the token matched _NUMBER
        return token
    if value == value.to_integral_value():
        return str(int(value))
    return format(value.normalize(), "f")


def _fold_plural(word: str) -> str:
    if not word.isalpha() or len(word) < 4:
        return word
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("sses", "xes", "ches", "shes")):
        return word[:-2]
    if word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def _canonical(token: str) -> list[str]:
    """One raw token as zero, one or two canonical tokens ("6b" -> ["6", "b"])."""
    split = _NUMBER_UNIT.fullmatch(token)
    if split and split.group(2) not in ("e",):
        return [_number(split.group(1)), *_canonical(split.group(2))]
    if _NUMBER.fullmatch(token):
        return [_number(token)]
    token = NUMBER_WORDS.get(token, token)
    token = ABBREVIATIONS.get(token, token)
    token = _fold_plural(token)
    token = _INNER.sub("", token)
    return [token] if token else []


def tokens(text: str) -> list[str]:
    """The canonical words of a text (see the module docstring)."""
    out: list[str] = []
    for raw in _TOKEN.findall(_prepare(text)):
        out.extend(_canonical(raw))
    return out


def _phrases(texts: Iterable[str]) -> list[tuple[str, ...]]:
    found = {tuple(tokens(t)) for t in texts}
    return sorted((p for p in found if p), key=len, reverse=True)


def strip_context(words: Sequence[str], context: Sequence[tuple[str, ...]]) -> list[str]:
    """`words` without articles, fillers and the context phrases (longest first)."""
    out: list[str] = []
    i = 0
    while i < len(words):
        for phrase in context:
            if tuple(words[i : i + len(phrase)]) == phrase:
                i += len(phrase)
                break
        else:
            if words[i] not in ARTICLES and words[i] not in FILLERS:
                out.append(words[i])
            i += 1
    return out


def _key(words: Sequence[str]) -> str:
    """Words joined without separators ("time out" = "timeout"), except between two numbers."""
    key = ""
    for word in words:
        if key and key[-1].isdigit() and word[:1].isdigit():
            key += " "
        key += word
    return key


# -- commands ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Command:
    name: str
    bsd: frozenset[str]  # option letters written without a dash (`ps aux`)
    short: frozenset[str]  # option letters after one dash, clustered or not (`-ef`, `-e -f`)
    long: frozenset[str]  # long option names (`--sort` of `--sort=-%mem`)
    args: tuple[str, ...]  # everything else, case-folded


def _split_command(text: str) -> list[str]:
    text = unicodedata.normalize("NFKC", text).translate(_DASHES).translate(_QUOTES)
    text = text.replace("`", " ").strip().strip("'\"").strip()
    text = text.split("|", 1)[0].strip()  # `ps aux | grep python`: the command is what counts
    if re.search(r"\S\.$", text):
        text = text[:-1]
    try:
        parts = shlex.split(text)
    except ValueError:
        parts = text.split()
    while parts and parts[0] in ("$", "#", "sudo"):
        parts = parts[1:]
    return parts


def parse_command(text: str, *, bsd: bool) -> Command | None:
    """A command line's name, options and arguments; `bsd`: the first bare word is options."""
    parts = _split_command(text)
    if not parts:
        return None
    bsd_letters: set[str] = set()
    short: set[str] = set()
    long: set[str] = set()
    args: list[str] = []
    bare_seen = False
    for part in parts[1:]:
        if part.startswith("--") and len(part) > 2:
            long.add(part.split("=", 1)[0])
        elif part.startswith("-") and len(part) > 1:
            short.update(part[1:])
        elif bsd and not bare_seen and part.isalpha():
            bsd_letters.update(part)
            bare_seen = True
        else:
            args.append(part.casefold())
    return Command(parts[0].casefold(), frozenset(bsd_letters), frozenset(short),
                   frozenset(long), tuple(args))  # fmt: skip


def _options_fit(given: frozenset[str], wanted: frozenset[str], extra: frozenset[str]) -> bool:
    return wanted <= given and ("*" in extra or given - wanted <= extra)


def command_matches(
    answer: str, accepted: str, extra_options: Iterable[str], context: Iterable[str]
) -> bool:
    """Whether `answer` is the command `accepted`, options in any order, with allowed extras."""
    want = parse_command(accepted, bsd=True)
    if want is None:
        return False
    got = parse_command(answer, bsd=bool(want.bsd))
    if got is None or got.name != want.name:
        return False
    if NEGATIONS.intersection(tokens(answer)):
        return False
    extras = frozenset(extra_options)
    letters = frozenset(e for e in extras if not e.startswith("--"))
    longs = frozenset(e for e in extras if e.startswith("--")) | (extras & {"*"})
    if not (
        _options_fit(got.bsd, want.bsd, letters)
        and _options_fit(got.short, want.short, letters)
        and _options_fit(got.long, want.long, longs)
    ):
        return False
    allowed_args = set(want.args) | {c.casefold() for c in context}
    return set(want.args) <= set(got.args) and all(a in allowed_args for a in got.args)


# -- the matcher ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Matcher:
    """Compiled matching data of one short question."""

    accepted: tuple[str, ...]
    context: tuple[str, ...] = ()
    command: bool = False
    extra_options: tuple[str, ...] = ()

    @property
    def context_phrases(self) -> list[tuple[str, ...]]:
        return _phrases(self.context)

    def keys(self) -> dict[str, str]:
        """key -> accepted text; an accepted text that is only context words has no key."""
        phrases = self.context_phrases
        out: dict[str, str] = {}
        for text in self.accepted:
            key = _key(strip_context(tokens(text), phrases))
            if key:
                out.setdefault(key, text)
        return out

    def remainder(self, answer: str) -> list[str]:
        """The answer's words once context, articles and fillers are gone."""
        return strip_context(tokens(answer), self.context_phrases)

    def matches(self, answer: str) -> bool:
        if _key(self.remainder(answer)) in self.keys():
            return True
        if self.command:
            return any(
                command_matches(answer, a, self.extra_options, self.context) for a in self.accepted
            )
        return False
