"""django-allauth's account adapter, with failed logins counted per account *and address*.

allauth counts failed logins per account from anywhere: five wrong passwords typed by anyone,
from anywhere, locked the account's owner out for five minutes, staff included (a targeted
lockout). Counting them per account and client address keeps the brute-force bound for each
address (and the per-address limit across accounts) without letting a stranger lock the owner
out of their own login from their own address.

Its mail names the product and its address (templates/account/email/), never the host the
request came in on (allauth's own says "Hello from 127.0.0.1:8000!").
"""

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core.internal.ratelimit import truncate_ip
from django.conf import settings


class AccountAdapter(DefaultAccountAdapter):
    def _get_login_attempts_cache_key(self, request, **credentials) -> str:
        # allauth's own key for the account, narrowed to the client's address (an IPv6 client
        # by its /64, as allauth's per-address limits do).
        return f"{super()._get_login_attempts_cache_key(request, **credentials)}@{truncate_ip(self.get_client_ip(request))}"

    def render_mail(self, template_prefix, email, context, headers=None):
        return super().render_mail(template_prefix, email, {**context, "site_url": settings.SITE_URL}, headers=headers)
