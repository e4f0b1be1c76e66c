# The message log lists what ended newest first and what is still to go out soonest first
# (messaging.selectors): one partial index each replaces the single (seller, scheduled_for) index.
# Built and dropped CONCURRENTLY, so upgrading a live database never blocks sending or planning,
# which is why this migration is not atomic; the new indexes exist before the old one goes.

from django.contrib.postgres.operations import AddIndexConcurrently, RemoveIndexConcurrently
from django.db import migrations, models


class Migration(migrations.Migration):

    atomic = False

    dependencies = [
        ('campaigns', '0007_campaign_orders_placed_from'),
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
        RemoveIndexConcurrently(
            model_name='dispatch',
            name='dispatch_log',
        ),
    ]
