"""The policy check: does a seller's message follow Amazon's communication guidelines?

Amazon suspends sellers whose buyer messages carry links outside Amazon, email addresses, phone
numbers, marketing (coupons, invitations to follow the brand elsewhere), incentives for reviews,
requests for positive reviews only, opt-out links, nothing but thanks, or a proactive shipping or
delivery confirmation; and a "critical" message (customization, delivery scheduling, an address
problem), which reaches buyers who opted out, must carry nothing else.

Blocking findings break a rule Amazon states, and the detection is specific enough to trust:
external_link, email_address, phone_number, review_incentive, positive_only_review,
opt_out_link, non_critical_content_in_critical_kind, coupon_or_discount, follow_invitation,
thank_you_only, shipment_confirmation. Warnings are heuristics for the seller to look at:
marketing (what is only possibly promotion: "new products", "our brand"), mostly_thanks (thanks
and a few words), feedback_diversion (Amazon discourages "contact us before you leave feedback"
but allows offering help).

Import from here: lint() and what it returns. The code is in linter.py (which says how a lint
runs), markup.py, contacts.py, wording.py, prohibited.py, findings.py, spans.py and
vocabulary.py; the words, per rule family and language, in phrases/. Every module of this
package, phrases included, counts for campaigns.services.policy_fingerprint: a deploy that
changes any of them re-checks the active campaigns.
"""

from .findings import BLOCKING, RULES, WARNING, Finding, LintReport
from .linter import lint

__all__ = ["BLOCKING", "RULES", "WARNING", "Finding", "LintReport", "lint"]
