from django.db import models

from sellers.models import Seller


class DemoWorld(models.Model):
    """The demo seller of `make run` and the sandbox world its history was lived against.

    The sandbox Amazon keeps its world in memory; on every start the demo asks it for the same world
    again (the same seed, generated as of `world_generated_at`), so that its orders agree with ours.
    `seeded_at` is set once the whole history is in: a demo without it was interrupted and is seeded
    again from the start.
    """

    seller = models.OneToOneField(Seller, on_delete=models.CASCADE, related_name="+")
    world_generated_at = models.DateTimeField()
    seeded_at = models.DateTimeField(null=True, blank=True)

    def __str__(self):
        return f"demo world of {self.seller} as of {self.world_generated_at:%Y-%m-%d %H:%M}"
