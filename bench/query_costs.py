"""What a benchmark's statements cost: wall time, the CPU of the thread that ran them and, on a
PostgreSQL server on this machine, the CPU of the server process (backend) of each connection,
read from /proc/PID/stat. On a shared machine wall times are mostly waiting for a core; CPU
seconds are not. A parallel worker's CPU is its own process's, not counted here: run with
PGOPTIONS='-c max_parallel_workers_per_gather=0' to see all of a query's CPU."""

from __future__ import annotations

import os
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Engine

TICKS = os.sysconf("SC_CLK_TCK")


def process_cpu(pid: int) -> float | None:
    """User and system CPU seconds of process `pid` (None when it cannot be read)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / TICKS  # utime and stime: fields 14 and 15


@dataclass
class Statement:
    text: str
    wall: float
    thread_cpu: float
    server_cpu: float | None


@dataclass
class QueryCosts:
    """Attached to an engine before its first connection; read `server_cpu()` before disposing."""

    statements: list[Statement] = field(default_factory=list)
    backends: dict[int, float | None] = field(default_factory=dict)  # pid -> CPU at connect
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def attach(self, engine: Engine) -> None:
        sa.event.listen(engine, "connect", self._connected)
        sa.event.listen(engine, "before_cursor_execute", self._before)
        sa.event.listen(engine, "after_cursor_execute", self._after)

    def server_cpu(self) -> float | None:
        """CPU seconds the connections' backends spent since they were opened."""
        if not self.backends:
            return None
        spent = 0.0
        for pid, at_start in self.backends.items():
            now = process_cpu(pid)
            if now is None or at_start is None:
                return None
            spent += now - at_start
        return spent

    def _connected(self, dbapi_connection: Any, record: Any) -> None:
        pid = getattr(getattr(dbapi_connection, "info", None), "backend_pid", None)
        if isinstance(pid, int):
            record.info["backend_pid"] = pid
            with self._lock:
                self.backends[pid] = process_cpu(pid)

    def _before(self, conn: Any, cursor: Any, statement: str, *_: Any) -> None:
        pid = conn.connection.info.get("backend_pid")
        server = process_cpu(pid) if pid else None
        conn.info.setdefault("query_costs", []).append(
            (time.monotonic(), time.thread_time(), server)
        )

    def _after(self, conn: Any, cursor: Any, statement: str, *_: Any) -> None:
        wall, cpu, server = conn.info["query_costs"].pop()
        pid = conn.connection.info.get("backend_pid")
        server_now = process_cpu(pid) if pid else None
        spent = None if server is None or server_now is None else server_now - server
        with self._lock:
            self.statements.append(
                Statement(
                    " ".join(statement.split())[:160],
                    time.monotonic() - wall,
                    time.thread_time() - cpu,
                    spent,
                )
            )

    def table(self, *, top: int = 25) -> str:
        """The costliest statements, by server CPU (PostgreSQL) or by this side's CPU."""
        ranked = sorted(self.statements, key=lambda s: -(s.server_cpu or 0.0) - s.thread_cpu)[:top]
        lines = [" server   client   wall  statement"]
        lines += [
            f"{s.server_cpu or 0.0:7.2f} {s.thread_cpu:7.2f} {s.wall:7.2f}  {s.text}"
            for s in ranked
        ]
        return "\n".join(lines)
