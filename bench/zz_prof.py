import time, sys
from benchlib import setup_django
sys.argv = sys.argv[:1]
setup_django("bench_planner_prof")
import planner as bp
stored = bp.load(1000, 300, 100)
from campaigns import planner
from django.db import connection, transaction
r = planner.plan_due(); print(r)
with connection.cursor() as c:
    c.execute("CREATE TABLE saved AS SELECT * FROM campaigns_dispatch")
    c.execute("SELECT conname FROM pg_constraint WHERE conrelid = 'campaigns_dispatch'::regclass AND contype='f'")
    fks = [r[0] for r in c.fetchall()]
    c.execute("SELECT indexname FROM pg_indexes WHERE tablename='campaigns_dispatch'")
    print(fks, [r[0] for r in c.fetchall()])
def trial(label):
    with connection.cursor() as c:
        c.execute("TRUNCATE campaigns_dispatch")
        c.execute("CHECKPOINT")
        t = time.perf_counter()
        with transaction.atomic():
            c.execute("INSERT INTO campaigns_dispatch SELECT * FROM saved")
        print(f"{label}: {time.perf_counter()-t:.2f}s")
trial("all")
trial("all again")
with connection.cursor() as c:
    for fk in fks: c.execute(f'ALTER TABLE campaigns_dispatch DROP CONSTRAINT "{fk}"')
trial("no fk")
with connection.cursor() as c: c.execute('DROP INDEX dispatch_campaign_state')
trial("no fk, no campaign_state")
with connection.cursor() as c: c.execute('DROP INDEX dispatch_due')
trial("no fk, no campaign_state, no due")
with connection.cursor() as c: c.execute('DROP INDEX one_review_request_per_order')
trial("... no review unique")
with connection.cursor() as c: c.execute('ALTER TABLE campaigns_dispatch DROP CONSTRAINT one_dispatch_per_campaign_order')
trial("... no unique(order,campaign)")
