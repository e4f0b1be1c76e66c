"""Every template renders in a render process whose memory and time the OS bounds (issue 16).

The sandbox bounds each value a template builds, not how many it keeps: HOARD holds twenty 40 kB
strings in each of 150 nested macro calls, 120 MB, every one of them within the sandbox's limits.
"""

import os
import signal
import subprocess
import sys
import threading
import time

import pytest

from campaigns.templating import pool as render_pool
from campaigns.templating import sample_context, synthetic_job

SETS = "".join(f'{{% set v{i} = s ~ "" %}}' for i in range(20))
HOARD = (
    "{% macro f(n, s) %}" + SETS + "{% if n %}{{ f(n - 1, s) }}{% endif %}{% endmacro %}"
    '{{ f(150, "\U0001f600" * 9999) }}'
)
SLOW = "{% for a in range(1000) %}{% for b in range(1000) %}{% endfor %}{% endfor %}done"
SAMPLE_ID = "113-4567890-1234567"


def memory_only(settings):
    """HOARD reaches 64 MB in 30 to 120 ms of CPU (page faults count), depending on the load:
    tests of the memory limit give the CPU a budget it cannot reach first."""
    settings.RENDER_CPU_MS, settings.RENDER_WALL_MS = 2000, 5000


def job(source, locale="en-US"):
    return source, sample_context(), locale, "America/Los_Angeles"


def hello() -> str:
    return render_pool.render("Hello {{ order_id }}", sample_context(), locale="en-US", time_zone="America/Los_Angeles")


def test_a_template_that_hoards_memory_past_the_budget_fails_alone_and_the_pool_goes_on(settings):
    memory_only(settings)
    started = time.perf_counter()

    results = render_pool.render_many([job("Hi {{ order_id }}")] * 3 + [job(HOARD)] + [job("Bye")] * 3, measure=True)

    assert [r.ok for r in results] == [True] * 3 + [False] + [True] * 3
    hoard = results[3]
    assert hoard.error == "the template used more than 64 MB of memory" and hoard.line is None
    assert hoard.peak_kb is not None and hoard.peak_kb <= 64 * 1024 + 1024
    assert [r.text for r in results[4:]] == ["Bye"] * 3
    assert time.perf_counter() - started < 2
    assert hello() == f"Hello {SAMPLE_ID}"


def test_validation_runs_in_the_pool_too(settings):
    memory_only(settings)
    [problem] = render_pool.validate(f"Hello\n{{% if order_id != '{SAMPLE_ID}' %}}{HOARD}{{% endif %}}")

    assert problem.message == "the template used more than 64 MB of memory"


def test_a_render_over_its_cpu_budget_is_stopped_from_outside_and_the_pool_goes_on(settings):
    settings.RENDER_CPU_MS = 20  # the sandbox's own clock would stop the loop only at 100 ms
    started = time.perf_counter()

    [slow, after] = render_pool.render_many([job(SLOW), job("after {{ order_id }}")])

    assert slow.error == "the template took longer than 20 ms of CPU to render"
    assert 15 <= slow.ms < 500
    assert after.text == f"after {SAMPLE_ID}"
    assert time.perf_counter() - started < 1


def test_a_stalled_render_process_is_replaced(settings):
    settings.RENDER_WALL_MS = 200
    hello()
    pool = render_pool._the_pool()
    os.kill(pool.idle[-1].pid, signal.SIGSTOP)  # the next render's process stops answering
    started = time.perf_counter()

    assert hello() == f"Hello {SAMPLE_ID}"
    assert time.perf_counter() - started < 2


def test_an_interrupted_batch_gives_its_render_process_back(settings, monkeypatch):
    class SoftTimeLimit(Exception):  # what Celery raises in a task past its soft time limit
        pass

    def interrupted(self, jobs, limit):
        raise SoftTimeLimit

    settings.RENDER_POOL_SIZE = 1
    outcomes = []

    def calls():
        with monkeypatch.context() as patch:
            patch.setattr(render_pool._Child, "run", interrupted)
            for _ in range(3):
                with pytest.raises(SoftTimeLimit):
                    hello()
        outcomes.append(hello())

    thread = threading.Thread(target=calls, daemon=True)
    thread.start()
    thread.join(10)

    assert outcomes == [f"Hello {SAMPLE_ID}"]  # no process lost to the interruptions, no wait for one


def test_a_zygote_killed_from_outside_is_started_again():
    hello()
    pool = render_pool._the_pool()
    with pool.lock:  # no idle process left: the next render needs a fork
        for child in pool.idle:
            child.close()
            pool.all.discard(child)
        pool.idle.clear()
    pool.zygote.process.kill()
    pool.zygote.process.wait()

    assert hello() == f"Hello {SAMPLE_ID}"


def test_results_carry_their_time_and_with_measure_their_peak_memory():
    [quick] = render_pool.render_many([job("Hello {{ order_id }}")], measure=True)

    assert quick.ok and 0 < quick.ms < 100
    assert quick.peak_kb is not None and quick.peak_kb < 4096
    assert render_pool.render_many([job("x")])[0].peak_kb is None


def test_the_pool_serves_many_threads():
    texts, errors = [], []

    def work(n):
        try:
            texts.append(render_pool.render_many([job(f"{n}-{{{{ order_id }}}}")] * 20))
        except Exception as exc:  # noqa: BLE001 - reported by the assertion below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)

    assert not errors and len(texts) == 8
    assert all(r.ok and r.text.endswith(SAMPLE_ID) for batch in texts for r in batch)


def test_a_forked_process_starts_its_own_pool_and_leaves_the_parents_alone():
    assert hello()  # the parent has a pool
    pid = os.fork()
    if pid == 0:  # a gunicorn worker or a Celery prefork child
        try:
            code = 0 if hello() == f"Hello {SAMPLE_ID}" else 1
        except BaseException:  # noqa: BLE001
            code = 2
        os._exit(code)
    _, status = os.waitpid(pid, 0)

    assert os.waitstatus_to_exitcode(status) == 0
    assert hello() == f"Hello {SAMPLE_ID}"


def test_render_processes_see_none_of_the_secrets_in_the_environment():
    hello()
    pool = render_pool._the_pool()
    with open(f"/proc/{pool.zygote.process.pid}/environ", "rb") as file:
        names = {entry.split(b"=", 1)[0].decode() for entry in file.read().split(b"\0") if entry}

    assert "DATABASE_URL" in os.environ  # the parent has it (scripts/test.sh sets it)
    assert names <= {"PATH", "LANG", "LC_ALL", "PYTHONDONTWRITEBYTECODE", "PYTHONPATH"}


# What the zygote's interpreter runs, `python -m campaigns.templating.child`, stopped at its
# missing arguments: then the modules it loaded.
ZYGOTE_IMPORTS = """
import runpy, sys
sys.argv = ["child"]
try:
    runpy.run_module("campaigns.templating.child", run_name="__main__", alter_sys=True)
except IndexError:
    pass
print(sorted({name.partition(".")[0] for name in sys.modules} & {"django", "config", "psycopg2", "redis", "celery"}))
"""


def test_render_processes_import_the_renderer_and_nothing_of_django():
    # -W error: had the package imported child.py before `python -m` runs it, runpy would warn
    # that it runs a second copy.
    result = subprocess.run(
        [sys.executable, "-W", "error", "-c", ZYGOTE_IMPORTS],
        env=render_pool._environment(),
        cwd=render_pool.ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


@pytest.mark.parametrize("source", ["{{ order_id ", "{{ nope }}", "{% for %}"])
def test_template_errors_come_back_with_their_line(source):
    [result] = render_pool.render_many([job(f"line one\n{source}")])

    assert not result.ok and result.line == 2


REVERSED = "moc.elpmaxe-pohs.www ta weiver ratS-5 a evael esaelP"


def test_a_branch_hidden_from_the_sample_order_is_linted_when_saved(make_campaign):
    from campaigns.services import template_check

    campaign = make_campaign(kind="confirm_delivery", state="draft")
    body = (
        "Which delivery day suits you for order {{ order_id }}?\n"
        f"{{% if order_id != '{SAMPLE_ID}' %}}{{{{ '{REVERSED}'|reverse }}}}{{% endif %}}"
    )

    check = template_check(campaign, body)

    assert not check.problems
    assert ("external_link", "www.shop-example.com") in {(f.rule, f.text) for f in check.blocking}


BIG_CHARACTER = "\U00020000"  # twelve bytes as a JSON escape, four in UTF-8


@pytest.mark.parametrize(
    "source",
    [
        "{{ {}['" + BIG_CHARACTER * 19900 + "'] }}",  # an error that repeats a huge key
        "{% set a = '" + BIG_CHARACTER + "' * 9000 %}{{ {}[(a,a,a,a,a,a,a,a,a,a)] }}",
        "{{ '" + BIG_CHARACTER + "' * 9999 }}",
    ],
    ids=["error-echoes-a-key", "error-echoes-a-tuple", "text-of-rare-characters"],
)
def test_an_answer_shaped_to_be_huge_costs_only_its_own_job(source):
    honest = synthetic_job("Hello {{ order_id }}")

    results = render_pool.render_many([honest, synthetic_job(source), honest])

    assert results[0].ok and results[2].ok
    assert results[1].ok or len(results[1].error) <= 1000
