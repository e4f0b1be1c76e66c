"""The seller's answer on activation: every order Amazon still allows (empty, as every campaign so
far), or only orders placed from that moment on."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('campaigns', '0006_block_scheduled_dispatches_of_blocklisted_buyers'),
    ]

    operations = [
        migrations.AddField(
            model_name='campaign',
            name='orders_placed_from',
            field=models.DateTimeField(blank=True, editable=False, null=True),
        ),
    ]
