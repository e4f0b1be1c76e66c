import cProfile, pstats, time, sys
from benchlib import setup_django
n = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
sys.argv = sys.argv[:1]
setup_django("bench_planner_prof")
import planner as bp
stored = bp.load(n, 1000, 100)
from campaigns import planner
from django.db import connection
timings = []
def wrapper(execute, sql, params, many, context):
    t = time.perf_counter()
    try:
        return execute(sql, params, many, context)
    finally:
        timings.append((time.perf_counter() - t, sql[:120]))
pr = cProfile.Profile()
with connection.execute_wrapper(wrapper):
    pr.enable(); r = planner.plan_due(); pr.disable()
print(r)
for t, sql in timings: print(f"{t*1000:8.1f} ms  {sql}")
pstats.Stats(pr).sort_stats("tottime").print_stats(22)
for i in range(3):
    timings.clear()
    pr = cProfile.Profile()
    with connection.execute_wrapper(wrapper):
        pr.enable(); r = planner.plan_due(); pr.disable()
    print("idle", r.seconds)
for t, sql in timings: print(f"{t*1000:8.1f} ms  {sql}")
pstats.Stats(pr).sort_stats("tottime").print_stats(12)
