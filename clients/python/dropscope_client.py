#!/usr/bin/env python3
"""A minimal client for the dropscope exporter's ingest API, POST /api/v1/events.

Standard library only, Python 3.9 or newer: copy this one file next to your bot.

    from dropscope_client import DropscopeClient, DropscopeError

    client = DropscopeClient("http://127.0.0.1:19100", token="s3cret")
    client.send({"type": "airdrops.heartbeat", "component": "scheduler"})
    client.send_batch([claim, interaction])  # one request, all or nothing

Both return the exporter's answer, e.g. {"accepted": 2}. A request the exporter refuses (4xx)
raises DropscopeRejected with the server's errors and is not retried: the same events would be
refused again. Connection errors, timeouts and 502/503/504 are retried with exponential backoff,
then raise DropscopeUnavailable. Give events an "id" so that a retried request whose answer was
lost is not counted twice.

Run as a script, it sends a heartbeat and a claim and prints the answers:

    python3 dropscope_client.py --url http://127.0.0.1:19100 --token-file /etc/dropscope/ingest.token
"""

import argparse
import json
import os
import sys
import time
import urllib.error
import urllib.request
import uuid

__all__ = ["DropscopeClient", "DropscopeError", "DropscopeRejected", "DropscopeUnavailable"]

RETRIED_STATUSES = (502, 503, 504)


class DropscopeError(Exception):
    """Anything that kept events from being accepted."""


class DropscopeRejected(DropscopeError):
    """The exporter refused the request (4xx); sending it again will not help.

    status: the HTTP status. body: the exporter's JSON answer. errors: its problems, one dict per
    problem with index (the event's position in the batch), field, message, expected and found;
    empty when the whole request was refused (401 token, 413 size, 415 content type).
    """

    def __init__(self, status, body):
        self.status = status
        self.body = body
        self.errors = body.get("errors", [])
        super().__init__(_describe(status, body))


class DropscopeUnavailable(DropscopeError):
    """The exporter could not be reached, or kept answering 502/503/504, through every retry."""


class DropscopeClient:
    """Sends events to one exporter.

    base_url: the exporter, e.g. http://127.0.0.1:19100. token: the bearer token, when the
    exporter requires one (ingest.token_file or DROPSCOPE_INGEST_TOKEN). timeout: seconds per
    attempt. retries: attempts after the first. backoff: seconds before the first retry, doubled
    for each one after it.
    """

    def __init__(self, base_url, token=None, timeout=5, retries=3, backoff=0.5):
        self.url = base_url.rstrip("/") + "/api/v1/events"
        self.token = token
        self.timeout = timeout
        self.retries = retries
        self.backoff = backoff

    def send(self, event):
        """Sends one event (a dict with "type") as JSON; returns the answer, e.g. {"accepted": 1}."""
        return self._post(json.dumps(event).encode("utf-8"), "application/json")

    def send_batch(self, events):
        """Sends events as NDJSON in one request: all are accepted, or none and DropscopeRejected."""
        lines = [json.dumps(event, separators=(",", ":")) + "\n" for event in events]
        if not lines:
            return {"accepted": 0}
        return self._post("".join(lines).encode("utf-8"), "application/x-ndjson")

    def _post(self, body, content_type):
        headers = {"Content-Type": content_type}
        if self.token:
            headers["Authorization"] = "Bearer " + self.token
        attempt = 0
        while True:
            attempt += 1
            request = urllib.request.Request(self.url, data=body, headers=headers, method="POST")
            try:
                with urllib.request.urlopen(request, timeout=self.timeout) as response:
                    return _json(response.read())
            except urllib.error.HTTPError as e:
                answer = _json(e.read())
                if 400 <= e.code < 500:
                    raise DropscopeRejected(e.code, answer) from None
                if e.code not in RETRIED_STATUSES:
                    raise DropscopeError(_describe(e.code, answer)) from None
                reason = _describe(e.code, answer)
            except OSError as e:  # connection refused or reset, timeouts; URLError is an OSError
                reason = str(getattr(e, "reason", e))
            if attempt > self.retries:
                raise DropscopeUnavailable(
                    "POST %s failed %d times, last: %s" % (self.url, attempt, reason)
                )
            time.sleep(self.backoff * 2 ** (attempt - 1))


def _json(raw):
    """The answer as a dict; a body that is not JSON (a proxy's error page) becomes {"error": ...}."""
    try:
        answer = json.loads(raw)
    except ValueError:
        answer = None
    if isinstance(answer, dict):
        return answer
    return {"error": raw.decode("utf-8", "replace")[:200]}


def _describe(status, body):
    """One line per problem the exporter named, for exception messages."""
    lines = ["HTTP %d: %s" % (status, body.get("error", "the exporter refused the events"))]
    for p in body.get("errors", []):
        where = "event %s" % p.get("index")
        if p.get("field"):
            where += ", field " + p["field"]
        detail = p.get("message", "")
        if p.get("expected"):
            detail += "; expected " + p["expected"]
        if p.get("found"):
            detail += ", found " + p["found"]
        lines.append("  %s: %s" % (where, detail))
    return "\n".join(lines)


def main(argv=None):
    parser = argparse.ArgumentParser(description="Send a heartbeat and a claim to an exporter.")
    parser.add_argument("--url", default="http://127.0.0.1:19100", help="the exporter's address")
    parser.add_argument(
        "--token-file", help="file holding the ingest token (default: $DROPSCOPE_INGEST_TOKEN)"
    )
    args = parser.parse_args(argv)
    token = os.environ.get("DROPSCOPE_INGEST_TOKEN")
    if args.token_file:
        with open(args.token_file, encoding="utf-8") as f:
            token = f.read().strip()
    client = DropscopeClient(args.url, token=token)
    heartbeat = {"type": "airdrops.heartbeat", "component": "python-client-demo", "status": "up"}
    claim = {
        "type": "airdrops.claim",
        "id": "demo-" + uuid.uuid4().hex,  # an idempotency key makes retries safe
        "protocol": "zksync",
        "wallet": "0x3f5CE5FBFe3E9af3971dD833D26bA9b5C936f0bE",
        "token": "ZK",
        "status": "success",
        "amount": 1520.5,
        "value_usd": 319.31,
        "fee_usd": 0.12,
    }
    try:
        print("heartbeat:", json.dumps(client.send(heartbeat)))
        print("claim:", json.dumps(client.send_batch([claim])))
    except DropscopeError as e:
        print("dropscope_client: %s" % e, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
