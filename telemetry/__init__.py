"""The process's Prometheus counters and histograms, served at /metrics on HEARD_WEB_PORT.

The adapters count what they do here (SMTP replies, failed Slack and outbound mail calls, the
time Slack's and the web's requests take); the gauges read from the database are built by the
web view when /metrics is asked for (web/health.py). No label ever holds personal
data: reply codes, HTTP methods and status classes, Slack method names, transport names.
"""

from __future__ import annotations

from prometheus_client import Counter, Histogram

SMTP_REPLIES = Counter("heard_smtp_replies", "SMTP replies heard sent, by reply code", ["code"])
SLACK_ERRORS = Counter(
    "heard_slack_errors", "Slack Web API calls that failed (rate limits, errors, timeouts)"
)
SMARTHOST_ERRORS = Counter(
    "heard_smarthost_errors",
    "Outbound mail the transport did not take (deferred or refused), by transport",
    ["transport"],
)
GRAPH_THROTTLED = Counter(
    "heard_graph_throttled",
    "Times Microsoft Graph asked heard to wait (429 or 503) and heard waited, by endpoint: "
    "api (the mailbox) or token (the sign-in endpoint)",
    ["endpoint"],
)
_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)
SLACK_REQUEST_SECONDS = Histogram(
    "heard_slack_request_seconds",
    "Time to answer a request from Slack on /slack/events, by HTTP status",
    ["status"],
    buckets=_BUCKETS,
)
SLACK_API_SECONDS = Histogram(
    "heard_slack_api_seconds",
    "Time a Slack Web API call took, by method",
    ["method"],
    buckets=_BUCKETS,
)
WEB_REQUEST_SECONDS = Histogram(
    "heard_web_request_seconds",
    "Time to answer a web view request, by method and status class (2xx, 3xx, 4xx, 5xx)",
    ["method", "status"],
    buckets=_BUCKETS,
)


def smtp_reply(status: str) -> None:
    """Count one reply by its three-digit code (an LMTP reply per recipient counts once each)."""
    for line in status.split("\r\n"):
        code = line[:3]
        if code.isdigit():
            SMTP_REPLIES.labels(code=code).inc()


def status_class(status: int) -> str:
    return f"{status // 100}xx"
