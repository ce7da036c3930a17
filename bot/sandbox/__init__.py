"""Running member code safely: forked, locked-down processes behind a seccomp syscall allowlist.

Member code is hostile. The operating system is the boundary; RestrictedPython is hygiene.
Layers, outermost first:

1. Capacity (`process.ProcessSandbox`, `capacity.FairSlots`, in the bot): at most `workers` runs at
   once, `queue_size` waiting and `member_queue` waiting per member (then `SandboxBusy`),
   `runs_per_minute` per member (then `RateLimited`); a freed worker goes to the member with the
   fewest runs in progress. If the template process dies, the runs in flight come back as errors
   and the next run starts a new one.
2. Process isolation (`boot`, `template`, `wire`, `children`, `child`): a template process,
   started with an empty environment and already holding RestrictedPython, the allowlisted modules
   (warmed, lazy imports included) and a ready member namespace, forks one child per snippet; a
   couple are forked ahead
   and wait, locked down, for their single request. A child starts a new session, keeps only its
   output and result pipes, drops root (to nobody) when started as root, and runs under rlimits
   (CPU, address space, file size 0, no new processes, few files) and a recursion limit; the
   template kills its whole process group at the wall-clock deadline or when output exceeds the
   cap. Bot and template are non-dumpable; as root the template has an empty network namespace.
   The template keeps members' data only in buffers no child inherits (`wire`).
3. Syscall allowlist (`seccomp`): the last step of a child's lock-down loads a seccomp-bpf filter
   built once in the template by libseccomp: memory, futex, clocks, randomness, own signals, read
   of the request pipe, write of the output/result pipes, close, exit and asyncio's in-process
   needs. Anything else fails with EPERM; foreign-architecture calls kill the child.
4. Language policy (`policy`, `guards`, `transformer`, `modules`, `safe_sys`): `compile_restricted`
   relaxed for ordinary interview code (underscore names, dunder methods, match, str.format),
   guarded access that refuses frames, code objects, globals/builtins introspection and writes to
   foreign classes, and an import allowlist served as filtered module proxies.
5. Results (`results`, `values`, `checks`): typed statuses, output kept whole up to the cap
   (`RunResult.full_output`) and cut for chat, tracebacks trimmed to the member's own frames.
   Grading compares return values, encoded as plain data, in the bot, type-strictly: hidden
   expected values never reach the child, a lying `__eq__` passes nothing, and output or errors
   of hidden tests are never shown.
"""

from typing import TYPE_CHECKING

from bot.sandbox.api import (
    DEFAULT_ALLOWED_MODULES,
    GradeResult,
    RateLimited,
    RunResult,
    RunStatus,
    Sandbox,
    SandboxBusy,
    SandboxSettings,
)

if TYPE_CHECKING:
    from bot.sandbox.process import ProcessSandbox


def __getattr__(name: str) -> object:
    # Lazy: the template process imports this package too, and must stay small (it is forked
    # for every snippet) without asyncio and the rest of the bot side.
    if name == "ProcessSandbox":
        from bot.sandbox.process import ProcessSandbox

        return ProcessSandbox
    raise AttributeError(name)


__all__ = [
    "DEFAULT_ALLOWED_MODULES",
    "GradeResult",
    "ProcessSandbox",
    "RateLimited",
    "RunResult",
    "RunStatus",
    "Sandbox",
    "SandboxBusy",
    "SandboxSettings",
]
