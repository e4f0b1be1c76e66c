import time, sys
from benchlib import setup_django
sys.argv = sys.argv[:1]
setup_django("bench_planner_prof")
import planner as bp
stored = bp.load(200, 1000, 100)
from campaigns import planner
from django.db import connection
timings = []
def wrapper(execute, sql, params, many, context):
    t = time.perf_counter()
    try:
        return execute(sql, params, many, context)
    finally:
        timings.append((time.perf_counter() - t, sql[:150]))
with connection.execute_wrapper(wrapper):
    r = planner.plan_due()
print(r)
for t, sql in timings: print(f"{t*1000:8.1f} ms  {sql}")
timings.clear()
with connection.execute_wrapper(wrapper):
    r = planner.plan_due()
print(r)
for t, sql in timings: print(f"{t*1000:8.1f} ms  {sql}")
with connection.cursor() as c:
    c.execute("EXPLAIN ANALYZE SELECT o.id FROM sellers_order o WHERE o.seller_id = ANY(ARRAY(SELECT DISTINCT seller_id FROM sellers_order)) AND o.latest_delivery > now() - interval '1 minute' and o.latest_delivery <= now()")
    print("\n".join(r[0] for r in c.fetchall()))
