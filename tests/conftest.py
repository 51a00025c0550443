"""Fixtures shared by the pure-Python suites: one sandbox server, fresh for every test."""
from datetime import datetime, timezone

import httpx
import pytest
from common import DE

from sale_amazon_sync.sandbox import (
    APP_CLIENT_ID,
    APP_CLIENT_SECRET,
    DEMO_REFRESH_TOKEN,
    SandboxServer,
)
from sale_amazon_sync.spapi import SpApiClient, clear_token_cache, reset_buckets


@pytest.fixture(scope="session")
def srv():
    server = SandboxServer(port=0).start()
    yield server
    server.stop()


@pytest.fixture
def sandbox(srv):
    """The sandbox in its seeded state, on the real clock, limits on; and a client side
    with no cached token nor bucket."""
    srv.clock = lambda: datetime.now(timezone.utc)
    srv.rate_limits = True
    srv.auto_consent = False
    srv.reset()
    clear_token_cache()
    reset_buckets()
    return srv


@pytest.fixture
def seller_http(sandbox):
    """Plain HTTP to the sandbox with the demo seller's access token, as any client sends."""
    token = httpx.post(sandbox.lwa_url, data={
        "grant_type": "refresh_token", "refresh_token": DEMO_REFRESH_TOKEN,
        "client_id": APP_CLIENT_ID, "client_secret": APP_CLIENT_SECRET}).json()["access_token"]
    with httpx.Client(base_url=sandbox.url, headers={"x-amz-access-token": token}) as http:
        yield http


@pytest.fixture
def sleeps():
    """The client's sleeps, recorded instead of slept."""
    return []


@pytest.fixture
def client(sandbox, sleeps):
    """A factory of SP-API clients for the demo seller, pointed at the sandbox."""
    def make(**kwargs):
        options = dict(client_id=APP_CLIENT_ID, client_secret=APP_CLIENT_SECRET,
                       refresh_token=DEMO_REFRESH_TOKEN, region="eu", marketplace_id=DE,
                       endpoint=sandbox.url, lwa_endpoint=sandbox.lwa_url, backoff_base=0.01,
                       sleep=sleeps.append)
        return SpApiClient(**dict(options, **kwargs))
    return make
