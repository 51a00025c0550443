"""What we rely on in python-amazon-sp-api's private parts (spapi/library.py): if a release
changes them, these fail before any order is lost."""
import inspect

import httpx
from sp_api.api import Orders
from sp_api.base._transport_httpx import HttpxTransport
from sp_api.base.credential_provider import FromCodeCredentialProvider

from sale_amazon_sync.spapi.library import use_transport

CREDENTIALS = {"lwa_app_id": "id", "lwa_client_secret": "secret"}


def test_api_clients_send_through_their_transport_attribute():
    api = Orders(refresh_token="token", credentials=CREDENTIALS,
                 credential_providers=[FromCodeCredentialProvider])
    assert isinstance(api._transport, HttpxTransport)
    assert "self._transport.request(" in inspect.getsource(type(api).__mro__[1]._request) \
        or "self._transport.request(" in inspect.getsource(api._request)


def test_transport_request_takes_the_arguments_the_library_passes():
    names = list(inspect.signature(HttpxTransport.request).parameters)
    assert names[:3] == ["self", "method", "url"]
    assert {"params", "data", "content", "headers"} <= set(names)


def test_replaced_transport_routes_every_exchange_through_the_mapping():
    seen = []

    def handler(request):
        return httpx.Response(200, json={"payload": []})

    api = Orders(refresh_token="token", credentials=CREDENTIALS,
                 credential_providers=[FromCodeCredentialProvider])
    with httpx.Client(transport=httpx.MockTransport(handler)) as http:
        use_transport(api, http, lambda send: seen.append(1) or send())
        response = api._transport.request("GET", "https://example.invalid/x", params={})
    assert response.status_code == 200 and seen == [1]
