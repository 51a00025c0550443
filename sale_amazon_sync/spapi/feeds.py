"""JSON_LISTINGS_FEED documents for FBM quantities, and their processing reports.

Pure functions, no Odoo and no I/O: the caller uploads each document with
``SpApiClient.submit_feed`` and reads the report back with ``get_feed_document``.
"""
import json
from dataclasses import dataclass

from .. import const

_AVAILABILITY_PATH = "/attributes/fulfillment_availability"
_SEPARATORS = (",", ":")  # compact JSON: a smaller document holds more messages


class FeedReportError(ValueError):
    """The result document of a feed is not a JSON listings processing report."""


@dataclass(frozen=True)
class FeedDocument:
    """One feed to submit: its UTF-8 JSON bytes, and the SKU of each messageId in it."""
    content: bytes
    skus: dict


@dataclass(frozen=True)
class FeedReport:
    """What a processing report says about each SKU of its feed.

    ``errors`` holds the ERROR messages of each failed SKU; ``accepted`` the SKUs without
    any. When Amazon rejected the document itself (``feed_errors``: issues tied to no
    message of ours), every SKU is in ``errors`` with those messages, so that the caller
    simply marks ``accepted`` done and ``errors`` failed.
    """
    accepted: tuple
    errors: dict
    feed_errors: tuple

    @property
    def rejected(self):
        """True when the whole document failed, not just some of its messages."""
        return bool(self.feed_errors)


def build_quantity_feeds(seller_id, quantities, max_messages=const.MAX_FEED_MESSAGES,
                         max_bytes=const.MAX_FEED_BYTES):
    """FeedDocuments setting the seller-fulfilled (DEFAULT channel) quantity of each SKU.

    ``quantities`` yields (sku, quantity); a SKU given twice keeps its last quantity, so
    that no feed holds two messages for one SKU. Quantities become whole units, never
    negative. Documents respect Amazon's message count and size limits, and number their
    messages from 1, as the report refers to them by messageId.
    """
    latest = {sku: max(0, int(quantity)) for sku, quantity in quantities}
    header = json.dumps({"sellerId": seller_id, "version": "2.0", "issueLocale": "en_US"},
                        ensure_ascii=False, separators=_SEPARATORS).encode("utf-8")
    return [FeedDocument(_document_bytes(header, messages), skus)
            for messages, skus in _batches(header, latest, max_messages, max_bytes)]


def _batches(header, quantities, max_messages, max_bytes):
    """(encoded messages, messageId -> SKU) of each document, cut at the first limit hit.

    The size is kept as a running sum: re-measuring the document at each message would
    cost quadratic time on 25,000 messages.
    """
    empty = len(_document_bytes(header, []))
    messages, skus, size = [], {}, empty
    for sku, quantity in quantities.items():
        message = _message(len(messages) + 1, sku, quantity)
        if messages and (len(messages) >= max_messages or size + 1 + len(message) > max_bytes):
            yield messages, skus
            messages, skus, size = [], {}, empty
            message = _message(1, sku, quantity)
        size += len(message) + bool(messages)  # plus the separating comma
        if size > max_bytes:
            raise ValueError(f"The feed message of SKU {sku!r} alone exceeds {max_bytes} bytes.")
        messages.append(message)
        skus[len(messages)] = sku
    if messages:
        yield messages, skus


def _message(message_id, sku, quantity):
    """One PATCH message, encoded: "merge" keeps the listing's other availability data
    (restock date, handling time)."""
    return json.dumps({
        "messageId": message_id, "sku": sku, "operationType": "PATCH", "productType": "PRODUCT",
        "patches": [{"op": "merge", "path": _AVAILABILITY_PATH,
                     "value": [{"fulfillment_channel_code": "DEFAULT", "quantity": quantity}]}],
    }, ensure_ascii=False, separators=_SEPARATORS).encode("utf-8")


def _document_bytes(header, messages):
    return b'{"header":' + header + b',"messages":[' + b",".join(messages) + b"]}"


def parse_processing_report(text, skus):
    """The FeedReport of a JSON listings processing report for the document whose
    messageId -> SKU map is ``skus``.

    Only ERROR issues count: warnings and infos do not stop a quantity from applying. An
    ERROR naming no message, or a messageId this document does not have, cannot be pinned
    on one SKU, so it fails the whole document.
    """
    report = _load_report(text)
    errors, feed_errors = {}, []
    for issue in report["issues"]:
        message_id, message = _issue(issue)
        if message is None:
            continue
        sku = skus.get(message_id) if message_id is not None else None
        if sku is None:
            prefix = f"Message {message_id}: " if message_id is not None else ""
            feed_errors.append(prefix + message)
        else:
            errors.setdefault(sku, []).append(message)
    if feed_errors:
        errors = {sku: errors.get(sku, []) + feed_errors for sku in skus.values()}
    accepted = tuple(sku for sku in skus.values() if sku not in errors)
    return FeedReport(accepted, errors, tuple(feed_errors))


def _load_report(text):
    """The report as a dict, checked for the parts the schema requires."""
    try:
        report = json.loads(text)
    except (TypeError, ValueError) as exc:
        raise FeedReportError(f"The feed processing report is not JSON: {exc}") from exc
    if not isinstance(report, dict):
        raise FeedReportError("The feed processing report is not a JSON object.")
    for key, kind in (("header", dict), ("issues", list), ("summary", dict)):
        if not isinstance(report.get(key), kind):
            raise FeedReportError(f"The feed processing report has no valid {key!r}.")
    return report


def _issue(issue):
    """(messageId or None, message) of an ERROR issue; (None, None) for a lesser one."""
    if (not isinstance(issue, dict) or not isinstance(issue.get("message"), str)
            or issue.get("severity") not in ("ERROR", "WARNING", "INFO")):
        raise FeedReportError(f"The feed processing report has a malformed issue: {issue!r}")
    if issue["severity"] != "ERROR":
        return None, None
    message_id = issue.get("messageId")
    if isinstance(message_id, bool) or not isinstance(message_id, (int, type(None))):
        raise FeedReportError(f"The feed processing report has a malformed messageId: "
                              f"{message_id!r}")
    return message_id, issue["message"]
