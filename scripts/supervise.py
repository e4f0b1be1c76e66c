"""Start every process of the product, stop them all on Ctrl-C or when one of them dies."""

import os
import signal
import subprocess
import sys
import time


def main(processes: dict[str, list[str]]) -> int:
    children: dict[str, subprocess.Popen] = {}

    def stop_all(*_):
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


if __name__ == "__main__":
    python = sys.executable
    sys.exit(
        main(
            {
                "web": [python, "manage.py", "runserver", "127.0.0.1:8000", "--noreload"],
                "worker": [python, "-m", "celery", "-A", "config", "worker", "--beat", "--loglevel", "INFO", "--concurrency", "2"],
                "inbound-smtp": [python, "manage.py", "run_inbound_smtp", "--port", os.environ.get("INBOUND_SMTP_PORT", "2525")],
            }
        )
    )
