"""The Reports API of the sandbox Amazon: order and feedback reports and their documents."""

import secrets
import time

from .amazon_terms import FEEDBACK_REPORT, ORDER_REPORTS
from .plumbing import error, parse_time
from .records import iso
from .representations import (
    feedback_report,
    order_report,
)


class ReportOperations:
    """Mixed into Sandbox: createReport, getReport, getReportDocument and the download."""

    def create_report(self, request, partner_id):
        spec = request.json()
        if spec.get("reportType") not in (*ORDER_REPORTS, FEEDBACK_REPORT):
            raise error(400, "InvalidInput", f"Report type {spec.get('reportType')} is not available in the sandbox.")
        if not spec.get("marketplaceIds"):
            raise error(400, "InvalidInput", "marketplaceIds is required.")
        report_id = str(self.rng.randint(10**10, 10**11))
        with self.lock:
            self.reports[report_id] = {
                "partner": partner_id,
                "spec": spec,
                "polls": 0,
                "created": iso(self.world.clock()),
                "ready_at": time.monotonic() + self.report_delay_seconds,
            }
        return 202, {"reportId": report_id}, {}

    def get_report(self, request, partner_id, report_id):
        with self.lock:
            report = self.reports.get(report_id)
            if report is None or report["partner"] != partner_id:
                raise error(404, "NotFound", f"Report {report_id} was not found.")
            report["polls"] += 1
            spec = report["spec"]
            body = {
                "reportId": report_id,
                "reportType": spec["reportType"],
                "marketplaceIds": spec["marketplaceIds"],
                "createdTime": report["created"],
            }
            for key in ("dataStartTime", "dataEndTime"):
                if spec.get(key):
                    body[key] = spec[key]
            if report["polls"] <= self.report_delay_polls or time.monotonic() < report["ready_at"]:
                body["processingStatus"] = "IN_PROGRESS" if report["polls"] > 1 else "IN_QUEUE"
                return 200, body, {}
            if "document" not in report and not report.get("empty"):
                text, rows = self._render_report(partner_id, spec)
                if rows == 0 and spec["reportType"] == FEEDBACK_REPORT:
                    # Amazon cancels a report that has no data instead of returning an empty one.
                    report["empty"] = True
                else:
                    report["document"] = "amzn1.spdoc.1.4.sandbox." + secrets.token_hex(12)
                    self.documents[report["document"]] = text
            report.setdefault("finished", iso(self.world.clock()))
            if report.get("empty"):
                body.update(processingStatus="CANCELLED", processingEndTime=report["finished"])
            else:
                body.update(
                    processingStatus="DONE", reportDocumentId=report["document"], processingEndTime=report["finished"]
                )
            return 200, body, {}

    def _render_report(self, partner_id, spec) -> tuple[str, int]:
        """The report's text and its number of data rows."""
        start = parse_time(spec.get("dataStartTime"), "dataStartTime")
        end = parse_time(spec.get("dataEndTime"), "dataEndTime")
        marketplaces = set(spec["marketplaceIds"])
        if spec["reportType"] == FEEDBACK_REPORT:
            # Amazon's default for both ends is now: without a start there is nothing to report.
            now = self.world.clock()
            first, last = (start or now).date(), (end or now).date()
            return feedback_report(
                self.world.feedback_between(partner_id, first, last, marketplaces), raw_text=self.raw_feedback_text
            )
        by_update = spec["reportType"].endswith("LAST_UPDATE_GENERAL")
        orders = []
        for order in self.world.partners[partner_id].orders.values():
            moment = order.updated if by_update else order.created
            if (start and moment < start) or (end and moment > end) or order.marketplace.id not in marketplaces:
                continue
            orders.append(order)
        orders.sort(key=lambda o: (o.updated, o.order_id))
        text = order_report(orders)
        return text, text.count("\n") - 1

    def get_report_document(self, request, partner_id, document_id):
        if document_id not in self.documents:
            raise error(404, "NotFound", f"Report document {document_id} was not found.")
        return 200, {"reportDocumentId": document_id, "url": f"{request.base_url}/_sandbox/documents/{document_id}"}, {}

    def download_document(self, request, document_id):
        if document_id not in self.documents:
            raise error(404, "NotFound", "No such document.")
        return 200, self.documents[document_id].encode(), {"Content-Type": "text/tab-separated-values; charset=utf-8"}
