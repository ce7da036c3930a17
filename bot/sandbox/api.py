"""The sandbox's public interface: settings, results and the Sandbox protocol.

Everything that runs member code (code answers, /run, `studybot questions check`) goes through an
object implementing `Sandbox`. Member code never runs in the bot's own process.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from bot.bank.model import CodeSpec

DEFAULT_ALLOWED_MODULES: tuple[str, ...] = (
    "math", "itertools", "functools", "collections", "heapq", "bisect", "re", "string",
    "operator", "statistics", "random", "dataclasses", "typing", "copy", "json", "fractions",
    "decimal", "enum", "abc", "contextlib", "datetime", "textwrap", "ipaddress", "array",
    "unicodedata", "hashlib", "base64", "uuid", "time", "pprint", "numbers", "graphlib",
    "secrets", "struct", "binascii", "calendar", "difflib", "fnmatch", "keyword", "queue", "zlib",
    "sys", "io", "asyncio",
)  # fmt: skip


@dataclass(frozen=True)
class SandboxSettings:
    workers: int = 2  # concurrent child processes
    queue_size: int = 32  # waiting runs before members are told "busy"
    cpu_seconds: int = 2  # RLIMIT_CPU per run
    wall_seconds: float = (
        5.0  # wall-clock timeout per run (a code question's time_limit may lower it)
    )
    memory_mb: int = 256  # RLIMIT_AS per run
    max_open_files: int = 16
    recursion_limit: int = 1000
    output_bytes: int = 65536  # collected from stdout+stderr; beyond it the run stops: OUTPUT_LIMIT
    shown_chars: int = 1900  # what a chat reply shows at most
    shown_lines: int = 30
    runs_per_minute: int = 10  # per member; 0 disables the rate limit
    member_queue: int = 2  # runs one member may have waiting at once (beyond: SandboxBusy)
    # The seccomp syscall allowlist in every child. Switch off only to measure its cost
    # (bench/sandbox.py); without it member code that escapes the language layer reaches the OS.
    seccomp: bool = True
    # Modules the template imports before forking, beyond allowed_modules, so that tests of the
    # OS layer (unrestricted code) reach the syscalls themselves (socket, ctypes...). Not for
    # production: member code still cannot import them.
    preload_modules: tuple[str, ...] = ()
    allowed_modules: tuple[str, ...] = field(default=DEFAULT_ALLOWED_MODULES)


class RunStatus(StrEnum):
    OK = "ok"
    ERROR = "error"  # the code raised
    COMPILE_ERROR = "compile_error"  # syntax error or refused by the language policy
    TIMEOUT = "timeout"  # wall clock or CPU limit
    MEMORY = "memory"  # address-space limit hit (MemoryError or killed)
    OUTPUT_LIMIT = "output_limit"


@dataclass(frozen=True)
class RunResult:
    status: RunStatus
    stdout: str  # captured stdout+stderr, already trimmed to what may be shown
    traceback: str  # trimmed to the member's own code; "" when OK
    duration: float  # seconds, wall clock
    truncated: bool = False  # True when stdout was cut for display
    # everything printed (stdout+stderr), up to settings.output_bytes; "" when nothing was kept
    full_output: str = ""

    @property
    def ok(self) -> bool:
        return self.status is RunStatus.OK


@dataclass(frozen=True)
class GradeResult:
    passed: int
    total: int
    first_failure: (
        str | None
    )  # describes the first failing *public* example; hidden tests stay hidden
    run: RunResult  # the grading run itself (status ERROR/TIMEOUT/... when the code failed to load)

    @property
    def fraction(self) -> float:
        return self.passed / self.total if self.total else 0.0


class SandboxBusy(Exception):
    """The pool and its queue are full: tell the member to try again in a moment."""


class RateLimited(Exception):
    """This member ran too many snippets in the last minute."""

    def __init__(self, retry_after: float) -> None:
        super().__init__(f"rate limited, retry after {retry_after:.0f}s")
        self.retry_after = retry_after


class Sandbox(Protocol):
    async def start(self) -> None: ...

    async def close(self) -> None: ...

    async def run(self, code: str, *, member: str | None = None) -> RunResult:
        """Run a snippet (as for /run). `member` is a key for the per-member rate limit."""
        ...

    async def grade(self, code: str, spec: CodeSpec, *, member: str | None = None) -> GradeResult:
        """Grade a member's code against a code question's examples and hidden tests."""
        ...
