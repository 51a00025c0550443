"""Documents behind presigned URLs, standing in for S3: feed inputs and results, reports.

The API answers a document id with a signed URL on this server; the URL needs no access
token (like S3) but its signature, so that only ids handed out by the API open a document.
Report documents may be stored gzipped, as Amazon serves large reports.
"""
import hashlib
import hmac

from .wire import Response


def new_document(state, seller_id, content_type, content=None, compression=None):
    """Store a document (bytes as served, already compressed when ``compression``) and
    return its id."""
    serial = state.next_id()
    suffix = hashlib.sha1(str(serial).encode()).hexdigest()[:8].upper()
    document_id = f"amzn1.tortuga.4.eu.{serial:08d}.T{suffix}"
    state.documents[document_id] = {"seller_id": seller_id, "contentType": content_type,
                                    "content": content, "compression": compression}
    return document_id


def document_url(srv, document_id, content_encoding=False):
    """The presigned URL of a document; ``content_encoding`` makes the download announce
    ``Content-Encoding: gzip`` (getReportDocument's enableContentEncodingUrlHeader)."""
    url = f"{srv.url}/_sandbox/documents/{document_id}?sig={_signature(srv, document_id)}"
    return url + "&encoding=gzip" if content_encoding else url


def _signature(srv, document_id):
    return hmac.new(srv.secret, document_id.encode(), hashlib.sha256).hexdigest()[:32]


def _s3_error(status, code, message):
    """Presigned URLs answer like S3 (XML errors), not like SP-API."""
    body = f"<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>{code}</Code>" \
           f"<Message>{message}</Message></Error>"
    return Response(status, body.encode(), "application/xml")


def _signed_document(srv, req):
    """The document of a presigned URL, or an S3-style error response."""
    document_id = req.params["documentId"]
    document = srv.state.documents.get(document_id)
    if not hmac.compare_digest(req.value("sig") or "", _signature(srv, document_id)):
        return None, _s3_error(403, "AccessDenied", "Request signature does not match.")
    if document is None:
        return None, _s3_error(404, "NoSuchKey", "The specified key does not exist.")
    req.seller_id = document["seller_id"]
    return document, None


def upload_document(srv, req):
    """PUT on a presigned URL: store the bytes as sent (no token, like S3)."""
    document, error = _signed_document(srv, req)
    if error:
        return error
    document["content"] = req.raw
    return Response(200, b"", "text/plain")


def download_document(srv, req):
    """GET on a presigned URL: the stored bytes."""
    document, error = _signed_document(srv, req)
    if error:
        return error
    if document["content"] is None:
        return _s3_error(404, "NoSuchKey", "Nothing was uploaded to this document.")
    response = Response(200, document["content"], document["contentType"])
    if req.value("encoding") == "gzip" and document["compression"] == "GZIP":
        response.headers["Content-Encoding"] = "gzip"
    return response
