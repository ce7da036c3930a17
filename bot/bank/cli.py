"""`studybot questions check [PATH...]` and `studybot questions list [--topic T]`."""

from __future__ import annotations

import argparse
import asyncio
import sys
from pathlib import Path
from typing import Any, TextIO

from bot.bank.check import CheckReport, check_bank
from bot.bank.errors import BankError
from bot.bank.loader import load_bank
from bot.bank.model import Kind
from bot.bank.paths import bundled_bank_dir
from bot.storage.files import DatabaseFileError

KIND_ORDER = [k.value for k in Kind]


def register(subparsers: Any) -> None:
    """Add the `questions` command (with `check` and `list`) to the studybot parser."""
    questions = subparsers.add_parser("questions", help="check or list the question bank")
    sub = questions.add_subparsers(
        dest="questions_command", required=True, metavar="{check,list,export-suggestions}"
    )
    check = sub.add_parser(
        "check",
        help="validate question files and run every code reference in the sandbox",
        description="Validate question files (schema, duplicate ids) and run each code "
        "question's reference solution against all its tests in the sandbox. Exit 1 on problems.",
    )
    check.add_argument(
        "paths", nargs="*", type=Path, help="directories or files (default: the configured bank)"
    )
    check.add_argument(
        "--no-sandbox", action="store_true", help="only validate files; do not run references"
    )
    check.set_defaults(func=cmd_check)
    listing = sub.add_parser("list", help="print the questions of the bank")
    listing.add_argument("--topic", action="append", help="only this topic (repeatable)")
    listing.add_argument("paths", nargs="*", type=Path, help="directories or files")
    listing.set_defaults(func=cmd_list)
    export = sub.add_parser(
        "export-suggestions",
        help="write the members' accepted suggestions as a question file for the shared bank",
        description="Write the questions members suggested and admins accepted (/suggest, "
        "/suggestions accept) as one TOML question file, each credited in a comment.",
    )
    export.add_argument("-o", "--output", type=Path, help="the file to write (default: stdout)")
    export.add_argument("--group", help="only the group with this name or channel id")
    export.set_defaults(func=cmd_export_suggestions)
    for command in (check, listing, export):
        command.add_argument(
            "--config", default=argparse.SUPPRESS, help="TOML config file (its [questions])"
        )


def default_dirs(args: argparse.Namespace) -> list[Path]:
    """The configured bank directories (bundled + config's extra dirs), or the bundled folder."""
    if getattr(args, "paths", None):
        return list(args.paths)
    try:
        from bot.app import bank_dirs
        from bot.cli import load
    except ImportError:  # pragma: no cover - running without the app layer
        return [bundled_bank_dir()]
    return bank_dirs(load(args))


def _no_bank(dirs: list[Path]) -> bool:
    """Say (in one line) why there is no bank to look at: none configured, or a missing path."""
    if not dirs:
        print("studybot: no question bank: [questions] bundled = false and dirs is empty; "
              "name folders or files, or set bundled = true", file=sys.stderr)  # fmt: skip
        return True
    missing = [str(d) for d in dirs if not Path(d).exists()]
    if missing:
        print(f"studybot: no such question folder or file: {', '.join(missing)}", file=sys.stderr)
        return True
    return False


def cmd_check(args: argparse.Namespace, out: TextIO | None = None) -> int:
    out = out or sys.stdout
    dirs = default_dirs(args)
    if _no_bank(dirs):
        return 1
    try:
        report = asyncio.run(_check(dirs, sandboxed=not args.no_sandbox))
    except OSError as exc:  # the sandbox could not start (e.g. no fork on this platform)
        print(f"studybot: the sandbox could not start ({exc}); use --no-sandbox to only "
              "validate the files", file=sys.stderr)  # fmt: skip
        return 1
    print_report(report, dirs, out)
    if not report.ok:  # the report is on stdout; the verdict, in one line, on stderr
        failing = [*report.problems, *(f"{c.question.source}: question {c.question.id!r}: "
                   "reference solution fails its tests" for c in report.code if not c.ok)]  # fmt: skip
        more = f" (and {len(failing) - 1} more above)" if len(failing) > 1 else ""
        print(f"studybot: question bank check failed: {failing[0]}{more}", file=sys.stderr)
    return 0 if report.ok else 1


async def _check(dirs: list[Path], *, sandboxed: bool) -> CheckReport:
    if not sandboxed:
        return await check_bank(dirs, None)
    from bot.sandbox import ProcessSandbox, SandboxSettings

    sandbox = ProcessSandbox(SandboxSettings())
    await sandbox.start()
    try:
        return await check_bank(dirs, sandbox)
    finally:
        await sandbox.close()


def print_report(report: CheckReport, dirs: list[Path], out: TextIO) -> None:
    for problem in report.problems:
        print(problem, file=out)
    for c in report.code:
        for name in c.wrong_passing:
            print(f"{c.question.source}: question {c.question.id!r}: field 'code.wrong': "
                  f"wrong solution {name!r} passes every test", file=out)  # fmt: skip
        if c.passed != c.total or c.failures:
            print(
                f"{c.question.source}: question {c.question.id!r}: reference solution passed "
                f"{c.passed}/{c.total} tests",
                file=out,
            )
            for failure in c.failures:
                print(f"    {failure}", file=out)
    counts = report.counts()
    print(f"\n{len(report.questions)} questions in {report.files} files "
          f"({', '.join(map(str, dirs))})", file=out)  # fmt: skip
    width = max([len("topic"), *(len(t) for t in counts)])
    print(
        f"  {'topic':<{width}}  " + "  ".join(f"{k:>6}" for k in [*KIND_ORDER, "total"]), file=out
    )
    for topic in sorted(counts):
        row = [counts[topic].get(k, 0) for k in KIND_ORDER]
        cells = "  ".join(f"{n:>6}" for n in [*row, sum(row)])
        print(f"  {topic:<{width}}  {cells}", file=out)
    if report.code:
        passed = sum(c.ok for c in report.code)
        slowest = max(report.code, key=lambda c: c.duration)
        print(
            f"code references: {passed}/{len(report.code)} pass all their tests in the sandbox "
            f"(slowest {slowest.question.id}: {slowest.duration:.2f} s)",
            file=out,
        )
        wrong = sum(c.wrong_total for c in report.code)
        refused = wrong - sum(len(c.wrong_passing) for c in report.code)
        print(f"wrong solutions: {refused}/{wrong} fail the tests", file=out)
    failing = len(report.problems) + sum(not c.ok for c in report.code)
    print("OK" if report.ok else f"FAILED: {failing} problem(s)", file=out)


def cmd_list(args: argparse.Namespace, out: TextIO | None = None) -> int:
    out = out or sys.stdout
    dirs = default_dirs(args)
    if _no_bank(dirs):
        return 1
    try:
        bank = load_bank(dirs)
    except BankError as exc:
        more = len(exc.problems) - 1
        tail = f" (and {more} more; `studybot questions check` lists them)" if more > 0 else ""
        print(f"studybot: {exc.problems[0]}{tail}", file=sys.stderr)
        return 1
    questions = bank.filter(args.topic)
    if args.topic and not questions:
        print(f"No questions for topic(s) {', '.join(args.topic)}; topics: "
              f"{', '.join(bank.topics())}", file=sys.stderr)  # fmt: skip
        return 1
    width = max(len(q.id) for q in questions) if questions else 0
    topic = None
    for q in sorted(questions, key=lambda q: (q.topic, q.id)):
        if q.topic != topic:
            topic = q.topic
            print(f"\n[{topic}]", file=out)
        print(f"  {q.id:<{width}}  {q.kind.value:<6}  d{q.difficulty}  {q.title}", file=out)
    print(f"\n{len(questions)} questions", file=out)
    return 0


def cmd_export_suggestions(args: argparse.Namespace, out: TextIO | None = None) -> int:
    """`studybot questions export-suggestions`: the accepted suggestions of the configured
    database as a bank file (validated by the bank's loader before it is written)."""
    import asyncio
    import tempfile

    from bot.cli import load
    from bot.core.suggestions import question_block
    from bot.export import ExportError

    database = load(args).database
    if not database.url and not Path(database.path).exists():
        print(f"studybot: no database at {database.path}", file=sys.stderr)
        return 1
    try:
        rows = asyncio.run(_accepted_suggestions(load(args), getattr(args, "group", None)))
    except (ExportError, DatabaseFileError) as exc:
        print(f"studybot: {exc}", file=sys.stderr)
        return 1
    blocks = [
        question_block(row.body, row.question_id,
                       f"suggested by {row.author_name} (suggestion #{row.id})")
        for row in rows
    ]  # fmt: skip
    text = "# Questions suggested by members and accepted by their group's admins.\n\n"
    text += "\n".join(blocks)
    with tempfile.TemporaryDirectory() as folder:  # the same validation as any bank file
        check = Path(folder) / "suggested.toml"
        check.write_text(text, encoding="utf-8")
        try:
            if blocks:
                load_bank([check])
        except BankError as exc:
            print(f"studybot: the export is not a valid bank file:\n{exc}", file=sys.stderr)
            return 1
    if getattr(args, "output", None):
        args.output.write_text(text, encoding="utf-8")
        print(f"{len(blocks)} suggested question(s) written to {args.output}", file=sys.stderr)
    else:
        print(text, end="", file=out or sys.stdout)
    return 0


async def _accepted_suggestions(config: Any, group_ref: str | None) -> list:
    """The accepted suggestions of every group, or of the group `group_ref` names."""
    from bot.core.settings import default_group_settings
    from bot.export import find_group
    from bot.storage.db import open_database
    from bot.storage.groups import GroupRepository
    from bot.storage.suggestions import SuggestionRepository

    db = await open_database(config.database.target).open(migrate=False)
    try:
        group_id = None
        if group_ref:
            groups = GroupRepository(db, default_group_settings(config.schedule))
            group_id = (await find_group(groups, group_ref)).id
        return await SuggestionRepository(db).in_state("accepted", group_id)
    finally:
        await db.close()
