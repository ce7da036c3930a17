"""Running member code safely: RestrictedPython in isolated, resource-limited, pre-warmed processes.

Layers, outermost first:

1. Capacity (`process.ProcessSandbox`, in the bot): at most `workers` runs at once, `queue_size`
   waiting (then `SandboxBusy`), `runs_per_minute` per member (then `RateLimited`). If the template
   process dies, the runs in flight come back as errors and the next run starts a new one.
2. Process isolation (`template`, `children`, `child`): member code never runs in the bot's
   process. A template process, started with an empty environment and already holding
   RestrictedPython, the allowlisted modules and a ready member namespace, forks one child per
   snippet; a couple of children are forked ahead (while nothing runs) and wait, locked down, for
   their single request. A child starts a new session, keeps only its output and result pipes,
   works in an empty temporary directory, drops root (to nobody), and runs under rlimits (CPU,
   address space, file size 0, no new processes, few files) and a recursion limit; the template
   kills its whole process group at the wall-clock deadline or when output exceeds the cap. The
   bot process itself is made non-dumpable so that even a same-user process cannot read its
   memory or /proc/<pid>/environ.
3. Language policy (`policy`, `transformer`, `modules`): `compile_restricted` (relaxed for
   `counts[k] += 1`, `nonlocal` and annotations, through the same guards), guarded
   attribute/item/iteration/write access, a small builtins set, an import allowlist served as
   filtered module proxies (no underscore names, no other modules, no attribute-by-name or eval
   helpers), no open/eval/exec/compile/globals/vars/breakpoint/input.
4. Results (`results`, `values`, `checks`): typed statuses, output and tracebacks cut to what chat
   shows and to the member's own frames. Grading compares return values, encoded as plain data,
   in the bot: hidden expected values never reach the child, a lying `__eq__` passes nothing, and
   output or errors of hidden tests are never shown.
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
