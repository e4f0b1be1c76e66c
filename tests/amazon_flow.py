"""Drive Amazon's website authorization workflow against the sandbox, as a seller's browser would."""

from urllib.parse import parse_qs, urlsplit

import httpx
from django.urls import reverse


def start(client, region="EU"):
    response = client.post(reverse("amazon_connect"), {"region": region})
    assert response.status_code == 302, response
    return response.url


def consent(sandbox, consent_url, partner_id, decision="confirm"):
    """What Amazon's consent page does when the seller clicks Confirm: the redirect to our callback."""
    query = {k: v[0] for k, v in parse_qs(urlsplit(consent_url).query).items()}
    page = httpx.get(consent_url)
    assert page.status_code == 200 and partner_id in page.text
    answer = httpx.post(
        f"{sandbox.url}/apps/authorize/consent",
        follow_redirects=False,
        data={
            "state": query["state"],
            "redirect_uri": query["redirect_uri"],
            "selling_partner_id": partner_id,
            "decision": decision,
        },
    )
    assert answer.status_code == 302
    callback = urlsplit(answer.headers["location"])
    return f"{callback.path}?{callback.query}"


def connect(client, sandbox, partner, region=None):
    callback = consent(sandbox, start(client, region or partner["region"]), partner["selling_partner_id"])
    return client.get(callback)
