"""End to end in a real headless browser (Debian's chromium, driven by Playwright): the real
`studybot` terminal chat with the web pages on; `/dashboard` prints a member's and an admin's
link; the member sees the board and its chart and is refused an admin page; the admin changes
the schedule in the form and the bot's next post follows it. Screenshots of every page go to
tests/artifacts/ (gitignored).

Without a browser the test is skipped with the reason, except under CI=true, where `.ci/run`
installs chromium and a missing browser is a failure."""

from __future__ import annotations

import asyncio
import os
import re
import shutil
import sys
from pathlib import Path

import pytest

from tests.banks import choice_question
from tests.conftest import write_bank

CHROMIUM = os.environ.get("STUDYBOT_CHROMIUM", "/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]  # fmt: skip
ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts" / "web"
LINK = re.compile(r"(http://127\.0\.0\.1:\d+/web/[A-Za-z0-9_-]+/)")
BANK = choice_question("e2e.pick.choice", "letters")


def _browser_or_skip():
    missing = []
    try:
        from playwright.async_api import async_playwright
    except ImportError:
        missing.append("the playwright package (pip install -e '.[test]')")
        async_playwright = None
    if not (Path(CHROMIUM).exists() or shutil.which(CHROMIUM)):
        missing.append(f"chromium at {CHROMIUM} (apt-get install chromium)")
    if missing:
        reason = "no browser for the end-to-end web test: missing " + " and ".join(missing)
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(reason + "; .ci/run should have installed it")
        pytest.skip(reason)
    return async_playwright


class Chat:
    """The terminal chat as a child process: send a line, wait for output matching a pattern."""

    def __init__(self, proc: asyncio.subprocess.Process) -> None:
        self.proc, self.out = proc, ""

    async def expect(self, pattern: str, timeout: float = 30) -> re.Match[str]:
        regex = re.compile(pattern)
        start = len(self.out) if not hasattr(self, "_mark") else self._mark
        async with asyncio.timeout(timeout):
            while (found := regex.search(self.out, start)) is None:
                chunk = await self.proc.stdout.read(4096)
                if not chunk:
                    raise AssertionError(f"chat ended before {pattern!r}:\n{self.out}")
                self.out += chunk.decode()
        self._mark = found.end()
        return found

    async def send(self, line: str) -> None:
        self.proc.stdin.write((line + "\n").encode())
        await self.proc.stdin.drain()


@pytest.mark.timeout(120)
async def test_dashboard_links_in_a_real_browser(tmp_path: Path):
    async_playwright = _browser_or_skip()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    write_bank(tmp_path / "bank", BANK)
    config = tmp_path / "studybot.toml"
    config.write_text(
        f'[database]\npath = "{tmp_path / "web.db"}"\n'
        f'[questions]\nbundled = false\ndirs = ["{tmp_path / "bank"}"]\n'
        '[schedule]\ntimezone = "UTC"\npost_time = "09:00"\nreveal_time = "18:00"\n'
        '[server]\nhost = "127.0.0.1"\nport = 0\n[web]\nenabled = "on"\n',
        encoding="utf-8",
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DISCORD_", "SLACK_"))}
    env["PYTHONUNBUFFERED"] = "1"
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", "run", "--config", str(config), "--date", "2026-03-02",
        stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT, env=env, cwd=tmp_path,
    )  # fmt: skip
    chat = Chat(proc)
    try:
        await chat.expect(r"Which letter is the second one\?")
        for line, wait in [("B", r"\[you\]"), ("/as alice", "You are now alice"),
                           ("A", r"\[alice\]"), ("/as you", "You are now you"),
                           ("/reveal", "B is the second letter")]:  # fmt: skip
            await chat.send(line)
            await chat.expect(wait)
        await chat.send("/as alice")
        await chat.expect("You are now alice")
        await chat.send("/dashboard")
        member_link = (await chat.expect(LINK.pattern)).group(1)
        await chat.send("/as you")
        await chat.expect("You are now you")
        await chat.send("/dashboard")
        admin_link = (await chat.expect(LINK.pattern)).group(1)
        assert member_link != admin_link

        async with async_playwright() as pw:
            browser = await pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            try:
                page = await browser.new_page(viewport={"width": 414, "height": 900})  # a phone

                async def shot(name: str) -> None:
                    await page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)

                # the member: the board and its chart
                response = await page.goto(member_link + "?period=all")
                assert response.status == 200
                assert await page.locator("svg.board-chart").is_visible()
                assert "alice (you)" in await page.locator("table").inner_text()
                await shot("1-board")
                await page.get_by_role("link", name="My points").click()
                assert await page.locator("svg.points-chart polyline").count() == 1
                await shot("2-member")
                await page.get_by_role("link", name="Topics").click()
                assert await page.locator("svg.topics-chart").is_visible()
                await shot("3-topics")
                await page.get_by_role("link", name="Rounds").click()
                await shot("4-rounds")
                await page.get_by_role("link", name="Pick B").click()
                assert "B is the second letter." in await page.content()
                assert await page.locator("svg.options-chart").is_visible()
                await shot("5-round")
                # keyboard: the first Tab reaches the skip link
                await page.keyboard.press("Tab")
                assert await page.evaluate("document.activeElement.textContent") == (
                    "Skip to content"
                )
                # refused an admin page
                response = await page.goto(member_link + "admin/schedule")
                assert response.status == 403
                assert "for the group's admins" in await page.locator("h1").inner_text()
                await shot("6-admin-refused")
                response = await page.goto(member_link[:-8] + "AAAAAAA/")
                assert response.status == 403
                assert "not valid" in await page.locator("h1").inner_text()
                await shot("7-tampered")

                # the admin changes the schedule in the form
                await page.goto(admin_link)
                await page.get_by_role("link", name="Schedule").click()
                await page.get_by_label("Posting time").fill("07:30")
                await shot("8-schedule-form")
                await page.get_by_role("button", name="Save schedule").click()
                assert "Saved." in await page.locator("[role=status]").inner_text()
                await shot("9-schedule-saved")
                await page.get_by_role("link", name="Question bank").click()
                await page.get_by_label("letters").check()
                await page.get_by_role("button", name="Filter").click()
                assert "Pick B" in await page.locator("table").inner_text()
                await shot("10-bank")
            finally:
                await browser.close()

        # the bot follows the new schedule: /schedule shows it, the next post is at 07:30
        await chat.send("/schedule")
        await chat.expect(r"Posts at 07:30 UTC")
        await chat.send("/nextday")
        await chat.expect(r"--- Tue 03 Mar 07:30 UTC")
        await chat.expect(r"Which letter is the second one\?")
    finally:
        if proc.returncode is None:
            proc.stdin.close()
            try:
                await asyncio.wait_for(proc.wait(), 15)
            except TimeoutError:
                proc.kill()
                await proc.wait()
