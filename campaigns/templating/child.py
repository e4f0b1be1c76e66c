"""One render process: runs seller templates under limits the kernel enforces.

pool.py starts `python -m campaigns.templating.child SOCKET ROOM`, the zygote: a fresh
interpreter that imports only this package (Jinja2, Babel, the renderer; pool.py reads Django's
settings only when called: no Django, no database connection, no secrets in its environment) and
forks the render processes, so that their baseline is small and a template that escapes the
sandbox finds nothing worth taking. A render process renders the batches of jobs the parent
sends and answers in JSON (never pickle: the parent must not trust what a template could have
made of this process). For every job:

- RLIMIT_AS is set to the resident memory plus the memory budget (so that what the job makes
  resident, pages mapped before it included, stays within the budget): an allocation past it
  fails, reported as "the template used more than N MB of memory", after which this process
  retires (the parent starts a fresh one), as it does after any job that took half the budget
  (the heap keeps what it grew to). The hard limit, fixed at start, keeps even code that
  escaped the sandbox within ROOM bytes of the baseline.
- An ITIMER_PROF timer of the CPU budget: SIGPROF's default action ends the process in the middle
  of any C call; the parent reads from PROGRESS which job was running and reports it.
- PROGRESS (shared memory) holds the index of the running job and when it started, for the
  parent's wall-clock limit and to know whose job a death was.
"""

from __future__ import annotations

import gc
import json
import mmap
import os
import resource
import signal
import socket
import struct
import sys
import time
from multiprocessing.connection import Connection

from sellers.marketplaces import MARKETPLACES

from .context import sample_context, synthetic_job
from .environment import ENVIRONMENT
from .errors import TemplateProblem, TemplateRenderError
from .protocol import (
    ANSWER_BYTES_PER_JOB,
    INDEX,
    MEMORY_ERROR,
    PROGRESS_SIZE,
    STARTED,
    VALIDATE_WEIGHT,
)
from .rendering import render
from .validation import validate
from .values import static_problems

MAX_PROBLEMS = 50  # a validation's answer stays small whatever the template


# --- one job ----------------------------------------------------------------------------------------


def _render(source, context, locale, time_zone) -> dict:
    try:
        return {"text": render(source, context, locale=locale, time_zone=time_zone)}
    except TemplateRenderError as error:
        return {"error": error.message, "line": error.line}


def _validate(source) -> dict:
    problems = validate(source)
    if not problems:
        tree = ENVIRONMENT.parse(source)  # validate parsed it already: it parses
        problems = [TemplateProblem(line, message) for line, message in static_problems(tree)]
    if not problems:
        rendered = _render(*synthetic_job(source))
        if "error" in rendered:
            problems = [TemplateProblem(rendered["line"] or 1, rendered["error"] + " (for an order unlike the sample)")]
    return {"problems": [[problem.line, problem.message, problem.column] for problem in problems[:MAX_PROBLEMS]]}


class _Memory:
    """RLIMIT_AS relative to the memory in use; VmHWM for the peak a job reached."""

    def __init__(self, room: int):
        self.statm = os.open("/proc/self/statm", os.O_RDONLY)
        self.page = os.sysconf("SC_PAGE_SIZE")
        self.baseline = self.size()
        self.hard = self.baseline + room
        self.soft = self.hard
        resource.setrlimit(resource.RLIMIT_AS, (self.hard, self.hard))

    def size(self) -> int:
        return self.sizes()[0]

    def sizes(self) -> tuple[int, int]:
        """(address space, resident), in bytes."""
        size, resident = os.pread(self.statm, 64, 0).split()[:2]
        return int(size) * self.page, int(resident) * self.page

    @staticmethod
    def peak() -> int:
        """The most address space this process ever held (VmPeak), in bytes."""
        return _status_kb("VmPeak") << 10

    def exhausted(self, budget: int) -> bool:
        """Did the last job run into its limit? Errors under memory pressure are not always
        MemoryError (C code reports a failed allocation as it can, SystemError even); a job
        that reached within a quarter budget of the limit is taken to have. No earlier job came
        that close: one that took half the budget retires the process."""
        return self.peak() >= self.soft - budget // 4

    def cap(self, budget: int) -> None:
        size, resident = self.sizes()
        self.soft = min(max(resident + budget, size), self.hard)
        resource.setrlimit(resource.RLIMIT_AS, (self.soft, self.hard))

    def uncap(self) -> None:
        resource.setrlimit(resource.RLIMIT_AS, (self.hard, self.hard))

    @staticmethod
    def reset_peak() -> int:
        """Reset VmHWM to the resident size now (Linux's clear_refs); returns that size in kB."""
        try:
            with open("/proc/self/clear_refs", "w") as file:
                file.write("5")
        except OSError:
            pass
        return _status_kb("VmHWM")


def _status_kb(field: str) -> int:
    with open("/proc/self/status", "rb") as file:
        for line in file:
            if line.startswith(field.encode() + b":"):
                return int(line.split()[1])
    return 0


def _run(job: tuple, cpu: float, memory: int, measure: bool, limits: _Memory) -> dict:
    weight = VALIDATE_WEIGHT if job[0] == "validate" else 1
    base_kb = limits.reset_peak() if measure else 0
    limits.cap(memory)
    started = time.perf_counter()
    signal.setitimer(signal.ITIMER_PROF, cpu * weight)
    out_of_memory = False
    try:
        result = _validate(job[1]) if job[0] == "validate" else _render(*job[1:])
    except MemoryError:
        out_of_memory, result = True, {}
    except Exception as error:  # noqa: BLE001 - a job's surprise must not end the others
        result = {"error": f"{type(error).__name__}: {error}"[:500], "line": None}
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0)
    if out_of_memory or (("error" in result or result.get("problems")) and limits.exhausted(memory)):
        # The heap may stay fragmented: answer, then leave the pool to a fresh process.
        result = {"error": MEMORY_ERROR.format(mb=memory >> 20), "line": None, "retire": True}
    limits.uncap()
    result = _bounded(result)
    result["ms"] = (time.perf_counter() - started) * 1000
    if measure:
        result["peak_kb"] = max(0, _status_kb("VmHWM") - base_kb)
    return result


# What one job may send back: a message's text is at most MAX_OUTPUT characters (4 bytes each in
# UTF-8), an error a few lines; an answer shaped to be larger (a template that puts 20,000 rare
# characters into an error) would overrun the parent's read and cost the whole batch.
MAX_ERROR_CHARS = 1000
MAX_ANSWER_BYTES = ANSWER_BYTES_PER_JOB - 4096


def _bounded(result: dict) -> dict:
    if isinstance(result.get("error"), str):
        result["error"] = result["error"][:MAX_ERROR_CHARS]
    if "problems" in result:
        result["problems"] = [
            [line, message[:MAX_ERROR_CHARS], column] for line, message, column in result["problems"][:50]
        ]
    if len(json.dumps(result, ensure_ascii=False).encode()) > MAX_ANSWER_BYTES:
        return {
            "error": "the rendered message is too large to send",
            "line": None,
            **({"retire": True} if result.get("retire") else {}),
        }
    return result


# --- the loop ------------------------------------------------------------------------------------------


def _warm_up() -> None:
    """Load every marketplace's CLDR data and compile once, outside any job's budget."""
    source = "{{ purchase_date|date('long') }} {{ order_total|money }} {% for p in products %}{{ p.title }}{% endfor %}"
    for market in MARKETPLACES.values():
        render(source, sample_context(market.id), locale=market.language, time_zone=market.time_zone)
    gc.collect()
    gc.freeze()  # what is loaded now lives as long as the process: the collector need not scan it


def serve(conn: Connection, progress: mmap.mmap, room: int) -> None:
    """Render what the parent sends until it closes the socket (or this process must retire)."""
    limits = _Memory(room)
    while True:
        try:
            (cpu, memory, measure), jobs = conn.recv()
        except EOFError:  # the parent is gone, or let this process go
            return
        results = []
        for index, job in enumerate(jobs):
            STARTED.pack_into(progress, 8, time.monotonic())
            INDEX.pack_into(progress, 0, index)
            results.append(_run(job, cpu, memory, measure, limits))
            if results[-1].pop("retire", False):
                break
        STARTED.pack_into(progress, 8, time.monotonic())
        INDEX.pack_into(progress, 0, -1)
        retire = (
            len(results) < len(jobs)
            or limits.size() + memory > limits.hard
            or limits.peak() > limits.baseline + memory // 2
        )
        conn.send_bytes(json.dumps({"results": results, "retire": retire}, ensure_ascii=False).encode())
        if retire:
            return


def zygote(control: socket.socket, room: int) -> None:
    """Warm up once, then fork a render process for each request: (its socket, its progress
    memory) come as file descriptors, its pid goes back. A fork costs a few milliseconds where a
    fresh interpreter costs 0.2 s, and the children share the warm pages."""
    _warm_up()
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # the kernel reaps the children
    while True:
        try:
            _, fds, _, _ = socket.recv_fds(control, 16, 2)
        except OSError:
            return
        if len(fds) != 2:  # EOF: the parent is gone
            return
        pid = os.fork()
        if pid == 0:
            control.close()
            signal.signal(signal.SIGCHLD, signal.SIG_DFL)
            code = 0
            try:
                progress = mmap.mmap(fds[1], PROGRESS_SIZE)
                os.close(fds[1])
                serve(Connection(fds[0]), progress, room)
            except BaseException:  # noqa: BLE001 - a child never returns into the zygote's loop
                code = 1
            os._exit(code)
        for fd in fds:
            os.close(fd)
        control.sendall(struct.pack("=i", pid))


def main(argv: list[str]) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C reaches the whole group: the parent decides
    signal.signal(signal.SIGPROF, signal.SIG_DFL)
    zygote(socket.socket(fileno=int(argv[1])), int(argv[2]))


if __name__ == "__main__":
    main(sys.argv)
