"""Every seller template renders here: in a pool of render processes with limits the OS enforces.

The sandbox (environment.py and its guards) bounds what a template can build, but a hole in it
would cost a worker: 2.5 GB and 6 s of CPU in the sender, a killed worker whose dispatch is
claimed again and kills the next. So templates never run in a web or Celery process. Each
process that renders has its own small pool (started lazily, forgotten in a forked child:
gunicorn workers and Celery's prefork children each start theirs) of render processes
(child.py), forked from a zygote: a fresh interpreter with only the renderer imported and none
of our secrets in its environment. (multiprocessing's forkserver would pass the parent's
environment and re-import its __main__, gunicorn's or pytest's, in every child.) Per job:

- memory: RLIMIT_AS at the child's resident size plus RENDER_MEMORY_MB; past it the job ends
  with "the template used more than 64 MB of memory" and the child is replaced;
- CPU: an ITIMER_PROF timer of RENDER_CPU_MS kills the child in the middle of anything;
- wall clock: the parent kills a child whose job has run RENDER_WALL_MS (a stalled child).

A killed job gets its error; the other jobs of its batch are run again in a fresh child. Nothing
a template does reaches the caller as anything but a `Rendered` with an error: the worker, its
thread and its other renders carry on. Jobs go out in batches (one round trip per BATCH jobs), so
the process boundary costs a few microseconds a render.

`Rendered.ms` is the job's wall time (as the child measured it, or until the kill) and, with
`measure=True`, `peak_kb` the most resident memory it added (the child's VmHWM, reset per job;
None for a killed job, which the memory limit held within its budget too): the figures a
benchmark of hostile templates needs.
"""

from __future__ import annotations

import json
import mmap
import os
import signal
import socket
import struct
import subprocess
import sys
import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path
from typing import cast

from .errors import TemplateProblem, TemplateRenderError
from .protocol import (
    ANSWER_BYTES_PER_JOB,
    INDEX,
    MEMORY_ERROR,
    PROGRESS_SIZE,
    STARTED,
    VALIDATE_WEIGHT,
)

BATCH = 256  # jobs per round trip
STARTUP_SECONDS = 20.0  # the zygote imports and warms up in about 0.2 s; a fork takes milliseconds
ROOT = Path(__file__).resolve().parents[2]  # the project: the zygote's working directory and import path
# Room above the child's baseline that not even code escaping the sandbox can pass (the hard
# RLIMIT_AS), in budgets: the rest of the batch's answers and the compiled templates live there.
HARD_ROOM = 4


class RenderPoolUnavailable(RuntimeError):
    """No render process could be started or kept: our problem, not the template's. Try later."""


@dataclass(frozen=True)
class Limits:
    cpu_ms: int = 120
    wall_ms: int = 1000
    memory_mb: int = 64
    size: int = 2  # render processes per web or worker process
    measure: bool = False


def limits(**overrides) -> Limits:
    """The limits in force: settings RENDER_CPU_MS, RENDER_WALL_MS, RENDER_MEMORY_MB, RENDER_POOL_SIZE."""
    from django.conf import settings  # noqa: PLC0415 - not at the top: the zygote imports this module too

    values = {
        name: int(getattr(settings, f"RENDER_{key}", default))
        for name, key, default in (
            ("cpu_ms", "CPU_MS", Limits.cpu_ms),
            ("wall_ms", "WALL_MS", Limits.wall_ms),
            ("memory_mb", "MEMORY_MB", Limits.memory_mb),
            ("size", "POOL_SIZE", Limits.size),
        )
    }
    return Limits(**{**values, **overrides})


@dataclass(frozen=True)
class Rendered:
    """One job's outcome: the text, or the error (with the template line when known)."""

    text: str = ""
    error: str = ""
    line: int | None = None
    ms: float = 0.0
    peak_kb: int | None = None

    @property
    def ok(self) -> bool:
        return not self.error

    def text_or_raise(self) -> str:
        if self.error:
            raise TemplateRenderError(self.error, self.line)
        return self.text


# --- the public calls ------------------------------------------------------------------------------


def render_many(jobs: Iterable[tuple], *, measure: bool = False) -> list[Rendered]:
    """Render (source, context, locale, time_zone) jobs, in order. Raises RenderPoolUnavailable."""
    results = _run([("render", *job) for job in jobs], limits(measure=measure))
    return [
        Rendered(
            text=r.get("text", ""), error=r.get("error", ""), line=r.get("line"), ms=r["ms"], peak_kb=r.get("peak_kb")
        )
        for r in results
    ]


def render(source: str, context: dict, *, locale: str, time_zone: str) -> str:
    """rendering.render, in a render process: the text, or TemplateRenderError."""
    return render_many([(source, context, locale, time_zone)])[0].text_or_raise()


def validate(source: str) -> list[TemplateProblem]:
    """validation.validate in a render process, plus the synthetic order and the methods that make bytes."""
    [result] = _run([("validate", source)], limits())
    if "problems" in result:
        return [TemplateProblem(line, message, column) for line, message, column in result["problems"]]
    return [TemplateProblem(result.get("line") or 1, result["error"])]


# --- running jobs -------------------------------------------------------------------------------------


def _run(jobs: list[tuple], limit: Limits) -> list[dict]:
    results: list[dict | None] = [None] * len(jobs)
    pending = list(range(len(jobs)))
    unexplained = 0
    pool = _the_pool()
    while pending:
        batch, pending = pending[:BATCH], pending[BATCH:]
        child, keep = pool.take(limit), False
        try:
            answers, culprit, keep = child.run([jobs[i] for i in batch], limit)
        finally:  # interrupted (Celery's soft time limit): the child may owe an answer, let it go
            pool.give(child, keep, limit)
        for i, answer in zip(batch, answers, strict=False):
            results[i] = answer
        if culprit is not None:
            results[batch[culprit[0]]] = culprit[1]
        if answers or culprit is not None:
            unexplained = 0
        else:  # the child died between jobs, or before it took any: once may be bad luck
            unexplained += 1
            if unexplained > 1:
                raise RenderPoolUnavailable("the render process stopped before it could render")
        pending = [i for i in batch if results[i] is None] + pending
    return cast(list[dict], results)  # every job has its answer once nothing is pending


def _messages(limit: Limits, weight: int) -> dict[str, str]:
    return {
        "cpu": f"the template took longer than {limit.cpu_ms * weight} ms of CPU to render",
        "wall": f"the template took longer than {limit.wall_ms * weight} ms to render",
        "memory": MEMORY_ERROR.format(mb=limit.memory_mb),
    }


class _Zygote:
    """The process that forks render processes (child.py), started on first use."""

    def __init__(self, room: int):
        here, there = socket.socketpair()
        try:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "campaigns.templating.child", str(there.fileno()), str(room)],
                pass_fds=(there.fileno(),),
                env=_environment(),
                cwd=ROOT,
                stdin=subprocess.DEVNULL,
            )
        except OSError as error:
            here.close()
            raise RenderPoolUnavailable(f"cannot start the render processes: {error}") from error
        finally:
            there.close()
        self.control = here
        self.room = room

    def fork(self) -> tuple[int, Connection, mmap.mmap]:
        """A new render process: its pid, our end of its socket, the progress memory we share."""
        here, there = socket.socketpair()
        progress_fd = os.memfd_create("render-progress")
        try:
            os.ftruncate(progress_fd, PROGRESS_SIZE)
            progress = mmap.mmap(progress_fd, PROGRESS_SIZE)
            INDEX.pack_into(progress, 0, -1)
            self.control.settimeout(STARTUP_SECONDS)  # the first answer waits for the warm-up
            socket.send_fds(self.control, [b"f"], [there.fileno(), progress_fd])
            answer = b""
            while len(answer) < 4:
                chunk = self.control.recv(4 - len(answer))
                if not chunk:
                    raise EOFError("the zygote stopped")
                answer += chunk
        except (OSError, EOFError) as error:
            here.close()
            raise RenderPoolUnavailable(f"cannot start a render process: {error}") from error
        finally:
            there.close()
            os.close(progress_fd)
        return struct.unpack("=i", answer)[0], Connection(here.detach()), progress

    def close(self) -> None:
        self.control.close()  # it reads EOF and leaves; its children leave when their sockets close
        try:
            self.process.wait(timeout=1)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


class _Child:
    """One render process: our end of its socket and of its progress memory."""

    def __init__(self, zygote: _Zygote, limit: Limits):
        self.pid, self.conn, self.progress = zygote.fork()
        self.handle: int | None
        try:
            # A handle on this very process: a signal through it can never reach a later one
            # that reuses the pid (the zygote's kernel reaps its children at once).
            self.handle = os.pidfd_open(self.pid)
        except OSError:
            self.handle = None
        self.memory_mb = limit.memory_mb

    def run(self, jobs: list[tuple], limit: Limits) -> tuple[list[dict], tuple[int, dict] | None, bool]:
        """(answers for the first jobs, (index, error) of the job that ended this child, keep it?)"""
        try:
            self.conn.send(((max(limit.cpu_ms, 1) / 1000, limit.memory_mb << 20, limit.measure), jobs))
            sent = time.monotonic()
            while True:
                index, started = int(INDEX.unpack_from(self.progress, 0)[0]), STARTED.unpack_from(self.progress, 8)[0]
                running = 0 <= index < len(jobs)
                allowed = limit.wall_ms / 1000 * (_weight(jobs[index]) if running else 1)
                started = max(started, sent)
                if self.conn.poll(max(0.0, started + allowed - time.monotonic())):
                    answers, retire = _parse(self.conn.recv_bytes(len(jobs) * ANSWER_BYTES_PER_JOB + 4096), len(jobs))
                    return answers, None, not retire
                if INDEX.unpack_from(self.progress, 0)[0] == index and time.monotonic() >= started + allowed:
                    self.kill()
                    return [], self._blame(index, jobs, limit, "wall", started) if running else None, False
        except (EOFError, OSError, ValueError):  # it died, or answered nonsense: find out who ran
            self.kill()
            index = int(INDEX.unpack_from(self.progress, 0)[0])
            if not 0 <= index < len(jobs):
                return [], None, False
            started = STARTED.unpack_from(self.progress, 8)[0]
            # Its CPU timer ends a child with SIGPROF, which only the zygote sees: a child that
            # died after at least its CPU budget of wall time (never less than the CPU it used)
            # is taken to have used it up.
            spent = time.monotonic() - started
            reason = "cpu" if spent >= limit.cpu_ms / 1000 * _weight(jobs[index]) else None
            return [], self._blame(index, jobs, limit, reason, started), False

    @staticmethod
    def _blame(index, jobs, limit, reason, started) -> tuple[int, dict]:
        if reason is None:
            message = "the template stopped the render process"
        else:
            message = _messages(limit, _weight(jobs[index]))[reason]
        return index, {"error": message, "line": None, "ms": (time.monotonic() - started) * 1000, "peak_kb": None}

    def kill(self) -> None:
        try:
            if self.handle is not None:
                signal.pidfd_send_signal(self.handle, signal.SIGKILL)
            else:
                os.kill(self.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass

    def close(self) -> None:
        """Let it go: it reads EOF and leaves."""
        self.conn.close()
        self.progress.close()
        if self.handle is not None:
            os.close(self.handle)
            self.handle = None


def _weight(job: tuple) -> int:
    return VALIDATE_WEIGHT if job[0] == "validate" else 1


def _parse(data: bytes, count: int) -> tuple[list[dict], bool]:
    """The child's JSON answer, checked: this side trusts nothing a template could have shaped."""
    reply = json.loads(data)
    results = reply.get("results") if isinstance(reply, dict) else None
    if not isinstance(results, list) or len(results) > count:
        raise ValueError("malformed answer")
    for result in results:
        if not (
            isinstance(result, dict)
            and isinstance(result.get("ms"), float | int)
            and isinstance(result.get("text", ""), str)
            and isinstance(result.get("error", ""), str)
            and isinstance(result.get("line"), int | type(None))
            and isinstance(result.get("peak_kb"), int | type(None))
            and all(
                isinstance(p, list)
                and len(p) == 3
                and isinstance(p[0], int)
                and isinstance(p[1], str)
                and isinstance(p[2], int | type(None))
                for p in result.get("problems", [])
            )
        ):
            raise ValueError("malformed answer")
    return results, bool(reply.get("retire"))


def _environment() -> dict[str, str]:
    """Only what an interpreter needs: the children never see DATABASE_URL, SECRET_KEY and the rest."""
    keep = {
        name: os.environ[name] for name in ("PATH", "LANG", "LC_ALL", "PYTHONDONTWRITEBYTECODE") if name in os.environ
    }
    return {**keep, "PYTHONPATH": str(ROOT)}


# --- the pool ------------------------------------------------------------------------------------------


class _Pool:
    """Up to `size` render processes and the zygote they come from; a caller holds a process for
    a batch. Threads share it (gunicorn's threads, the outbox pump's)."""

    def __init__(self):
        self.lock = threading.Condition()
        self.zygote: _Zygote | None = None
        self.idle: list[_Child] = []
        self.all: set[_Child] = set()

    def take(self, limit: Limits) -> _Child:
        with self.lock:
            while not self.idle and len(self.all) >= limit.size:
                self.lock.wait()
            if self.idle:
                return self.idle.pop()
            child = self._fork(limit)
            self.all.add(child)
            return child

    def _fork(self, limit: Limits) -> _Child:
        room = HARD_ROOM * limit.memory_mb << 20
        if self.zygote is not None and self.zygote.room != room:
            self.zygote.close()
            self.zygote = None
        try:
            return _Child(self._zygote(room), limit)
        except RenderPoolUnavailable:
            # Killed from outside, perhaps: a fresh one, once. (Asked, not polled: a process
            # that ignores SIGCHLD cannot tell a dead child from a live one by waitpid.)
            if self.zygote is not None:
                self.zygote.close()
            self.zygote = None
            return _Child(self._zygote(room), limit)

    def _zygote(self, room: int) -> _Zygote:
        if self.zygote is None:
            self.zygote = _Zygote(room)
        return self.zygote

    def give(self, child: _Child, keep: bool, limit: Limits) -> None:
        with self.lock:
            if keep and child.memory_mb == limit.memory_mb:
                self.idle.append(child)
            else:
                child.close()
                self.all.discard(child)
            self.lock.notify()

    def abandon(self) -> None:
        """In a forked copy of the parent: let go of the parent's processes without touching them."""
        for child in self.all:
            child.conn.close()
        if self.zygote is not None:
            self.zygote.control.close()
            self.zygote.process.returncode = 0  # not ours to wait for


_pool: _Pool | None = None
_pool_lock = threading.Lock()


def _the_pool() -> _Pool:
    global _pool
    with _pool_lock:
        if _pool is None:
            _pool = _Pool()
        return _pool


def _forget_after_fork() -> None:
    """A forked process (a gunicorn worker, a Celery prefork child) starts its own pool: the
    parent's children and locks are the parent's."""
    global _pool, _pool_lock
    pool, _pool, _pool_lock = _pool, None, threading.Lock()
    if pool is not None:
        pool.abandon()


os.register_at_fork(after_in_child=_forget_after_fork)
