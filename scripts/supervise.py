"""Start every process of the product; stop them all on Ctrl-C or when one of them dies.

Usage: supervise.py [--after URL COMMAND]... NAME=COMMAND...
Each --after command runs once, when URL answers, while the processes keep running.
"""

import os
import shlex
import signal
import subprocess
import sys
import time
import urllib.request


def wait_for(url: str, timeout: float = 60) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=2)  # noqa: S310 - a loopback URL we started ourselves
            return True
        except OSError:
            time.sleep(0.3)
    return False


def main(processes: dict[str, list[str]], after: list[tuple[str, list[str]]]) -> int:
    children: dict[str, subprocess.Popen] = {}

    def stop_all():
        for proc in children.values():
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGTERM)
        deadline = time.monotonic() + 10
        for proc in children.values():
            try:
                proc.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)

    def terminate(*_):
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, terminate)
    try:
        for name, command in processes.items():
            print(f"[run] starting {name}: {' '.join(command)}", flush=True)
            children[name] = subprocess.Popen(command, start_new_session=True)
        for url, command in after:
            if not wait_for(url):
                print(f"[run] {url} did not answer; not running {' '.join(command)}", flush=True)
                return 1
            subprocess.run(command, check=False)
        while True:
            for name, proc in children.items():
                if proc.poll() is not None:
                    print(f"[run] {name} exited with {proc.returncode}; stopping everything", flush=True)
                    return proc.returncode or 1
            time.sleep(0.5)
    except KeyboardInterrupt:
        print("\n[run] stopping", flush=True)
        return 0
    finally:
        stop_all()


def parse(argv: list[str]):
    processes, after, args = {}, [], list(argv)
    while args:
        arg = args.pop(0)
        if arg == "--after":
            after.append((args.pop(0), shlex.split(args.pop(0))))
        else:
            name, _, command = arg.partition("=")
            processes[name] = shlex.split(command)
    return processes, after


if __name__ == "__main__":
    sys.exit(main(*parse(sys.argv[1:])))
