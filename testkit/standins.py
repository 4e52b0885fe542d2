"""Every outside service heard talks to, running on fixed local ports, so a person can try heard
by hand as staff would: mail caught by a capturing smarthost, Slack, Microsoft Graph, GOV.UK
Notify and an OpenID Connect provider (the same stand-ins the tests use), and small commands to
click a card's button, fill in a modal, drop mail into the shared mailbox and send a receipt.

    uv run python -m testkit.standins up --base-port 22000      # leave it running
    set -a; . /tmp/heard-standins/heard.env; set +a              # then, in another shell
    uv run heard serve
    uv run python -m testkit.standins posted                     # what heard posted to Slack
    uv run python -m testkit.standins click CSC-2026-000001 case_ack
    uv run python -m testkit.standins submit reason="Agreed by phone" ...

Nothing here is used by heard itself: it is a tool for the people who build and check it."""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import time
import urllib.request
from collections.abc import Mapping
from dataclasses import asdict
from email import message_from_bytes, policy
from pathlib import Path
from typing import Any

from aiohttp import web
from aiosmtpd.smtp import SMTP, Envelope, Session

from testkit.graph_api import GraphStub, start_graph_stub
from testkit.notify_api import NotifyStub, start_notify_stub
from testkit.oidc_provider import OidcProvider
from testkit.role_rules import write_rules
from testkit.slack_api import SlackStub, view_in
from testkit.slack_signing import (
    MULTIPLE,
    SECRET,
    button,
    interaction,
    not_offered,
    options_of,
    signed_headers,
    view_submission,
)
from testkit.web_rules import WEB_ROLES

DEFAULT_DIR = Path("/tmp/heard-standins")
SHIPPED_RULES = Path(__file__).resolve().parent.parent / "triage" / "default_rules.yaml"

# Offsets from --base-port: the stand-ins', then the ports heard is told to use.
SMARTHOST, SLACK, GRAPH, NOTIFY, OIDC, CONTROL = range(6)
HEARD_SMTP, HEARD_SLACK, HEARD_WEB = 25, 30, 80


class Catcher:
    """The smarthost: every letter heard sends is kept as NNN.eml and announced on one line."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.count = 0

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        self.count += 1
        data = bytes(envelope.original_content or b"")
        (self.folder / f"{self.count:03d}.eml").write_bytes(data)
        subject = message_from_bytes(data, policy=policy.default).get("Subject", "")
        print(f"caught {self.count:03d}: to {', '.join(envelope.rcpt_tos)}: {subject}", flush=True)
        return "250 2.0.0 caught"


def env_lines(
    base: int, folder: Path, graph: GraphStub, notify: NotifyStub, oidc: str, web_path: str = ""
) -> str:
    """Settings that point heard at the stand-ins (printed, and written to heard.env)."""
    settings = {
        "HEARD_DATABASE_URL": f"sqlite:///{folder / 'heard.db'}",
        "HEARD_RULES_PATH": str(folder / "rules.yaml"),
        "HEARD_SMTP_PORT": base + HEARD_SMTP,
        "HEARD_WEB_PORT": base + HEARD_WEB,
        "HEARD_WEB_BASE_URL": f"http://127.0.0.1:{base + HEARD_WEB}{web_path}",
        "HEARD_SMARTHOST_HOST": "127.0.0.1",
        "HEARD_SMARTHOST_PORT": base + SMARTHOST,
        "HEARD_SLACK_BOT_TOKEN": "xoxb-standin",
        "HEARD_SLACK_SIGNING_SECRET": SECRET,
        "HEARD_SLACK_API_URL": f"http://127.0.0.1:{base + SLACK}/api/",
        "HEARD_SLACK_HTTP_PORT": base + HEARD_SLACK,
        "HEARD_SLACK_TRIAGE_CHANNEL": "CTRIAGE",
        "HEARD_OIDC_ISSUER": oidc,
        "HEARD_OIDC_CLIENT_ID": "heard-test-client",
        "HEARD_OIDC_CLIENT_SECRET": "heard-test-secret",
        "HEARD_NOTIFY_CALLBACK_TOKEN": "standin-callback-token",
    }
    graph_settings = {
        "HEARD_GRAPH_TENANT_ID": graph.tenant,
        "HEARD_GRAPH_CLIENT_ID": graph.client_id,
        "HEARD_GRAPH_CLIENT_SECRET": graph.client_secret,
        "HEARD_GRAPH_MAILBOX": graph.mailbox,
        "HEARD_GRAPH_LOGIN_URL": graph.login_url,
        "HEARD_GRAPH_API_URL": graph.api_url,
        "HEARD_GRAPH_POLL_SECONDS": 5,
    }
    notify_settings = {
        "HEARD_NOTIFY_API_KEY": notify.api_key,
        "HEARD_NOTIFY_API_URL": notify.url,
        "HEARD_NOTIFY_EMAIL_TEMPLATE_ID": notify.template_id("email"),
        "HEARD_NOTIFY_SMS_TEMPLATE_ID": notify.template_id("sms"),
        "HEARD_NOTIFY_LETTER_TEMPLATE_ID": notify.template_id("letter"),
    }
    (folder / "graph.env").write_text(_env(graph_settings))
    (folder / "notify.env").write_text(_env(notify_settings))
    return _env(settings)


def _env(settings: Mapping[str, object]) -> str:
    return "".join(f"{name}={value}\n" for name, value in settings.items())


def control_app(
    slack: SlackStub, graph: GraphStub, notify: NotifyStub, oidc: OidcProvider, catcher: Catcher
) -> web.Application:
    """What the hand commands below ask the running stand-ins."""

    async def posted(request: web.Request) -> web.Response:
        shown = (
            "chat.postMessage",
            "chat.update",
            "views.open",
            "views.update",
            "views.push",
            "chat.postEphemeral",
            "views.publish",
        )
        unclaimed = list(slack.posted)  # chat.postMessage bodies with the ts Slack gave them
        calls = []
        for call in slack.calls:
            if call.method not in shown:
                continue
            body = dict(call.body)
            if call.method == "chat.postMessage":
                match = next(
                    (p for p in unclaimed if {**p, "ts": None} == {**body, "ts": None}), None
                )
                if match is not None:
                    unclaimed.remove(match)
                    body["ts"] = match["ts"]
            calls.append({"method": call.method, "body": body})
        return web.json_response(calls)

    async def deliver(request: web.Request) -> web.Response:
        message = graph.deliver(await request.read(), sender=request.query.get("from") or None)
        return web.json_response({"id": message.id})

    async def notifications(request: web.Request) -> web.Response:
        return web.json_response([asdict(found) for found in notify.notifications])

    async def receipt(request: web.Request) -> web.Response:
        asked = await request.json()
        found = next(n for n in notify.notifications if n.id == asked["id"])
        status, text = await notify.send_receipt(
            asked["callback"], asked["token"], found, asked["status"]
        )
        return web.json_response({"status": status, "answer": text})

    async def sign_in_as(request: web.Request) -> web.Response:
        oidc.sign_in_as((await request.json())["email"])
        return web.json_response({"ok": True})

    async def graph_fault(request: web.Request) -> web.Response:
        """Graph's failure modes by hand: a stale delta link, expired tokens, throttling."""
        asked = await request.json()
        if asked["fault"] == "lose-sync-state":
            graph.lose_sync_state()
        elif asked["fault"] == "expire-tokens":
            graph.expire_tokens()
        elif asked["fault"] == "expire-upload-urls":  # the next upload's URL dies after a range
            graph.drafts.expire_upload_urls(after_ranges=1)
        else:
            graph.fail(
                int(asked["status"]), times=int(asked["times"]), retry_after=asked["retry_after"]
            )
        return web.json_response({"ok": asked["fault"]})

    async def graph_sent(request: web.Request) -> web.Response:
        return web.json_response([raw.decode("utf-8", "replace") for raw in graph.sent])

    application = web.Application(client_max_size=64 * 1024**2)
    application.router.add_get("/slack/posted", posted)
    application.router.add_post("/graph/deliver", deliver)
    application.router.add_get("/graph/sent", graph_sent)
    application.router.add_post("/graph/fault", graph_fault)
    application.router.add_get("/notify/notifications", notifications)
    application.router.add_post("/notify/receipt", receipt)
    application.router.add_post("/oidc/sign-in-as", sign_in_as)
    return application


async def _serve(application: web.Application, port: int) -> web.AppRunner:
    runner = web.AppRunner(application)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", port).start()
    return runner


async def up(base: int, folder: Path, web_path: str = "") -> None:
    (folder / "mail").mkdir(parents=True, exist_ok=True)
    catcher = Catcher(folder / "mail")
    loop = asyncio.get_running_loop()
    await loop.create_server(
        lambda: SMTP(catcher, hostname="smarthost.standin", enable_SMTPUTF8=True),
        host="127.0.0.1",
        port=base + SMARTHOST,
    )
    slack = SlackStub(port=base + SLACK)
    slack_app = web.Application()
    slack_app.router.add_post("/api/{method}", slack.handle)
    slack_app.router.add_get("/api/{method}", slack.handle)
    await _serve(slack_app, slack.port)
    graph, _ = await start_graph_stub(GraphStub(port=base + GRAPH))
    notify, _ = await start_notify_stub(NotifyStub(port=base + NOTIFY))
    oidc = OidcProvider(bind_port=base + OIDC)
    oidc.sign_in_as("officer@council.example")
    oidc.redirect_uris.append(f"http://127.0.0.1:{base + HEARD_WEB}{web_path}/auth/callback")
    oidc.start()
    await _serve(control_app(slack, graph, notify, oidc, catcher), base + CONTROL)
    write_rules(SHIPPED_RULES, folder / "rules.yaml", roles=WEB_ROLES)
    env = env_lines(base, folder, graph, notify, oidc.issuer, web_path)
    (folder / "heard.env").write_text(env)
    state = {
        "control": f"http://127.0.0.1:{base + CONTROL}",
        "heard_slack": base + HEARD_SLACK,
        "heard_web": base + HEARD_WEB,
    }
    (folder / "standins.json").write_text(json.dumps(state))
    print(f"stand-ins up; letters caught into {folder / 'mail'}; settings for heard:")
    print(env, end="")
    print(
        f"(Graph intake and sending: also {folder / 'graph.env'}; Notify: {folder / 'notify.env'})"
    )
    print("roles: Slack UOFFICER officer, UMANAGER team manager; web officer@council.example,")
    print("fostering.manager@heard.localhost, dcs@heard.localhost (see testkit/web_rules.py)")
    sys.stdout.flush()
    await asyncio.Event().wait()


# --- the hand commands ----------------------------------------------------------------------
def _state(folder: Path) -> dict[str, Any]:
    try:
        return dict(json.loads((folder / "standins.json").read_text()))
    except FileNotFoundError:
        raise SystemExit(f"no stand-ins running from {folder}: start `up` first") from None


def _get(url: str) -> Any:
    with urllib.request.urlopen(url, timeout=10) as answer:
        return json.loads(answer.read())


def _post(url: str, body: bytes, headers: dict[str, str]) -> tuple[int, str]:
    request = urllib.request.Request(url, data=body, headers=headers, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=30) as answer:
            return answer.status, answer.read().decode()
    except urllib.error.HTTPError as refused:
        return refused.code, refused.read().decode()


def _blocks(body: dict[str, Any], key: str = "blocks") -> list[dict[str, Any]]:
    blocks = body.get(key) or []
    return json.loads(blocks) if isinstance(blocks, str) else list(blocks)


def _elements(blocks: list[dict[str, Any]]) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    for block in blocks:
        if block.get("type") == "actions":
            found.extend(block.get("elements", []))
        elif isinstance(block.get("accessory"), dict):
            found.append(block["accessory"])
    return found


def _label(element: dict[str, Any]) -> str:
    text = element.get("text") or element.get("placeholder") or {}
    return str(text.get("text", "")) if isinstance(text, dict) else str(text)


def _cards(calls: list[dict[str, Any]], reference: str) -> dict[str, dict[str, Any]]:
    """Each Slack message about `reference` as it shows now: "channel/ts" -> latest body."""
    shown: dict[str, dict[str, Any]] = {}
    for call in calls:
        body = call["body"]
        key = f"{body.get('channel')}/{body.get('ts')}"
        first = call["method"] == "chat.postMessage" and reference in json.dumps(body)
        if first or (call["method"] == "chat.update" and key in shown):
            shown[key] = body
    return shown


def shown(element: dict[str, Any]) -> list[str]:
    """A card's button or menu as `posted` prints it, in the words `click` takes: an overflow
    menu (Slack draws it as ⋯, with no label of its own) lists each option by the name
    `--option` wants, the first word of its value."""
    if element.get("type") == "overflow":
        lines = [f"   [{element.get('action_id')}] ⋯ menu (click with --option NAME)"]
        for option in element.get("options", []):
            lines.append(f"      {str(option.get('value', '')).split(' ')[0]}: {_label(option)}")
        return lines
    lines = [f"   [{element.get('action_id')}] {_label(element)}"]
    for option in element.get("options", []):
        lines.append(f"      option {option.get('value')}: {_label(option)}")
    return lines


def posted(folder: Path, reference: str | None) -> None:
    calls = _get(_state(folder)["control"] + "/slack/posted")
    if reference:
        for key, body in _cards(calls, reference).items():
            print(f"== {key}: {body.get('text', '')[:100]}")
            for element in _elements(_blocks(body)):
                print("\n".join(shown(element)))
        return
    for call in calls[-30:]:
        body = call["body"]
        text = body.get("text") or view_in(body).get("callback_id") or ""
        print(f"{call['method']:<20} {body.get('channel', '')!s:<12} {str(text)[:90]}")


def click(folder: Path, reference: str, action: str, user: str, option: str | None) -> None:
    state = _state(folder)
    calls = _get(state["control"] + "/slack/posted")
    before = len(calls)
    for body in reversed(list(_cards(calls, reference).values())):
        blocks = _blocks(body)
        for element in _elements(blocks):
            if action in (element.get("action_id"), _label(element)):
                payload = button(
                    element["action_id"],
                    element.get("value", ""),
                    user=user,
                    blocks=blocks,
                    channel=str(body.get("channel", "CTRIAGE")),
                )
                payload["actions"][0] |= picked(element, option)
                _send(state, interaction(payload))
                _show_new(state, before)
                return
    raise SystemExit(f"no {action!r} on any message about {reference}: try `posted {reference}`")


def picked(element: dict[str, Any], option: str | None) -> dict[str, Any]:
    """What Slack's block_actions carries for the element clicked: a button its value, an
    overflow menu the option chosen, a user picker the user chosen (`--option U123`)."""
    kind = element.get("type")
    if kind == "overflow":
        chosen = [o for o in element["options"] if o["value"].split(" ")[0] == option]
        if not chosen:
            raise SystemExit(
                f"--option must be one of {[o['value'].split(' ')[0] for o in element['options']]}"
            )
        return {"type": "overflow", "selected_option": chosen[0]}
    if kind == "users_select":
        if not option:
            raise SystemExit("--option USER_ID: the member of staff picked (UOFFICER, UMANAGER)")
        return {"type": "users_select", "selected_user": option}
    return {}


def submit(folder: Path, answers: list[str], user: str) -> None:
    state = _state(folder)
    calls = _get(state["control"] + "/slack/posted")
    views = [
        view_in(c["body"])
        for c in calls
        if c["method"] in ("views.open", "views.push", "views.update")
    ]
    opened = max(
        (i for i, c in enumerate(calls) if c["method"] in ("views.open", "views.push")), default=-1
    )
    pushed_file = folder / "pushed_view.json"  # a view heard pushed in its answer (a preview)
    pushed = json.loads(pushed_file.read_text()) if pushed_file.exists() else None
    if pushed and pushed["after"] > opened:
        # a 'Working' view heard pushed while the database was busy is then updated in place
        key = pushed["view"].get("external_id")
        later = [view_in(c["body"]) for c in calls[pushed["after"]:]
                 if key and c["method"] == "views.update" and c["body"].get("external_id") == key]  # fmt: skip
        pushed["view"] = later[-1] if later else pushed["view"]
        views.append(pushed["view"])
    if not views:
        raise SystemExit("no modal is open: click a button first")
    view = views[-1]
    from_push = pushed is not None and view is pushed["view"]
    given = left_as_shown(view, typed_answers(view, answers))
    if refused := not_offered(view, given):
        shown = "; ".join(refused)
        raise SystemExit(f"not offered on this modal (Slack could not send it): {shown}")
    payload = view_submission(view, given, user=user)
    answer = _send(state, interaction(payload))
    reply = json.loads(answer) if answer.strip().startswith("{") else {}
    if reply.get("response_action") == "push":
        pushed_file.write_text(json.dumps({"after": len(calls), "view": reply["view"]}))
        print("(heard pushed a view: `submit` again presses its "
              f"{reply['view'].get('submit', {}).get('text', 'Save')})")  # fmt: skip
    elif from_push and reply.get("response_action") != "update":
        pushed_file.unlink()  # sent (or refused for good): back to the modals heard opened
    _show_new(state, len(calls))


def typed_answers(view: dict[str, Any], answers: list[str]) -> dict[str, str | list[str]]:
    """`block_id=value` as typed: a box ticked or a choice picked from several is one value
    each time its block is named (`remedies=apology remedies=explanation`, or `a,b` in one),
    every one kept, as Slack sends every box ticked; any other field is named once."""
    multiple = {
        block["block_id"]
        for block in view.get("blocks", [])
        if (block.get("element") or {}).get("type") in MULTIPLE
    }
    typed: dict[str, str | list[str]] = {}
    for answer in answers:
        block_id, value = answer.split("=", 1)
        if block_id in multiple:
            chosen = typed.setdefault(block_id, [])
            assert isinstance(chosen, list)
            chosen.extend(_several(view, block_id, value))
        elif block_id in typed:
            raise SystemExit(f"{block_id} is named twice: it takes one value")
        else:
            typed[block_id] = value
    return typed


def _several(view: dict[str, Any], block_id: str, value: str) -> list[str]:
    """`a,b` is two choices, unless `a,b` is itself one the block offers."""
    element = next(b["element"] for b in view["blocks"] if b.get("block_id") == block_id)
    if value in {option.get("value") for option in options_of(element)}:
        return [value]
    return [each for each in value.split(",") if each]


def left_as_shown(
    view: dict[str, Any], given: dict[str, str | list[str]]
) -> dict[str, str | list[str]]:
    """The answers as Slack sends them: a field nobody touched submits what it showed (its
    initial option, text, choices or user), as in Slack, so `submit` needs only the changes."""
    shown: dict[str, str | list[str]] = {}
    for block in view.get("blocks", []):
        element = block.get("element") or {}
        if block.get("type") != "input" or block.get("block_id") in given:
            continue
        if isinstance(element.get("initial_option"), dict):
            shown[block["block_id"]] = str(element["initial_option"].get("value", ""))
        elif element.get("initial_options"):
            shown[block["block_id"]] = [str(o["value"]) for o in element["initial_options"]]
        elif element.get("type") in MULTIPLE:
            shown[block["block_id"]] = []
        elif element.get("initial_value") is not None:
            shown[block["block_id"]] = str(element["initial_value"])
        elif element.get("initial_user"):
            shown[block["block_id"]] = str(element["initial_user"])
    return {**shown, **given}


def _send(state: dict[str, Any], body: str) -> str:
    url = f"http://127.0.0.1:{state['heard_slack']}/slack/events"
    status, answer = _post(url, body.encode(), signed_headers(body))
    print(f"heard answered {status} {answer[:2000]}")
    return answer


def _show_new(state: dict[str, Any], before: int) -> None:
    time.sleep(1.5)  # a hand tool: give heard's poster a moment to call Slack
    for call in _get(state["control"] + "/slack/posted")[before:]:
        body = call["body"]
        view = view_in(body)
        if view:
            print(f"{call['method']}: modal {view.get('callback_id')}")
            for block in view.get("blocks", []):
                if block.get("type") == "input":
                    element = block["element"]
                    # each option as the value `submit` takes and the words Slack shows
                    options = [
                        f"{o.get('value')}: {(o.get('text') or {}).get('text', '')}"
                        for o in options_of(element)
                    ]
                    label = (block.get("label") or {}).get("text", "")
                    print(
                        f"   {block['block_id']} ({element['type']}) {label}"
                        + (f" options {options}" if options else "")
                    )
                elif block.get("type") in ("section", "context", "header"):
                    print(f"   | {json.dumps(block.get('text') or block.get('elements'))[:300]}")
        else:
            print(f"{call['method']} {body.get('channel', '')}: {str(body.get('text', ''))[:200]}")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        prog="python -m testkit.standins",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--dir", type=Path, default=DEFAULT_DIR)
    commands = parser.add_subparsers(dest="command", required=True)
    started = commands.add_parser("up", help="start every stand-in and wait")
    started.add_argument("--base-port", type=int, default=22000)
    started.add_argument(
        "--web-path",
        default="",
        help="serve the web view under this path (/heard), as behind an intranet's proxy",
    )
    shown = commands.add_parser("posted", help="what heard posted to Slack (cards with buttons)")
    shown.add_argument("reference", nargs="?")
    clicked = commands.add_parser("click", help="click a button on a case's Slack message")
    clicked.add_argument("reference")
    clicked.add_argument("action", help="the button's action_id or its label")
    clicked.add_argument(
        "--option", help="for an overflow menu: the item to pick; for a user picker: the user id"
    )
    clicked.add_argument("--user", default="UOFFICER")
    submitted = commands.add_parser("submit", help="press Save on the modal heard opened last")
    submitted.add_argument("answers", nargs="*", help="block_id=value (a,b for several)")
    submitted.add_argument("--user", default="UOFFICER")
    delivered = commands.add_parser("deliver", help="put an .eml into the Graph shared mailbox")
    delivered.add_argument("eml", type=Path)
    faulted = commands.add_parser("graph", help="make Graph fail: stale delta, expiry, 429/503")
    faulted.add_argument(
        "fault", choices=["lose-sync-state", "expire-tokens", "expire-upload-urls", "throttle"]
    )
    faulted.add_argument("--status", type=int, default=429, help="throttle: 429 or 503")
    faulted.add_argument("--times", type=int, default=3, help="throttle: this many requests")
    faulted.add_argument("--retry-after", default="2", help="throttle: Retry-After seconds")
    shown = commands.add_parser("graph-sent", help="what heard sent as the shared mailbox")
    shown.add_argument("--save", type=Path, help="write each as N.eml in this folder instead")
    commands.add_parser("notifications", help="what heard sent through Notify")
    receipted = commands.add_parser("receipt", help="Notify's delivery receipt for one")
    receipted.add_argument("id")
    receipted.add_argument("status", help="delivered | permanent-failure | technical-failure ...")
    receipted.add_argument("--token", default="standin-callback-token")
    signed = commands.add_parser("sign-in-as", help="who the OIDC stand-in signs in next")
    signed.add_argument("email")
    args = parser.parse_args(argv)
    folder: Path = args.dir
    if args.command == "up":
        asyncio.run(up(args.base_port, folder, args.web_path.rstrip("/")))
    elif args.command == "posted":
        posted(folder, args.reference)
    elif args.command == "click":
        click(folder, args.reference, args.action, args.user, args.option)
    elif args.command == "submit":
        submit(folder, args.answers, args.user)
    elif args.command == "deliver":
        answer = _post(_state(folder)["control"] + "/graph/deliver", args.eml.read_bytes(), {})
        print(answer[1])
    elif args.command == "graph":
        body = json.dumps(
            {
                "fault": args.fault,
                "status": args.status,
                "times": args.times,
                "retry_after": args.retry_after,
            }
        ).encode()
        headers = {"Content-Type": "application/json"}
        print(_post(_state(folder)["control"] + "/graph/fault", body, headers)[1])
    elif args.command == "graph-sent":
        for number, raw in enumerate(_get(_state(folder)["control"] + "/graph/sent"), start=1):
            if args.save is None:
                print(raw, end="\n" + "-" * 72 + "\n")
                continue
            args.save.mkdir(parents=True, exist_ok=True)
            (args.save / f"{number}.eml").write_text(raw)
            print(args.save / f"{number}.eml")
    elif args.command == "notifications":
        for found in _get(_state(folder)["control"] + "/notify/notifications"):
            print(json.dumps(found))
    elif args.command == "receipt":
        state = _state(folder)
        callback = f"http://127.0.0.1:{state['heard_web']}/notify/callback"
        body = json.dumps(
            {"id": args.id, "status": args.status, "callback": callback, "token": args.token}
        ).encode()
        print(
            _post(state["control"] + "/notify/receipt", body, {"Content-Type": "application/json"})[
                1
            ]
        )
    elif args.command == "sign-in-as":
        body = json.dumps({"email": args.email}).encode()
        print(
            _post(
                _state(folder)["control"] + "/oidc/sign-in-as",
                body,
                {"Content-Type": "application/json"},
            )[1]
        )


if __name__ == "__main__":
    main()
