"""Start every process of the product; stop them all on Ctrl-C or when one of them dies.

Usage: supervise.py NAME=COMMAND... [--after URL COMMAND [NAME=COMMAND...]]...
Arguments are taken in order: NAME=COMMAND starts a process; --after URL COMMAND waits until URL
answers and runs COMMAND to its end (the processes started so far keep running), and only then
are the processes named after it started. `make run` starts the sandbox Amazon and the web server,
seeds the demo, then starts the workers, which must not run while the demo's history is lived.
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


class Supervisor:
    def __init__(self):
        self.children: dict[str, subprocess.Popen] = {}

    def run(self, steps: list[tuple[str, str, list[str]]]) -> int:
        """Run the steps: ("start", name, command) or ("after", url, command); then watch."""
        for kind, name, command in steps:
            if kind == "start":
                print(f"[run] starting {name}: {' '.join(command)}", flush=True)
                self.children[name] = subprocess.Popen(command, start_new_session=True)
            elif not wait_for(name):
                print(f"[run] {name} did not answer; not running {' '.join(command)}", flush=True)
                return 1
            elif subprocess.run(command, check=False).returncode:
                print(f"[run] {' '.join(command)} failed; going on without it", flush=True)
        return self.watch()

    def watch(self) -> int:
        while True:
            for name, proc in self.children.items():
                if proc.poll() is not None:
                    print(f"[run] {name} exited with {proc.returncode}; stopping everything", flush=True)
                    return proc.returncode or 1
            time.sleep(0.5)

    def stop_all(self) -> None:
        for proc in self.children.values():
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGTERM)
        deadline = time.monotonic() + 10
        for proc in self.children.values():
            try:
                proc.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)


def terminate(*_):
    raise KeyboardInterrupt


def main(steps: list[tuple[str, str, list[str]]]) -> int:
    signal.signal(signal.SIGTERM, terminate)
    supervisor = Supervisor()
    try:
        return supervisor.run(steps)
    except KeyboardInterrupt:
        print("\n[run] stopping", flush=True)
        return 0
    finally:
        supervisor.stop_all()


def parse(argv: list[str]) -> list[tuple[str, str, list[str]]]:
    steps: list[tuple[str, str, list[str]]] = []
    args = list(argv)
    while args:
        arg = args.pop(0)
        if arg == "--after":
            steps.append(("after", args.pop(0), shlex.split(args.pop(0))))
        else:
            name, _, command = arg.partition("=")
            steps.append(("start", name, shlex.split(command)))
    return steps


if __name__ == "__main__":
    sys.exit(main(parse(sys.argv[1:])))
