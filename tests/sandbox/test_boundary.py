"""The OS boundary on its own: every attack of boundary_attacks.py, as plain Python with the
language layer switched off, is refused by the process layer, as root (children drop to nobody
in an empty network namespace) and as an unprivileged uid (the Docker image's case: bot, template
and children share one uid and no namespace). The whole table also runs with the language layer
on. After each attack the bot, the template, another member's concurrent run, a same-uid wrapper
process, the loopback listeners and the files are checked for harm (boundary_runner.py)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import pytest
from boundary_attacks import ATTACKS, KILLED

from tests.unprivileged import AS_ROOT, NOBODY, unprivileged

RUNNER = Path(__file__).with_name("boundary_runner.py")


def _run(mode: str, as_nobody: bool) -> dict[str, Any]:
    folder = tempfile.mkdtemp(prefix="boundary-report-")
    os.chmod(folder, 0o777)
    out = os.path.join(folder, "report.json")
    argv = [sys.executable, str(RUNNER), mode, out]
    if as_nobody:
        argv = unprivileged(argv)
    try:
        done = subprocess.run(argv, capture_output=True, text=True, timeout=240, cwd=folder)
        assert done.returncode == 0, done.stderr[-3000:]
        return json.loads(Path(out).read_text())
    finally:
        shutil.rmtree(folder, ignore_errors=True)


CASES = {
    "plain-root": ("plain", False),
    "plain-nobody": ("plain", True),
    "restricted": ("restricted", False),
}
_reports: dict[str, dict[str, Any]] = {}


@pytest.fixture(scope="module", params=list(CASES))
def report(request: pytest.FixtureRequest) -> dict[str, Any]:
    case = request.param
    if case == "plain-root" and not AS_ROOT:
        pytest.skip("the tests do not run as root here: the unprivileged case covers this")
    if case not in _reports:
        mode, as_nobody = CASES[case]
        _reports[case] = {**_run(mode, as_nobody and AS_ROOT), "case": case}
    return _reports[case]


def test_the_attack_table_is_broad() -> None:
    assert len(ATTACKS) >= 60
    assert len({a.id for a in ATTACKS}) == len(ATTACKS)


def test_report_covers_every_attack_as_the_intended_user(report: dict[str, Any]) -> None:
    assert [r["id"] for r in report["results"]] == [a.id for a in ATTACKS]
    if report["case"] == "plain-nobody":
        assert report["uid"] == NOBODY
    elif report["case"] == "plain-root":
        assert report["uid"] == 0
    assert report["after"] == "42\n"  # the sandbox still works after all of them


@pytest.mark.parametrize("attack", ATTACKS, ids=lambda a: a.id)
def test_attack_does_no_harm(report: dict[str, Any], attack: Any) -> None:
    result = next(r for r in report["results"] if r["id"] == attack.id)
    assert result["harm"] == [], result


@pytest.mark.parametrize("attack", ATTACKS, ids=lambda a: a.id)
def test_attack_is_refused_by_the_process_layer(report: dict[str, Any], attack: Any) -> None:
    """With the language layer off, the refusal comes from the kernel: EPERM, or the kill."""
    if report["mode"] != "plain":
        pytest.skip("with the language layer on, most attacks stop before reaching the OS")
    result = next(r for r in report["results"] if r["id"] == attack.id)
    if attack.evidence == KILLED:
        assert result["status"] == "error" and KILLED in result["traceback"], result
    elif attack.evidence:
        last = (result["traceback"].strip().splitlines() or [""])[-1]
        assert result["status"] == "error" and attack.evidence in last, result


@pytest.mark.skipif(not AS_ROOT, reason="the control run needs root (its children are nobody)")
def test_the_harm_detectors_see_harm_when_the_filter_is_off() -> None:
    """Control: the same attacks with the syscall filter switched off (children still nobody, in
    an empty network namespace) do harm that the runner reports, so a clean report means the
    filter stopped them, not that nothing was looked at."""
    report = _run("unfiltered", as_nobody=False)
    harmed = {r["id"]: r["harm"] for r in report["results"] if r["harm"]}
    assert {"read-passwd", "read-bank", "read-db", "mkdir-tmp", "create-file"} <= set(harmed)
    assert any("other member's run broke" in h for h in harmed["kill-other-runs"])
