"""A family's reply to a letter heard sent as the shared mailbox through Graph is filed on its
case by the Message-ID it quotes (walker2 item 2), whichever way the letter went: one sendMail,
or a draft given its files then sent. Exchange may give a draft made from MIME an
internetMessageId of its own (microsoft-graph-docs#3092); a draft's may be set while it is one
(message-update: "updatable only if isDraft = true"), and heard sets it back to its own, so the
reply quotes the Message-ID heard keeps on the case. The reply's subject names no reference:
only the Message-ID can file it."""

from __future__ import annotations

import os
from email import message_from_bytes
from email.policy import default

import pytest
from sqlmodel import select

from heard.settings import Settings
from heard.wiring import messenger
from outbound.compose import Enclosure
from outbound.letters import send_letter
from outbound.mailer import OutboxMailer
from outbound.transports import GraphTransport
from store.db import session_scope
from store.models import Case, Correspondence
from tests.intake.graph_fixtures import MAILBOX, Mailbox, graph_mailbox, letter

PARENT = "parent@example.org"
REPORT = b"%PDF-1.7\n" + os.urandom(5_000_000)  # too large for one sendMail: a draft


def queue_response(box: Mailbox, case: Case) -> None:
    """A stage 2 response with its report, queued and kept on the case as letters are."""
    with session_scope(box.context.engine) as session:
        assert send_letter(session, messenger(box.context.settings), case=case, to=PARENT,
                           subject="Our response to your complaint",
                           text="This is our stage 2 response.", letter="response",
                           dedupe_key="stage-2-response", now=box.context.clock.now(),
                           enclosures=[Enclosure("io.pdf", "application/pdf", REPORT)])  # fmt: skip


def reply_to(message_id: str) -> bytes:
    return (
        f"Return-Path: <{PARENT}>\r\nFrom: A Parent <{PARENT}>\r\nTo: {MAILBOX}\r\n"
        f"Subject: RE: about my son\r\nMessage-ID: <reply1@example.org>\r\n"
        f"In-Reply-To: {message_id}\r\nReferences: {message_id}\r\n"
        "Date: Mon, 02 Mar 2026 11:00:00 +0000\r\nContent-Type: text/plain; charset=utf-8\r\n"
        "\r\nThank you, but nobody has called me yet.\r\n"
    ).encode()


@pytest.mark.parametrize(
    ("large", "keeps_message_ids"),
    [(False, True), (True, True), (True, False)],
    ids=["sendmail", "draft", "draft-given-exchanges-id"],
)
async def test_a_reply_to_a_letter_sent_through_graph_is_filed_on_its_case(
    settings: Settings, database_url: str, large: bool, keeps_message_ids: bool
) -> None:
    async with graph_mailbox(settings, database_url, mail_transport="graph") as box:
        box.stub.drafts.keeps_message_ids = keeps_message_ids
        box.stub.deliver(letter("My son's social worker never returns my calls.",
                                message_id="<complaint1@example.org>"))  # fmt: skip
        await box.reader.sync_once()
        (case,) = box.cases()
        assert case.id is not None
        if large:
            queue_response(box, case)
        mailer = OutboxMailer(
            engine=box.context.engine,
            clock=box.context.clock,
            transport=GraphTransport(client=box.reader.client, mailbox=MAILBOX),
        )
        await mailer.drain_once()
        sent = [message_from_bytes(raw, policy=default) for raw in box.stub.sent]
        (answered,) = [m for m in sent if PARENT in str(m["To"]) and
                       bool(list(m.iter_attachments())) == large]  # fmt: skip
        with session_scope(box.context.engine) as session:
            kept = set(session.exec(select(Correspondence.message_id).where(
                Correspondence.case_id == case.id, Correspondence.direction == "outbound")))  # fmt: skip
        assert str(answered["Message-ID"]) in kept  # what went is what heard keeps
        box.stub.deliver(reply_to(str(answered["Message-ID"])))
        await box.reader.sync_once()
        assert [c.id for c in box.cases()] == [case.id]
        with session_scope(box.context.engine) as session:
            filed = session.exec(select(Correspondence).where(
                Correspondence.message_id == "<reply1@example.org>")).one()  # fmt: skip
        assert filed.case_id == case.id
