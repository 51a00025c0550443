"""The one place that reaches into python-amazon-sp-api's private parts.

The library has no public hook for its HTTP transport, and we need one: our own httpx
client (timeouts, Host fix) and our error mapping on every answer, before the library
parses it. So each API client gets its ``_transport`` replaced by a subclass of the
library's private ``HttpxTransport``. ``tests/test_library_contract.py`` fails loudly if
a release of the library renames or reshapes either.
"""
from sp_api.base._transport_httpx import HttpxTransport


class MappedTransport(HttpxTransport):
    """The library's transport over our httpx client; ``answered`` runs every exchange."""

    def __init__(self, client, answered):
        super().__init__(client=client)
        self._answered = answered

    def request(self, method, url, **kwargs):
        parent = super()
        return self._answered(lambda: parent.request(method, url, **kwargs))


def use_transport(api, client, answered):
    """Make the library's ``api`` send through ``client``, each answer through ``answered``
    (a callable taking the zero-argument request and returning the response)."""
    api._transport = MappedTransport(client, answered)
