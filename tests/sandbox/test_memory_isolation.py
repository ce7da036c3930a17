"""A child forked while other members' runs are in flight inherits none of their data.

Children are forked from the template, so they start with a copy of its memory. The template keeps
requests, output and result events only in buffers children never inherit (`bot.sandbox.wire`).
Here two members' runs are in flight (their code and their output hold a marker) when a third
run forces an on-demand fork; that child walks the template's objects it inherited, as code that
escaped the language layer could, and looks for the markers.
"""

from __future__ import annotations

import asyncio
import dataclasses
from collections.abc import AsyncIterator

import pytest
import pytest_asyncio
from sandbox_support import TEST_SETTINGS

from bot.sandbox import ProcessSandbox

pytestmark = pytest.mark.asyncio(loop_scope="module")

CODE_MARKER = "code-of-another-member-5b2f"
OUTPUT_MARKER = "output-of-another-member-9c4d"
VICTIM = (
    f"secret = {CODE_MARKER!r}\n"
    f"print({OUTPUT_MARKER!r}, flush=True)\n"
    "import time\ntime.sleep(0.8)\nprint('done')\n"
)
SNOOP = f"""
import gc
template = next(o for o in gc.get_objects() if type(o).__name__ == "Template")
seen = []
def look(value):
    text = repr(value)
    for marker in ({CODE_MARKER!r}, {OUTPUT_MARKER!r}):
        if marker in text:
            seen.append(marker)
for child in template.children.values():
    look(vars(child))  # what the template records about each child
look(vars(template))
print("plain objects:", sorted(set(seen)), flush=True)
for child in template.children.values():  # the buffers themselves are not mapped here
    for buffer in (child.output, child.results):
        look(bytes(buffer.map))  # the whole mapping, stale bytes included
look(bytes(template.inbuf.map))
print("buffers:", sorted(set(seen)), flush=True)
"""


@pytest_asyncio.fixture(loop_scope="module", scope="module")
async def box() -> AsyncIterator[ProcessSandbox]:
    sandbox = ProcessSandbox(dataclasses.replace(TEST_SETTINGS, workers=3, wall_seconds=3.0))
    await sandbox.start()
    try:
        yield sandbox
    finally:
        await sandbox.close()


async def test_a_child_forked_during_other_runs_holds_none_of_their_data(
    box: ProcessSandbox,
) -> None:
    victims = [asyncio.create_task(box.run_unrestricted(VICTIM)) for _ in range(2)]
    await asyncio.sleep(0.3)  # both run, the spares are used up: the next run forks on demand
    snoop = await box.run_unrestricted(SNOOP)
    for victim in victims:
        result = await victim
        assert result.ok and result.stdout == f"{OUTPUT_MARKER}\ndone\n", result
    shown = snoop.stdout + snoop.traceback
    assert "plain objects: []" in shown, shown  # it did reach the template's records
    assert CODE_MARKER not in shown and OUTPUT_MARKER not in shown
    # The buffers are not there at all: touching them ends the snooping child (reading only up to
    # `length` could read nothing once the template has forwarded and cleared a buffer).
    assert "buffers:" not in shown
