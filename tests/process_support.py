"""banbot processes in tests: stopped by a signal and timed, and never left running after a test."""

from __future__ import annotations

import asyncio
import contextlib
import signal
import time
from collections.abc import AsyncIterator


@contextlib.asynccontextmanager
async def reaped(*processes: asyncio.subprocess.Process) -> AsyncIterator[None]:
    """Kill whichever of the processes still runs when the block ends, so a failed test leaves none."""
    try:
        yield
    finally:
        for process in processes:
            if process.returncode is None:
                process.kill()
                await process.wait()


async def signalled(
    *processes: asyncio.subprocess.Process, signum: int = signal.SIGTERM, timeout: float = 30
) -> float:
    """Send ``signum`` to each process and wait until all have exited; the seconds that took."""
    for process in processes:
        process.send_signal(signum)
    sent = time.monotonic()
    await asyncio.wait_for(asyncio.gather(*(process.wait() for process in processes)), timeout)
    return time.monotonic() - sent
