"""Issue 28: mail read from a Microsoft 365 shared mailbox through Graph (a stand-in written
from Graph's documentation), into the same store, duplicates and triage as SMTP, exactly once
through a resync, an expired token, throttling and a failed store."""

from __future__ import annotations

import base64
import dataclasses
import logging
from collections.abc import Sequence
from pathlib import Path

import pytest
import trustme
from prometheus_client import REGISTRY

from heard.settings import Settings
from intake.smtp_handler import DeliveryReceipt, InboundEnvelope
from outbound.graph_client import GraphError
from testkit.graph_api import GraphStub
from tests.intake.graph_fixtures import MAILBOX, WAITED, graph_mailbox, letter


async def test_new_mail_becomes_cases_stored_byte_for_byte_then_marked_read(
    settings: Settings, database_url: str
) -> None:
    async with graph_mailbox(settings, database_url) as box:
        raws = [
            letter(f"Complaint number {n}.", message_id=f"<m{n}@example.org>") for n in range(3)
        ]
        items = [box.stub.deliver(raw) for raw in raws]
        result = await box.reader.sync_once()
        assert (result.stored, result.already_stored) == (3, 0)
        assert [row.raw for row in box.inbound()] == raws
        assert [row.source_id for row in box.inbound()] == [
            f"graph:{MAILBOX}:{item.id}" for item in items
        ]
        assert [row.envelope_sender for row in box.inbound()] == ["parent@example.org"] * 3
        assert len(box.cases()) == 3 and all(case.reference for case in box.cases())
        assert all(item.is_read for item in items)
        # The delta round, the downloads and the marks all asked for immutable ids.
        assert all(
            'IdType="ImmutableId"' in request.headers.get("Prefer", "")
            for request in box.stub.requests
            if "/users/" in request.path
        )
        # The next round lists only what changed (the three marked read): nothing new.
        again = await box.reader.sync_once()
        assert again.stored == 0 and len(box.inbound()) == 3


async def test_a_lost_sync_state_reads_the_inbox_again_without_a_duplicate(
    settings: Settings, database_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    async with graph_mailbox(settings, database_url) as box:
        box.stub.deliver(letter("First.", message_id="<a@example.org>"))
        await box.reader.sync_once()
        box.stub.deliver(letter("Second.", message_id="<b@example.org>"))
        box.stub.deliver(letter("First.", message_id="<a@example.org>"))  # a copy, new id
        box.stub.lose_sync_state()
        with caplog.at_level(logging.INFO, logger="heard.intake.graph"):
            result = await box.reader.sync_once()
        assert result.full_resync
        assert (result.stored, result.already_stored, result.copies) == (1, 1, 1)
        # the administrator sees the resync end and what it found
        assert caplog.messages[-1] == (
            "Graph mailbox read in full: 1 new, 1 already stored, copies of stored mail: 1"
        )
        assert len(box.inbound()) == 2 and len(box.cases()) == 2
        # the stored one was not fetched again; the copy under a new id was (then kept once)
        assert len(box.stub.received("GET", "/$value")) == 3


async def test_crash_after_storing_before_marking_stores_once_and_marks_later(
    settings: Settings, database_url: str
) -> None:
    """The mark fails (as if heard died after the commit): the next round finds the item
    stored, does not store it again, and marks it."""
    async with graph_mailbox(settings, database_url) as box:
        item = box.stub.deliver(letter("Please call me back.", message_id="<c@example.org>"))
        box.stub.fail(400, when=lambda r: r.method == "PATCH", retry_after=None)
        with pytest.raises(GraphError):
            await box.reader.sync_once()
        assert len(box.inbound()) == 1 and not item.is_read
        result = await box.reader.sync_once()
        assert (result.stored, result.already_stored) == (0, 1)
        assert item.is_read and len(box.inbound()) == 1 and len(box.cases()) == 1


async def test_a_copy_with_a_new_id_but_the_same_message_id_and_sender_is_one_case(
    settings: Settings, database_url: str
) -> None:
    async with graph_mailbox(settings, database_url) as box:
        raw = letter("My daughter's plan was never reviewed.", message_id="<same@example.org>")
        box.stub.deliver(raw)
        await box.reader.sync_once()
        box.stub.deliver(raw)  # copied back into the inbox: Exchange gives it a new id
        result = await box.reader.sync_once()
        assert result.stored == 0 and len(box.cases()) == 1
        assert result.copies == 1
        # Marked read, the copy shows in the next delta again: the log line counted it as a
        # second copy (found walking heard by hand); it is mail already stored.
        again = await box.reader.sync_once()
        assert (again.stored, again.already_stored, again.copies) == (0, 1, 0)


async def test_an_inbox_of_more_than_one_page_is_stored_in_one_round(
    settings: Settings, sqlite_url: str
) -> None:
    """60 messages (heard asks for pages of 50), each marked read as its page is stored: all
    60 in the first round, and none listed again as new. Found walking heard serve on the
    stand-in, where marking page one read shifted page two past the last 10 messages and the
    round's delta link moved beyond them: they stayed unread in the inbox, never logged (the
    stand-in's next links now page through the round as it began, as Graph's do)."""
    async with graph_mailbox(settings, sqlite_url) as box:
        for n in range(60):
            box.stub.deliver(letter(f"Complaint {n}.", message_id=f"<p{n}@example.org>"))
        first = await box.reader.sync_once()
        assert (first.listed, first.stored, first.marked) == (60, 60, 60)
        assert all(message.is_read for message in box.stub.messages.values())
        again = await box.reader.sync_once()  # the 60 changed (read): listed, already stored
        assert (again.stored, again.already_stored) == (0, 60)
        assert len(box.cases()) == 60


async def test_mail_from_the_shared_mailbox_itself_is_flagged_and_never_acknowledged(
    settings: Settings, sqlite_url: str
) -> None:
    """A member of staff answers a family from the shared mailbox in Outlook with a copy to
    it: the copy lands in the Inbox. It was a statutory complaint from 'Complaints Team',
    acknowledged to the mailbox itself; now it is flagged for a person to look, with no
    acknowledgement. A parent's message beside it is acknowledged as ever."""
    from sqlmodel import select

    from store.db import session_scope
    from store.models import OutboxMessage

    async with graph_mailbox(settings, sqlite_url) as box:
        box.stub.deliver(
            letter(
                "Your social worker's manager will call you.", sender=MAILBOX, message_id="<own@x>"
            )
        )
        box.stub.deliver(letter("Nobody calls me back.", message_id="<parent@x>"))
        assert (await box.reader.sync_once()).stored == 2
        own, parent = box.cases()
        assert own.needs_attention and MAILBOX in (own.attention_reason or "")
        assert "check it is a complaint" in (own.attention_reason or "")
        assert not parent.needs_attention
        with session_scope(box.context.engine) as session:
            acknowledged = {row.case_id for row in session.exec(select(OutboxMessage))}
        assert acknowledged == {parent.id}


async def test_throttling_and_an_expired_token_are_waited_out_and_renewed(
    settings: Settings, sqlite_url: str
) -> None:
    async with graph_mailbox(settings, sqlite_url) as box:
        for n in range(12):
            box.stub.deliver(letter(f"Message {n}.", message_id=f"<t{n}@example.org>"))
        await box.reader.sync_once()  # a first token
        box.stub.expire_tokens()
        box.stub.deliver(letter("After expiry.", message_id="<late@example.org>"))
        box.stub.fail(429, when=lambda r: r.path.endswith("/$value"), retry_after="7")
        box.stub.fail(503, when=lambda r: "/delta" in r.path, retry_after="3")
        WAITED.clear()
        result = await box.reader.sync_once()
        assert result.stored == 1
        assert box.stub.tokens_issued == 2  # renewed once on the 401
        assert WAITED == [3.0, 7.0]  # the Retry-After Graph gave, each time
        assert box.stub.most_in_flight <= 4
        # The secret went only in the token request's body: never in a URL.
        assert all(box.stub.client_secret not in r.path + r.query for r in box.stub.requests)


async def test_a_throttled_sign_in_is_logged_and_counted_as_it_is_waited_out(
    settings: Settings, sqlite_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    """The token endpoint's 429 and 503 were waited out without a word: now each wait is a log
    line (the status and the wait: never the form, which holds the secret) and a count in
    /metrics by endpoint, as the mailbox's own throttling is."""
    before = throttled_sign_ins()
    async with graph_mailbox(settings, sqlite_url) as box:
        box.stub.deliver(letter("Hello.", message_id="<tok@example.org>"))
        token = lambda request: request.path.endswith("/oauth2/v2.0/token")  # noqa: E731
        box.stub.fail(429, when=token, retry_after="5")
        box.stub.fail(503, when=token, retry_after="2")
        WAITED.clear()
        with caplog.at_level(logging.WARNING, logger="heard.graph"):
            assert (await box.reader.sync_once()).stored == 1
        assert WAITED == [5.0, 2.0]
        assert box.stub.tokens_issued == 1
        assert [m for m in caplog.messages if "throttled" in m] == [
            "Graph throttled the sign-in (token) request (429); waiting 5 s",
            "Graph throttled the sign-in (token) request (503); waiting 2 s",
        ]
        assert box.stub.client_secret not in caplog.text
    assert throttled_sign_ins() == before + 2


def throttled_sign_ins() -> float:
    """heard_graph_throttled_total{endpoint="token"}, as /metrics shows it."""
    return REGISTRY.get_sample_value("heard_graph_throttled_total", {"endpoint": "token"}) or 0.0


async def test_at_most_four_requests_at_once(settings: Settings, sqlite_url: str) -> None:
    async with graph_mailbox(settings, sqlite_url) as box:
        box.stub.delay = 0.05
        for n in range(20):
            box.stub.deliver(letter(f"Message {n}.", message_id=f"<p{n}@example.org>"))
        result = await box.reader.sync_once()
        assert result.stored == 20
        assert box.stub.most_in_flight == 4


async def test_stored_mail_is_moved_to_the_processed_folder_when_one_is_named(
    settings: Settings, sqlite_url: str
) -> None:
    async with graph_mailbox(settings, sqlite_url, graph_processed_folder="Logged by heard") as box:
        item = box.stub.deliver(letter("Moved please.", message_id="<mv@example.org>"))
        await box.reader.sync_once()
        folder = next(fid for fid, name in box.stub.folders.items() if name == "Logged by heard")
        assert item.folder == folder and not item.is_read
        assert (await box.reader.sync_once()).stored == 0  # the move shows as @removed
        assert len(box.inbound()) == 1


async def test_a_certificate_signs_the_token_request_instead_of_a_secret(
    settings: Settings, sqlite_url: str, tmp_path: Path
) -> None:
    authority = trustme.CA(key_type=trustme.KeyType.RSA)
    issued = authority.issue_cert("heard.council.example", key_type=trustme.KeyType.RSA)
    pem = tmp_path / "heard-graph.pem"
    pem.write_bytes(issued.private_key_pem.bytes() + issued.cert_chain_pems[0].bytes())
    stub = GraphStub(mailbox=MAILBOX, certificate_pem=issued.cert_chain_pems[0].bytes())
    async with graph_mailbox(
        settings, sqlite_url, stub, graph_client_secret=None, graph_certificate_path=pem
    ) as box:
        box.stub.deliver(letter("Signed in with a certificate.", message_id="<cert@example.org>"))
        assert (await box.reader.sync_once()).stored == 1
        token_request = box.stub.received("POST", "/oauth2/v2.0/token")[0]
        assert (
            b"client_assertion=" in token_request.body
            and b"client_secret" not in token_request.body
        )


@pytest.mark.parametrize(
    ("wrong", "named"),
    [
        ({"graph_client_secret": "not-the-secret"}, "check HEARD_GRAPH_CLIENT_SECRET: AADSTS7000215"),
        ({"graph_client_id": "another-app"}, "check HEARD_GRAPH_CLIENT_ID: AADSTS700016"),
        ({"graph_tenant_id": "another-tenant"}, "check HEARD_GRAPH_TENANT_ID: AADSTS90002"),
        ({"graph_login_url": "http://127.0.0.1:9"}, "check HEARD_GRAPH_LOGIN_URL: 127.0.0.1:9 "),
    ],
)  # fmt: skip
async def test_a_wrong_setting_is_one_clear_error_naming_it_without_the_secret(
    settings: Settings, sqlite_url: str, wrong: dict[str, str], named: str
) -> None:
    """The mailbox reader's log line (and the outbox's last error) names the setting to fix;
    the secret is never in it."""
    async with graph_mailbox(settings, sqlite_url, **wrong) as box:
        with pytest.raises(GraphError) as raised:
            await box.reader.sync_once()
        assert named in str(raised.value), str(raised.value)
        assert "\n" not in str(raised.value) and box.stub.client_secret not in str(raised.value)
        assert "not-the-secret" not in str(raised.value)


async def test_a_wrong_or_unreachable_api_names_its_setting(
    settings: Settings, sqlite_url: str
) -> None:
    async with graph_mailbox(settings, sqlite_url, graph_api_url="http://127.0.0.1:9") as box:
        with pytest.raises(GraphError) as raised:  # the token's scope is built from it
            await box.reader.sync_once()
        assert "check HEARD_GRAPH_API_URL: AADSTS1002012" in str(raised.value)
    async with graph_mailbox(settings, sqlite_url) as box:
        await box.reader.sync_once()  # a token for the right API; then the API goes away
        client = box.reader.client
        client.credentials = dataclasses.replace(client.credentials, api_url="http://127.0.0.1:9")
        with pytest.raises(GraphError) as raised:
            await client.request("GET", f"users/{MAILBOX}/mailFolders/inbox")
        assert "check HEARD_GRAPH_API_URL (127.0.0.1:9 not reachable" in str(raised.value)


async def test_a_letter_waiting_on_a_wrong_setting_is_retried_not_failed(
    settings: Settings, sqlite_url: str
) -> None:
    """A tenant that does not exist is a 400 from the identity platform: the letter is not at
    fault, so sending it is tried again once the setting is put right."""
    from outbound.transports import GraphTransport, OutboundEmail

    async with graph_mailbox(settings, sqlite_url, graph_tenant_id="another-tenant") as box:
        transport = GraphTransport(client=box.reader.client, mailbox=MAILBOX)
        outcome = await transport.send(
            OutboundEmail(
                outbox_id=1,
                raw=b"Subject: x\r\n\r\nx",
                envelope_from=MAILBOX,
                recipients=["a@b.c"],
                letter_reference="CSC-2026-000001-1",
            )
        )
        assert not outcome.sent and not outcome.permanent
        assert "HEARD_GRAPH_TENANT_ID" in outcome.error


async def test_a_letter_larger_than_graph_takes_is_refused_for_good(
    settings: Settings, sqlite_url: str
) -> None:
    """Graph answers 413 to a request over 4 MB: a letter that large without files to attach
    one by one (outbound/graph_upload.py) cannot be sent however often it is tried, so it is
    failed (and staff told) rather than retried for ever."""
    from outbound.graph_upload import REQUEST_MAX
    from outbound.transports import GraphTransport, OutboundEmail

    async with graph_mailbox(settings, sqlite_url) as box:
        transport = GraphTransport(client=box.reader.client, mailbox=MAILBOX)

        def letter(size: int) -> OutboundEmail:
            head = b"Subject: x\r\nContent-Transfer-Encoding: base64\r\n\r\n"
            body = base64.encodebytes(b"x" * size)[: size - len(head)]
            return OutboundEmail(outbox_id=1, raw=head + body, envelope_from=MAILBOX,
                                 recipients=["a@b.c"], letter_reference="CSC-2026-000001-1")  # fmt: skip

        assert (await transport.send(letter(REQUEST_MAX // 4 * 3))).sent  # sendMail's most
        outcome = await transport.send(letter(REQUEST_MAX // 4 * 3 + 1))
        assert not outcome.sent and outcome.permanent, outcome
        assert "413" in outcome.error
        assert len(box.stub.sent) == 1


@pytest.mark.parametrize(
    ("given", "problem"),
    [
        ({"graph_mailbox": MAILBOX, "graph_client_id": "c", "graph_client_secret": "s"},
         "HEARD_GRAPH_TENANT_ID: needed"),
        ({"graph_mailbox": MAILBOX, "graph_tenant_id": "t", "graph_client_id": "c"},
         "HEARD_GRAPH_CLIENT_SECRET: set it or HEARD_GRAPH_CERTIFICATE_PATH"),
        ({"graph_mailbox": "not an address"}, "HEARD_GRAPH_MAILBOX: 'not an address' is not"),
        ({"graph_api_url": "graph.microsoft.com"}, "HEARD_GRAPH_API_URL: 'graph.microsoft.com'"),
        ({"graph_message_max_mb": "151"}, "HEARD_GRAPH_MESSAGE_MAX_MB: "),
    ],
)  # fmt: skip
def test_graph_settings_that_do_not_fit_are_refused_in_one_line(
    settings: Settings, given: dict[str, str], problem: str
) -> None:
    from heard.settings import SettingsError, load_settings

    with pytest.raises(SettingsError) as raised:
        load_settings(**given)
    assert str(raised.value).startswith(problem) and "\n" not in str(raised.value)


async def test_a_message_that_cannot_be_stored_stays_unread_and_holds_no_other_back(
    settings: Settings, sqlite_url: str
) -> None:
    async with graph_mailbox(settings, sqlite_url) as box:
        good = box.stub.deliver(letter("Stored fine.", message_id="<ok@example.org>"))
        bad = box.stub.deliver(
            letter("The database fails on this one.", message_id="<no@example.org>")
        )
        deliver = box.reader.deliver

        def failing_once(
            items: Sequence[tuple[bytes, InboundEnvelope]],
        ) -> list[DeliveryReceipt | Exception]:
            results = deliver([item for item in items if b"<no@" not in item[0]])
            return [
                RuntimeError("database away") if b"<no@" in raw else results.pop(0)
                for raw, _ in items
            ]

        box.reader.deliver = failing_once
        with pytest.raises(GraphError, match="1 message"):
            await box.reader.sync_once()
        assert good.is_read and not bad.is_read and len(box.inbound()) == 1
        box.reader.deliver = deliver
        result = await box.reader.sync_once()
        assert (result.stored, result.already_stored) == (1, 1)
        assert bad.is_read and len(box.cases()) == 2


@pytest.mark.parametrize(
    ("certificate", "problem"),
    [
        ("missing.pem", "HEARD_GRAPH_CERTIFICATE_PATH: {path} does not exist"),
        ("not-a-pem.pem", "HEARD_GRAPH_CERTIFICATE_PATH: cannot use {path} ("),
        ("folder", "HEARD_GRAPH_CERTIFICATE_PATH: {path} is a folder, not the PEM file"),
    ],
)
def test_a_blank_secret_beside_a_certificate_is_unset_and_the_certificate_is_checked(
    settings: Settings,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    certificate: str,
    problem: str,
) -> None:
    """An env file with `HEARD_GRAPH_CLIENT_SECRET=` left blank and a certificate path: the
    certificate is what is used, so what is wrong with it is what config check says."""
    from cli.checks import check_graph
    from heard.settings import load_settings

    (tmp_path / "not-a-pem.pem").write_text("not a pem\n")
    (tmp_path / "folder").mkdir()
    path = tmp_path / certificate
    for name, value in {
        "HEARD_GRAPH_MAILBOX": MAILBOX,
        "HEARD_GRAPH_TENANT_ID": "council.example",
        "HEARD_GRAPH_CLIENT_ID": "1b2c3d4e-0000-4000-8000-000000000001",
        "HEARD_GRAPH_CLIENT_SECRET": "",
        "HEARD_GRAPH_CERTIFICATE_PATH": str(path),
    }.items():
        monkeypatch.setenv(name, value)
    loaded = load_settings()
    assert loaded.graph_client_secret is None
    (line,) = check_graph(loaded)
    assert line.startswith(problem.format(path=path)), line


@pytest.mark.parametrize(
    ("graph_sender", "expected"),
    [
        ("priya.shah@example.org", "priya.shah@example.org"),
        ("a@example.org, evil@attacker.example", ""),
        ("Priya <priya@example.org>", ""),
        ("no-at-sign", ""),
        ("a[b]@example.org", ""),
        ("a\\b@example.org", ""),
        ('"a b"@example.org', ""),
        ("a@example", ""),
        ("o'neil+x@example.org", "o'neil+x@example.org"),
    ],
)
async def test_without_a_return_path_graphs_sender_stands_in_only_when_it_is_one_address(
    settings: Settings, database_url: str, graph_sender: str, expected: str
) -> None:
    """Exchange does not always record a Return-Path; then Graph's sender address is the
    envelope sender, but only when it is one plain address (older 3.11 releases of parseaddr
    have no `strict`: this failed every round and held the mailbox before)."""
    async with graph_mailbox(settings, database_url) as box:
        raw = letter("My complaint.", sender="priya.shah@example.org", message_id="<nr@x.org>")
        raw = b"\r\n".join(line for line in raw.split(b"\r\n") if not line.startswith(b"Return-"))
        box.stub.deliver(raw, sender=graph_sender)
        result = await box.reader.sync_once()
        assert result.stored == 1
        assert [row.envelope_sender for row in box.inbound()] == [expected]


async def test_mail_from_the_mailbox_itself_is_not_acknowledged_and_says_who_decided(
    settings: Settings, database_url: str
) -> None:
    """Staff forwarding a posted letter from the shared mailbox to itself (walker2): a case,
    no acknowledgement to our own address, and the audit entry names intake, which decided,
    not the SMTP listener the mail never went through."""
    from sqlmodel import select

    from store.audit import entries
    from store.db import session_scope
    from store.models import AuditEntry, OutboxMessage

    async with graph_mailbox(settings, database_url, mail_transport="graph") as box:
        box.stub.deliver(letter("Scanned letter from a grandmother about contact.",
                                sender=MAILBOX, message_id="<own@council.example>"))  # fmt: skip
        await box.reader.sync_once()
        (case,) = box.cases()
        with session_scope(box.context.engine) as session:
            notes = entries(session, select(AuditEntry).where(AuditEntry.case_id == case.id))
            assert session.exec(select(OutboxMessage)).all() == []  # nothing to ourselves
        (decided,) = [note for note in notes if note.action == "no_acknowledgement"]
        assert "sent from one of our own addresses" in (decided.reason or "")
        assert decided.actor == "intake", decided.actor
