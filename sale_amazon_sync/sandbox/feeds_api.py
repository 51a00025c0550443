"""Feeds API 2021-06-30, over the documents of ``documents.py``.

A feed advances one step per getFeed poll (IN_QUEUE -> IN_PROGRESS -> outcome), so a
client sees every status without the sandbox running timers. A JSON_LISTINGS_FEED is
applied to the listings when it reaches DONE, and its result document is the JSON
processing report (listings-feed-processing-report-schema-v2). Issue codes are the
sandbox's own words: Amazon's are numeric and undocumented, so match on severity.
"""
import json

from . import marketplaces
from .documents import document_url, new_document
from .listings_api import apply_availability, availability_issues
from .orders import iso
from .wire import invalid, json_response, not_found

LISTINGS_FEED = "JSON_LISTINGS_FEED"
MAX_MESSAGES = 25000
OUTCOMES = ("DONE", "FATAL", "CANCELLED")
_PUBLIC = ("feedId", "feedType", "marketplaceIds", "createdTime", "processingStatus",
           "processingStartTime", "processingEndTime", "resultFeedDocumentId")


def _document_answer(srv, document_id):
    """The {feedDocumentId, url} pair Amazon returns for a document."""
    return {"feedDocumentId": document_id, "url": document_url(srv, document_id)}


def create_feed_document(srv, req):
    """POST /feeds/2021-06-30/documents -> 201 with a presigned upload URL."""
    content_type = req.json().get("contentType")
    if not content_type or not isinstance(content_type, str):
        raise invalid("contentType is required.")
    document_id = new_document(srv.state, req.seller_id, content_type)
    return json_response(201, _document_answer(srv, document_id))


def get_feed_document(srv, req):
    """GET /feeds/2021-06-30/documents/{feedDocumentId}."""
    document = srv.state.documents.get(req.params["documentId"])
    if not document or document["seller_id"] != req.seller_id:
        raise not_found(f"Feed document {req.params['documentId']} not found.")
    return json_response(200, _document_answer(srv, req.params["documentId"]))


# -- feeds ----------------------------------------------------------------------------

def create_feed(srv, req):
    """POST /feeds/2021-06-30/feeds -> 202 {feedId}; the document is read now."""
    body = req.json()
    marketplace_ids = body.get("marketplaceIds")
    if not isinstance(body.get("feedType"), str) or not body["feedType"]:
        raise invalid("feedType is required.")
    if (not isinstance(marketplace_ids, list) or not 1 <= len(marketplace_ids) <= 25
            or not all(marketplaces.is_marketplace_id(m) for m in marketplace_ids)):
        raise invalid("marketplaceIds must list 1 to 25 valid marketplace ids.")
    if len({marketplaces.resolve(m).region for m in marketplace_ids}) > 1:
        raise invalid("marketplaceIds must all belong to the region of this endpoint.")
    document = srv.state.documents.get(body.get("inputFeedDocumentId"))
    if not document or document["seller_id"] != req.seller_id:
        raise invalid("inputFeedDocumentId does not name a document created by this seller.")
    feed_id = str(50000000000 + srv.state.next_id())
    srv.state.feeds[feed_id] = {
        "feedId": feed_id, "feedType": body["feedType"], "marketplaceIds": marketplace_ids,
        "createdTime": iso(srv.clock()), "processingStatus": "IN_QUEUE",
        "seller_id": req.seller_id, "content": document["content"],
        "outcome": srv.state.feed_outcome}
    return json_response(202, {"feedId": feed_id})


def get_feed(srv, req):
    """GET /feeds/2021-06-30/feeds/{feedId}: advance one step, then report."""
    feed = srv.state.feeds.get(req.params["feedId"])
    if not feed or feed["seller_id"] != req.seller_id:
        raise not_found(f"Feed {req.params['feedId']} not found.")
    _advance(srv, feed)
    return json_response(200, {key: feed[key] for key in _PUBLIC if key in feed})


def _advance(srv, feed):
    """Move a feed one status forward; reaching the end processes it and stores its report."""
    now = iso(srv.clock())
    status = feed["processingStatus"]
    if status == "IN_QUEUE" and feed["outcome"] == "CANCELLED":
        feed["processingStatus"] = "CANCELLED"
    elif status == "IN_QUEUE":
        feed.update(processingStatus="IN_PROGRESS", processingStartTime=now)
    elif status == "IN_PROGRESS":
        outcome, report = _process(srv, feed)
        feed.update(processingStatus=outcome, processingEndTime=now)
        body = json.dumps(report, ensure_ascii=False).encode("utf-8")
        feed["resultFeedDocumentId"] = new_document(srv.state, feed["seller_id"],
                                                    "application/json", body)


def _process(srv, feed):
    """(final status, processing report) of a feed reaching the end of its processing."""
    if feed["outcome"] == "FATAL":
        return "FATAL", _report(feed, [_fatal("Feed processing failed (sandbox outcome FATAL).")])
    if feed["feedType"] != LISTINGS_FEED:
        return "FATAL", _report(feed, [_fatal(f"Feed type {feed['feedType']} is not supported; "
                                              f"use {LISTINGS_FEED}.")])
    try:
        data = json.loads((feed["content"] or b"").decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return "FATAL", _report(feed, [_fatal("The feed document is not valid UTF-8 JSON.")])
    messages = data.get("messages") if isinstance(data, dict) else None
    if not isinstance(messages, list) or not messages or not isinstance(data.get("header"), dict):
        return "FATAL", _report(feed, [_fatal("The feed needs a header and at least one message.")])
    if data["header"].get("sellerId") != feed["seller_id"]:
        return "FATAL", _report(feed, [_fatal("header.sellerId does not match the seller.")])
    if len(messages) > MAX_MESSAGES:
        return "FATAL", _report(feed, [_fatal(f"The feed has {len(messages)} messages; "
                                              f"at most {MAX_MESSAGES} are accepted.")])
    return "DONE", _apply_messages(srv, feed, messages)


def _fatal(message):
    """A feed-level issue (no messageId): the reason a feed ended FATAL."""
    return {"code": "FEED_REJECTED", "severity": "ERROR", "message": message}


def _report(feed, issues, processed=0, invalid_count=0):
    """The JSON processing report (v2) with its summary counts."""
    errors = sum(1 for issue in issues if issue["severity"] == "ERROR")
    return {"header": {"sellerId": feed["seller_id"], "version": "2.0", "feedId": feed["feedId"]},
            "issues": issues,
            "summary": {"errors": errors, "warnings": len(issues) - errors,
                        "messagesProcessed": processed,
                        "messagesAccepted": processed - invalid_count,
                        "messagesInvalid": invalid_count}}


def _apply_messages(srv, feed, messages):
    """Check each message on its own; apply the valid ones; report the others."""
    issues, invalid_count = [], 0
    for message in messages:
        problems, listing = _message_problems(srv, feed, message)
        if problems:
            invalid_count += 1
            issues.extend(_message_issue(message, code, text) for code, text in problems)
        else:
            apply_availability(listing, message["patches"], srv.clock())
    return _report(feed, issues, len(messages), invalid_count)


def _message_issue(message, code, text):
    """A report issue tied to a message by messageId and sku when they are usable."""
    issue = {"code": code, "severity": "ERROR", "message": text}
    if isinstance(message, dict):
        if isinstance(message.get("messageId"), int):
            issue["messageId"] = message["messageId"]
        if isinstance(message.get("sku"), str):
            issue["sku"] = message["sku"]
    return issue


def _message_problems(srv, feed, message):
    """((code, message) problems, listing) of one feed message: a PATCH applies to each
    marketplace of the feed, so the SKU must be listed on every one of them."""
    seller_id = feed["seller_id"]
    if not isinstance(message, dict):
        return [("INVALID_MESSAGE", "A message must be a JSON object.")], None
    problems = []
    message_id = message.get("messageId")
    if not isinstance(message_id, int) or isinstance(message_id, bool) or message_id < 1:
        problems.append(("INVALID_MESSAGE", "messageId must be a positive integer."))
    if message.get("operationType") != "PATCH":
        problems.append(("UNSUPPORTED_OPERATION", "The sandbox applies operationType PATCH only."))
    if not message.get("productType"):
        problems.append(("INVALID_MESSAGE", "productType is required."))
    patches = message.get("patches")
    if not isinstance(patches, list) or not patches:
        problems.append(("INVALID_MESSAGE", "patches must hold at least one operation."))
    else:
        problems.extend(availability_issues(patches))
    sku = message.get("sku")
    listing = srv.state.listings.get((seller_id, sku)) if isinstance(sku, str) else None
    if listing is None:
        problems.append(("SKU_NOT_FOUND", f"SKU '{sku}' does not exist for this seller."))
    else:
        problems.extend(("SKU_NOT_FOUND", f"SKU '{sku}' is not listed in marketplace {m}.")
                        for m in feed["marketplaceIds"] if m not in listing["marketplaceIds"])
    return problems, listing
