"""A person's own preferences (not a seller's data): the time zone they read times in.

Lists of times (the message log) show one zone, the viewer's. The browser says which zone it is
in (Intl.DateTimeFormat), static/js/time_zone.js stores it the first time, and the person can
pick another; until then times are UTC, and the page says so.
"""

import zoneinfo
from dataclasses import dataclass
from datetime import UTC, datetime, tzinfo
from functools import lru_cache

from django import forms
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import HttpResponse, HttpResponseRedirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.views import View

MAX_ZONE_LENGTH = 64


@lru_cache(maxsize=1)
def zone_names() -> tuple[str, ...]:
    """The IANA zones a person may choose: Region/City names (no legacy aliases such as "EST")."""
    return tuple(sorted(name for name in zoneinfo.available_timezones() if "/" in name and not name.startswith("Etc/")))


@dataclass(frozen=True)
class ViewerZone:
    """The zone a person reads times in, and how a page names it."""

    zone: tzinfo
    name: str  # "Europe/Berlin", or "UTC"
    known: bool  # False until the person's browser (or the person) told us

    def label(self, now: datetime | None = None) -> str:
        """ "Europe/Berlin (CET, UTC+01:00)": the name, today's abbreviation and offset."""
        local = (now or datetime.now(UTC)).astimezone(self.zone)
        offset = local.strftime("%z")
        offset = f"UTC{offset[:3]}:{offset[3:]}" if offset else "UTC"
        abbreviation = local.tzname() or ""
        if self.name == "UTC":
            return "UTC"
        extra = f"{abbreviation}, {offset}" if abbreviation and not abbreviation.startswith(("+", "-")) else offset
        return f"{self.name.replace('_', ' ')} ({extra})"


def viewer_zone(user) -> ViewerZone:
    name = getattr(user, "time_zone", "") or ""
    if name in zone_names():
        return ViewerZone(zoneinfo.ZoneInfo(name), name, True)
    return ViewerZone(UTC, "UTC", bool(name == "UTC"))


class TimeZoneForm(forms.Form):
    time_zone = forms.CharField(max_length=MAX_ZONE_LENGTH, strip=True)

    def clean_time_zone(self):
        name = self.cleaned_data["time_zone"]
        if name != "UTC" and name not in zone_names():
            raise forms.ValidationError(
                f"{name} is not a time zone we know. Pick one from the list, e.g. Europe/Berlin."
            )
        return name


class TimeZoneView(LoginRequiredMixin, View):
    """Store the zone the person reads times in (from the browser, or picked on the page)."""

    tenant_exempt = "a person's own display preference, no seller's data"
    http_method_names = ["post"]

    def post(self, request):
        form = TimeZoneForm(request.POST)
        if not form.is_valid():
            return HttpResponse(
                " ".join(form.errors["time_zone"]), status=400, content_type="text/plain; charset=utf-8"
            )
        request.user.time_zone = form.cleaned_data["time_zone"]
        request.user.save(update_fields=["time_zone"])
        if request.headers.get("X-Requested-With") == "fetch":
            return HttpResponse(status=204)
        target = request.POST.get("next", "")
        if not url_has_allowed_host_and_scheme(
            target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            target = "/"
        return HttpResponseRedirect(target)
