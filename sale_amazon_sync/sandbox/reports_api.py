"""Reports API 2021-06-30: getReports, createReport, getReport, getReportDocument.

Settlement reports cannot be requested: the sandbox creates them DONE when a period is
settled (settlements.py), as Amazon schedules them. A requested report advances one
status per getReport poll (IN_QUEUE -> IN_PROGRESS -> DONE, or CANCELLED when it has no
data, as Amazon cancels empty reports, or FATAL for a type the sandbox cannot generate).
Validation follows the model: getReports takes 1 to 10 reportTypes or a nextToken that must
come alone; createReport takes 1 to 25 marketplaceIds and dates not in the future.
"""
import gzip
import secrets
from datetime import timedelta

from .. import const
from .documents import document_url, new_document
from .fba_returns import returns_report
from .orders import iso, parse_time
from .wire import invalid, json_response, marketplace_ids, not_found

STATUSES = ("CANCELLED", "DONE", "FATAL", "IN_PROGRESS", "IN_QUEUE")
# Report types the sandbox generates on request: type -> function(state, report) returning
# the document's bytes, or None when there is nothing to report.
GENERATORS = {const.RETURNS_REPORT_TYPE: returns_report}
UNREQUESTABLE = (const.SETTLEMENT_REPORT_TYPE, "GET_V2_SETTLEMENT_REPORT_DATA_XML",
                 "GET_V2_SETTLEMENT_REPORT_DATA_FLAT_FILE")
_TIMES = ("dataStartTime", "dataEndTime", "createdTime", "processingStartTime",
          "processingEndTime")
_FIELDS = ("reportId", "reportType", "marketplaceIds", "processingStatus", "reportDocumentId")


def _new_report(state, seller_id, report_type, marketplace_ids, now, start=None, end=None):
    """Store a report IN_QUEUE and return it."""
    report = {"reportId": str(50_000_000_000 + state.next_id()), "reportType": report_type,
              "marketplaceIds": list(marketplace_ids), "createdTime": now,
              "dataStartTime": start or now, "dataEndTime": end or now,
              "processingStatus": "IN_QUEUE", "seller_id": seller_id}
    state.reports[report["reportId"]] = report
    return report


def add_report(state, seller_id, report_type, marketplace_ids, content, now, start=None,
               end=None, compression=None):
    """A DONE report whose document holds ``content`` (bytes; gzipped when ``compression``
    is "GZIP"); returns its id. Settlements, and tests needing a given document, use it."""
    report = _new_report(state, seller_id, report_type, marketplace_ids, now, start, end)
    _finish(state, report, "DONE", content, now, compression)
    return report["reportId"]


def _finish(state, report, status, content, now, compression=None):
    """End a report's processing; a DONE one gets its document."""
    report.update(processingStatus=status, processingEndTime=now)
    report.setdefault("processingStartTime", now)
    if status == "DONE":
        if compression == "GZIP":
            content = gzip.compress(content, mtime=0)
        report["reportDocumentId"] = new_document(state, report["seller_id"], "text/plain",
                                                  content, compression)


def _public(report):
    """A report as Amazon answers it: ISO dates, no sandbox bookkeeping."""
    answer = {key: report[key] for key in _FIELDS if key in report}
    answer.update({key: iso(report[key]) for key in _TIMES if key in report})
    return answer


def _seller_report(srv, req):
    """The token's seller's report of the path, or 404."""
    report = srv.state.reports.get(req.params["reportId"])
    if not report or report["seller_id"] != req.seller_id:
        raise not_found(f"Report {req.params['reportId']} not found.")
    return report


def get_report(srv, req):
    """GET /reports/2021-06-30/reports/{reportId}: advance one step, then report."""
    req.only()
    report = _seller_report(srv, req)
    _advance(srv.state, report, srv.clock())
    return json_response(200, _public(report))


def _advance(state, report, now):
    """Move a requested report one status forward; the last step generates its document."""
    if report["processingStatus"] == "IN_QUEUE":
        report.update(processingStatus="IN_PROGRESS", processingStartTime=now)
    elif report["processingStatus"] == "IN_PROGRESS":
        generate = GENERATORS.get(report["reportType"])
        content = generate(state, report) if generate else None
        status = "DONE" if content else ("CANCELLED" if generate else "FATAL")
        _finish(state, report, status, content, now)


def _body_date(body, name, now):
    """A date of the createReport body: ISO 8601, not after now (None when absent)."""
    if body.get(name) is None:
        return None
    try:
        moment = parse_time(body[name])
    except (TypeError, ValueError):
        raise invalid(f"{name} is not an ISO 8601 date-time.") from None
    if moment > now:
        raise invalid(f"{name} must be prior to or equal to the current date and time.")
    return moment


def create_report(srv, req):
    """POST /reports/2021-06-30/reports -> 202 {reportId}."""
    body, now = req.json(), srv.clock()
    report_type = body.get("reportType")
    if not isinstance(report_type, str) or not report_type:
        raise invalid("reportType is required.")
    if report_type in UNREQUESTABLE:
        raise invalid(f"{report_type} cannot be requested: Amazon schedules settlement "
                      "reports; find them with getReports.")
    ids = marketplace_ids(body.get("marketplaceIds"), 1, 25)
    start, end = _body_date(body, "dataStartTime", now), _body_date(body, "dataEndTime", now)
    if start and end and start > end:
        raise invalid("dataStartTime must be before dataEndTime.")
    report = _new_report(srv.state, req.seller_id, report_type, ids, now, start, end)
    return json_response(202, {"reportId": report["reportId"]})


def get_reports(srv, req):
    """GET /reports/2021-06-30/reports: the seller's reports, newest first, in pages."""
    req.only("reportTypes", "processingStatuses", "marketplaceIds", "pageSize", "createdSince",
             "createdUntil", "nextToken")
    token = req.value("nextToken")
    if token:
        if len(req.query) > 1:
            raise invalid("nextToken must be the only parameter of a getReports call.")
        search = srv.state.searches.get(token)
        if not search or search.get("seller_id") != req.seller_id or "reports" not in search:
            raise invalid("Invalid nextToken.")
    else:
        search = _new_report_search(srv, req)
    start, size = search["offset"], search["size"]
    reports = srv.state.reports
    body = {"reports": [_public(reports[i]) for i in search["reports"][start:start + size]]}
    if start + size < len(search["reports"]):
        body["nextToken"] = secrets.token_urlsafe(24)
        srv.state.searches[body["nextToken"]] = {**search, "offset": start + size}
    return json_response(200, body)


def _new_report_search(srv, req):
    """Validate the filters of a first getReports page and snapshot the matching ids."""
    types = req.values("reportTypes")
    if not 1 <= len(types) <= 10:
        raise invalid("Either reportTypes (1 to 10) or nextToken is required.")
    statuses = req.values("processingStatuses")
    if any(status not in STATUSES for status in statuses):
        raise invalid(f"processingStatuses must be among {', '.join(STATUSES)}.")
    markets = req.values("marketplaceIds")
    if markets:
        marketplace_ids(markets, 1, 10)
    now = srv.clock()
    retained = now - timedelta(days=const.REPORT_RETENTION_DAYS)
    since = max(req.date("createdSince") or retained, retained)
    until = req.date("createdUntil") or now

    def matches(report):
        return (report["seller_id"] == req.seller_id and report["reportType"] in types
                and (not statuses or report["processingStatus"] in statuses)
                and (not markets or set(markets) & set(report["marketplaceIds"]))
                and since <= report["createdTime"] <= until)

    found = sorted((r for r in srv.state.reports.values() if matches(r)),
                   key=lambda r: (r["createdTime"], int(r["reportId"])), reverse=True)
    return {"seller_id": req.seller_id, "reports": [r["reportId"] for r in found],
            "offset": 0, "size": req.integer("pageSize", 10, 1, 100)}


def get_report_document(srv, req):
    """GET /reports/2021-06-30/documents/{reportDocumentId}: the presigned URL."""
    req.only("enableContentEncodingUrlHeader")
    flag = req.value("enableContentEncodingUrlHeader") or "false"
    if flag not in ("true", "false"):
        raise invalid("enableContentEncodingUrlHeader must be true or false.")
    document_id = req.params["documentId"]
    if not any(r["seller_id"] == req.seller_id and r.get("reportDocumentId") == document_id
               for r in srv.state.reports.values()):
        raise not_found(f"Report document {document_id} not found.")
    compression = srv.state.documents[document_id]["compression"]
    answer = {"reportDocumentId": document_id,
              "url": document_url(srv, document_id, flag == "true")}
    if compression:
        answer["compressionAlgorithm"] = compression
    return json_response(200, answer)
