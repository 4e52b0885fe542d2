# heard as a container: `heard serve` as a non-root user, dependencies exactly as uv.lock pins
# them. Build: docker build -t heard .   Try it with PostgreSQL: docker compose up (compose.yaml).
# README.md "Running heard in production" says what to set and what to watch.

# The interpreter heard is developed and tested on (requires-python's lowest, 3.11), the same
# image in both stages: the venv's python is a link to /usr/local/bin/python3.11 (uv's Docker
# guide: the final image must match the builder's).
FROM python:3.11-slim AS build
COPY --from=ghcr.io/astral-sh/uv:0.9 /uv /bin/uv
ENV UV_COMPILE_BYTECODE=1 UV_LINK_MODE=copy UV_PYTHON_DOWNLOADS=never
WORKDIR /app
# The dependencies first (a layer that changes only with uv.lock), then heard itself.
COPY pyproject.toml uv.lock README.md ./
RUN --mount=type=cache,target=/root/.cache/uv \
    uv sync --locked --no-dev --no-install-project
COPY . .
# Not editable: the final stage takes only the venv, with heard's rules, templates and
# migrations inside it (no source tree).
RUN --mount=type=cache,target=/root/.cache/uv \
    uv sync --locked --no-dev --no-editable

FROM python:3.11-slim
RUN useradd --system --uid 10001 --user-group --home-dir /var/lib/heard --create-home heard
COPY --from=build --chown=root:root /app/.venv /app/.venv
ENV PATH=/app/.venv/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    HEARD_LOG_FORMAT=json \
    HEARD_DATABASE_URL=sqlite:////var/lib/heard/heard.db \
    HEARD_SMTP_HOST=0.0.0.0 \
    HEARD_SLACK_HTTP_HOST=0.0.0.0 \
    HEARD_WEB_HOST=0.0.0.0 \
    HEARD_WEB_PORT=8080
USER heard
WORKDIR /var/lib/heard
VOLUME ["/var/lib/heard"]
# SMTP intake, Slack's /slack/events (HTTP mode), the web view with /healthz /readyz /metrics.
EXPOSE 2525 3000 8080
# /healthz: the process and its event loop answer. /readyz (the database, Slack, the
# smarthost) is for the load balancer or the orchestrator's readiness, not for restarts.
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
    CMD ["python", "-c", "import os, urllib.request; urllib.request.urlopen('http://127.0.0.1:%s/healthz' % os.environ.get('HEARD_WEB_PORT', '8080'), timeout=4)"]
# SIGTERM (docker stop) finishes what is in flight and exits 0; give it the time to.
STOPSIGNAL SIGTERM
ENTRYPOINT ["heard"]
CMD ["serve"]
