"""HTTP for the networks without a client library that can reach a test server: httpx, with
the network's failures translated into delivery outcomes."""

import os
import threading
import time

import httpx

from . import OutcomeUnknown, RateLimited, TransientError, retry_after_seconds

_clients = {}
_clients_lock = threading.Lock()


def _client():
    """One pooled client per process (worker processes are forked: never share across them)."""
    pid = os.getpid()
    with _clients_lock:
        if pid not in _clients:
            _clients[pid] = httpx.Client(follow_redirects=False)
        return _clients[pid]


def send(network_name, method, url, *, timeout, **kwargs):
    """The response, or the outcome a failure means. 4xx other than 429 are left to the caller."""
    try:
        response = _client().request(method, url, timeout=timeout, **kwargs)
    except (httpx.ConnectError, httpx.ConnectTimeout) as error:
        raise TransientError(
            f"{network_name} could not be reached ({type(error).__name__})"
        ) from None
    except httpx.TimeoutException:
        raise OutcomeUnknown(f"{network_name} did not answer in time") from None
    except httpx.TransportError as error:
        raise OutcomeUnknown(
            f"{network_name} closed the connection before answering ({type(error).__name__})"
        ) from None
    if response.status_code == 429:
        raise RateLimited(
            f"{network_name} rate limit reached",
            retry_after=retry_after_seconds(response.headers, time.time()),
        )
    if response.status_code >= 500:
        raise TransientError(f"{network_name} server error {response.status_code}")
    return response


def json_or_empty(response):
    try:
        body = response.json()
    except ValueError:
        return {}
    return body if isinstance(body, dict) else {}
