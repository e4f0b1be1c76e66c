"""The sandbox Amazon's control plane, as the demo tells it things (not Amazon's API: sandbox/app.py)."""

from datetime import UTC, datetime

import httpx


class SandboxAmazon:
    def __init__(self, url: str, *, timeout: float = 10.0):
        self.url = url.rstrip("/")
        self.http = httpx.Client(base_url=self.url, timeout=timeout)

    def _post(self, path: str, body: dict) -> dict:
        response = self.http.post(path, json=body)
        response.raise_for_status()
        return response.json()

    def _get(self, path: str, **params) -> dict:
        response = self.http.get(path, params=params or None)
        response.raise_for_status()
        return response.json()

    def partners(self) -> list[dict]:
        return self._get("/_sandbox/sellers")["sellers"]

    def generate_world(self, generated_at: datetime) -> dict:
        """The world of the sandbox's seed as of `generated_at`, living on as the clock passes."""
        return self._post("/_sandbox/world", {"generated_at": generated_at.astimezone(UTC).isoformat(), "live": True})

    def set_clock(self, moment: datetime | None) -> None:
        """Amazon's clock stays at `moment` until it is set again (None: the real time again)."""
        self._post("/_sandbox/clock", {"now": moment.astimezone(UTC).isoformat() if moment else None, "frozen": True})

    def mail_notices_to(self, smtp: str | None) -> str | None:
        """Where the sandbox mails opt-out notices (None: where it was started to); returns the previous place."""
        return self._post("/_sandbox/notices", {"smtp": smtp})["previous"]

    def notice_recipient(self, partner_id: str, email: str) -> None:
        """Seller Central's "Buyer Opt-Out" notification recipient."""
        self._post(f"/_sandbox/sellers/{partner_id}/notification-recipient", {"email": email})

    def blocked_messages(self, partner_id: str) -> int:
        """Messages Amazon accepted and did not deliver (the buyer opted out): each mails a notice."""
        messages = self._get("/_sandbox/messages", selling_partner_id=partner_id)["messages"]
        return sum(1 for m in messages if not m["delivered"])

    def close(self) -> None:
        self.http.close()
