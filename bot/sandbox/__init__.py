"""Running member code safely: RestrictedPython in isolated, resource-limited, pre-warmed processes.

Layers, outermost first:

1. Capacity (`process.ProcessSandbox`, in the bot): at most `workers` runs at once, `queue_size`
   waiting (then `SandboxBusy`), `runs_per_minute` per member (then `RateLimited`).
2. Process isolation (`template`, `child`): member code never runs in the bot's process. A template
   process, started with an empty environment and already holding RestrictedPython and the
   allowlisted modules, forks one child per snippet. The child starts a new session, keeps only
   its output and result pipes, works in an empty temporary directory, drops root, and runs under
   rlimits (CPU, address space, file size 0, no new processes, few files) and a recursion limit;
   the template kills its whole process group at the wall-clock deadline or when output exceeds
   the cap.
3. Language policy (`policy`): `compile_restricted`, guarded attribute/item/iteration/write access,
   a small builtins set, an import allowlist, no underscore names, no open/eval/exec/compile/
   globals/vars/breakpoint/input.
4. Results (`results`, `values`): typed statuses, output and tracebacks cut to what chat shows and to
   the member's own frames; grading compares encoded return values in the bot, so hidden expected
   values never reach member code, and output or errors of hidden tests are never shown.
"""

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
