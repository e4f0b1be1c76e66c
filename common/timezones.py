"""The viewer's time zone: pages show moments on the clock of whoever reads them.

The browser says its zone (static/js/app.js stores `Intl...timeZone` in the `tz` cookie); the
middleware activates it for the request when it is a zone we know, and UTC otherwise (the first
page before the cookie, a browser without JavaScript, a forged cookie).
"""

from functools import cache
from zoneinfo import ZoneInfo, available_timezones

from django.utils import timezone

COOKIE = "tz"
MAX_NAME = 64  # the longest IANA name is 32 characters; a longer cookie is not a zone


@cache
def known_zones() -> frozenset[str]:
    return frozenset(available_timezones())


def viewer_zone(name: str | None) -> ZoneInfo | None:
    if not name or len(name) > MAX_NAME or name not in known_zones():
        return None
    return ZoneInfo(name)


class ViewerTimeZoneMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        zone = viewer_zone(request.COOKIES.get(COOKIE))
        if zone is None:
            timezone.deactivate()
        else:
            timezone.activate(zone)
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()
