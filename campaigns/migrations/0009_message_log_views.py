# The message log lists what ended newest first and what is still to go out soonest first
# (messaging.selectors): one partial index each, beside the (seller, scheduled_for) index that the
# API's list of every message walks. Built CONCURRENTLY, so upgrading a live database never blocks
# sending or planning, which is why this migration is not atomic.

from django.contrib.postgres.operations import AddIndexConcurrently
from django.db import migrations, models


class Migration(migrations.Migration):

    atomic = False

    dependencies = [
        ('campaigns', '0008_requests_by_hand'),
    ]

    operations = [
        AddIndexConcurrently(
            model_name='dispatch',
            index=models.Index(condition=models.Q(('finished_at__isnull', False)), fields=['seller', '-finished_at', '-id'], name='dispatch_log_ended'),
        ),
        AddIndexConcurrently(
            model_name='dispatch',
            index=models.Index(condition=models.Q(('state__in', ['scheduled', 'sending'])), fields=['seller', 'scheduled_for', 'id'], name='dispatch_log_open'),
        ),
    ]
