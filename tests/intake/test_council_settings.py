"""What a council configures changes what heard does with real mail: attachment caps, the
DMARC condition for threading, its own acknowledgement letter, and office hours."""

from __future__ import annotations

from datetime import UTC, datetime
from email import message_from_bytes
from email.message import EmailMessage
from email.policy import SMTP, default
from pathlib import Path

from sqlmodel import select

from cases.enums import DeadlineRule
from heard.settings import Settings
from store.db import session_scope
from store.models import Attachment, Deadline
from tests.intake.conftest import Intake, running_intake
from tests.intake.test_intake_e2e import deliver, mail
from tests.mailsink import CapturedMail, MailSink

SATURDAY_NIGHT = datetime(2026, 3, 7, 22, 30, tzinfo=UTC)


def with_attachments(*sizes: int) -> bytes:
    message = EmailMessage()
    message["From"] = "A Parent <parent@example.org>"
    message["To"] = "complaints@heard.localhost"
    message["Subject"] = "Complaint with evidence"
    message["Message-ID"] = "<att@example.org>"
    message.set_content("My son's social worker never calls back. Letters attached.")
    for number, size in enumerate(sizes):
        message.add_attachment(
            bytes([number]) * size,
            maintype="application",
            subtype="pdf",
            filename=f"letter{number}.pdf",
        )
    return message.as_bytes(policy=SMTP)


def letter_text(captured: CapturedMail) -> str:
    """The plain text of a captured letter, transfer encoding undone, on one line."""
    message = message_from_bytes(captured.data, policy=default)
    assert isinstance(message, EmailMessage)
    body = message.get_body(("plain",))
    assert body is not None
    return " ".join(body.get_content().split())


def attachments(intake: Intake) -> list[Attachment]:
    intake.settle()
    with session_scope(intake.context.engine) as session:
        return list(session.exec(select(Attachment).order_by(Attachment.id)))


async def test_attachments_over_the_caps_are_withheld_and_staff_told(
    settings: Settings, database_url: str, mail_sink: MailSink
) -> None:
    async with running_intake(
        settings,
        database_url,
        mail_sink,
        attachment_max_bytes=50_000,
        attachments_total_max_bytes=70_000,
    ) as intake:
        # 60 KB: over the per-attachment cap; 40 KB kept; the next 40 KB would pass 70 KB total.
        code, _ = await deliver(intake, with_attachments(60_000, 40_000, 40_000, 1_000))
        assert code == 250  # the mail is accepted all the same
        found = attachments(intake)
        assert [(a.filename, a.size, a.withheld_too_large) for a in found] == [
            ("letter0.pdf", 60_000, True),
            ("letter1.pdf", 40_000, False),
            ("letter2.pdf", 40_000, True),
            ("letter3.pdf", 1_000, False),
        ]
        assert [a.content is None for a in found] == [True, False, True, False]
        assert all(len(a.sha256) == 64 for a in found)
        (case,) = intake.cases()
        assert case.needs_attention and "withheld" in (case.attention_reason or "")
        assert intake.inbound()[0].raw.count(b"Content-Disposition: attachment") == 4


async def test_with_dmarc_required_a_reply_that_does_not_pass_is_a_new_flagged_contact(
    settings: Settings, database_url: str, mail_sink: MailSink
) -> None:
    async with running_intake(
        settings, database_url, mail_sink, require_dmarc_pass_for_threading=True
    ) as intake:
        await deliver(intake, mail("My son's social worker is rude."))
        unverified = mail(
            "More about my complaint.",
            message_id="<m2@example.org>",
            subject="Re: Your reference CSC-2026-000001",
            Authentication_Results="mx.council.gov.uk; spf=pass; dkim=fail; dmarc=fail",
        )
        await deliver(intake, unverified)
        verified = mail(
            "And one more thing.",
            message_id="<m3@example.org>",
            subject="Re: Your reference CSC-2026-000001",
            Authentication_Results="mx.council.gov.uk; spf=pass; dkim=pass; dmarc=pass",
        )
        await deliver(intake, verified)
        first, second = intake.cases()
        assert [mail.case_id for mail in intake.inbound()] == [first.id, second.id, first.id]
        assert second.needs_attention and "DMARC" in (second.attention_reason or "").upper()
        assert intake.inbound()[1].details["auth_results"]["dmarc"] == "fail"


async def test_the_councils_own_letter_is_used_and_still_carries_the_risk_text(
    settings: Settings, database_url: str, mail_sink: MailSink, tmp_path: Path
) -> None:
    letters = tmp_path / "letters"
    letters.mkdir()
    # A council's letter that forgot the immediate-risk paragraph.
    (letters / "acknowledgement_statutory.txt.j2").write_text(
        "Dear resident,\n\nWe have your complaint {{ reference }} and will answer by "
        "{{ response_due }}.\n\nBorsetshire Complaints Team\n"
    )
    async with running_intake(settings, database_url, mail_sink, templates_dir=letters) as intake:
        await deliver(intake, mail("My son's social worker never returns my calls."))
        assert await intake.send_outbox() == 1
        (ack,) = intake.sink.messages
        body = letter_text(ack)
        assert "Borsetshire Complaints Team" in body and "CSC-2026-000001" in body
        assert "Monday 16 March 2026" in body  # stage 1: 10 working days from Monday 2 March
        assert intake.context.settings.immediate_risk_text.split(",")[0] in body


OUT_OF_HOURS = (
    "Your message arrived outside our office hours. A member of our complaints team will read "
    "it from Monday 9 March at 09:00: please do not wait for our reply if you are worried "
    "about a child's safety now."
)


async def test_mail_out_of_hours_is_told_when_it_will_be_read_in_the_same_words(
    intake: Intake,
) -> None:
    """Walking a statutory and a corporate complaint sent at night: the statutory one was told
    when it would be read (its own out-of-hours letter, written apart from the others), the
    corporate one was not told at all. Every first letter now says it in the same words
    (outbound/templates/_macros.txt.j2), before what to do if a child is at risk now."""
    intake.clock.set(SATURDAY_NIGHT)
    for number, kind in enumerate(("acknowledgement_statutory", "acknowledgement_corporate")):
        writer = f"writer{number}@example.org"
        await deliver(intake, mail(FIRST_CONTACTS[kind], sender=writer, subject="Hello",
                                   message_id=f"<night{number}@example.org>"), sender=writer)  # fmt: skip
    assert await intake.send_outbox() == 2
    statutory, corporate = (" ".join(letter_text(ack).split()) for ack in intake.sink.messages)
    assert "statutory children's complaints procedure" in statutory
    assert "council's own complaints procedure" in corporate
    for body in (statutory, corporate):
        assert OUT_OF_HOURS in body, body
        assert body.index(OUT_OF_HOURS) < body.index("999") < body.index("Which procedure")
        assert "may contact you to agree what you would like to happen" in body


async def test_mail_in_office_hours_gets_the_ordinary_letter(intake: Intake) -> None:
    await deliver(intake, mail("My son's social worker never returns my calls."))
    await intake.send_outbox()
    (ack,) = intake.sink.messages
    body = letter_text(ack)
    assert "outside our office hours" not in body and "999" in body
    # This letter is the acknowledgement (its deadline is met as it is queued), so nothing
    # reminds anyone to call within 2 working days: the letter must not promise that call.
    assert "within 2 working days" not in body and "may contact you" in body
    (case,) = intake.cases()
    assert case.acknowledged_at is not None


# One contact of each kind an automatic letter answers, as triage reads it (by mail, in or out
# of office hours), and the letter it gets.
FIRST_CONTACTS = {
    "acknowledgement_statutory": "I am the mother of Jayden (7). His social worker has not visited for "
    "three months and does not return my calls. I want to make a formal complaint.",
    "acknowledgement_pre_complaint": "Hello, I have not had a call back from my son's social "
    "worker about contact. Can someone call me please?",
    "contact": "Hi, can you tell me who my daughter's new social worker is? Thanks",
    "acknowledgement_corporate": "I am complaining that my son's school transport to his "
    "special school was cancelled by the council education transport team without notice.",
    "compliment": "I wanted to say thank you to Sam in the fostering team who has been "
    "brilliant with our family this year.",
    "acknowledgement_received": "I want to complain about the care order the family court "
    "made last month and the evidence the judge accepted at the hearing.",
    "acknowledgement_subject_access": "I would like a copy of all the information you hold "
    "about me. This is a subject access request.",
}
EMERGENCY = "If a child is in danger now, call 999. Out of hours, call 0300 123 4567."


async def test_every_automatic_first_letter_says_what_to_do_if_a_child_is_at_risk(
    settings: Settings, database_url: str, mail_sink: MailSink, tmp_path: Path
) -> None:
    """Mender's brief (issue 23 item 2): the pre-complaint's and the enquiry's automatic
    letters, as well as the complaint's, name 999 and the emergency duty number, even from a
    council's own letters that leave the paragraph out (before, only the statutory
    acknowledgement was given it). Out of hours it is beside the day the message will be read."""
    letters = tmp_path / "letters"
    letters.mkdir()
    shipped = Path(__file__).parents[2] / "outbound" / "templates"
    for name in FIRST_CONTACTS:
        text = (shipped / f"{name}.txt.j2").read_text()
        for leaving_it_out in ("{{ immediate_risk_text }}", "immediate_risk_text, read_from"):
            text = text.replace(leaving_it_out, '"", ""')
        (letters / f"{name}.txt.j2").write_text(text)
    runs = ((None, True), (letters, False), (letters, True))
    for run, (templates_dir, at_night) in enumerate(runs):
        mail_sink.messages.clear()
        async with running_intake(
            settings, database_url, mail_sink, templates_dir=templates_dir,
            immediate_risk_text=EMERGENCY,
        ) as intake:  # fmt: skip
            if at_night:
                intake.clock.set(SATURDAY_NIGHT)
            for number, body in enumerate(FIRST_CONTACTS.values()):
                writer = f"writer{number}@example.org"
                raw = mail(body, sender=writer, subject="Hello",
                           message_id=f"<first{run}.{number}@example.org>")
                await deliver(intake, raw, sender=writer)
            assert await intake.send_outbox() == len(FIRST_CONTACTS)
            kinds = {case.record_kind.value for case in intake.cases()}
            assert kinds >= {"complaint", "pre_complaint", "enquiry", "compliment"}, kinds
            for captured in mail_sink.messages:
                assert EMERGENCY in letter_text(captured), letter_text(captured)
            # The school transport complaint is told triage's reason, not "or the person
            # complaining is not one of the people the statutory procedure is for".
            (corporate,) = [text for text in map(letter_text, mail_sink.messages)
                            if "council's own complaints procedure" in text]  # fmt: skip
            assert "about a council service outside children's social care." in corporate
            assert "the person complaining" not in corporate
            if at_night and templates_dir is None:
                ack = letter_text(mail_sink.messages[0])
                assert ack.index("worried about a child's safety now") < ack.index(EMERGENCY)


async def test_under_the_code_a_corporate_letter_gives_the_answer_due_from_its_acknowledgement(
    intake: Intake,
) -> None:
    """Under the Complaint Handling Code a corporate stage 1 is answered 10 working days from
    its acknowledgement, and the automatic letter is that acknowledgement. The letter was
    written before the acknowledgement retimed the answer, so it gave the date for an
    acknowledgement on its last day (walking it with the stand-ins: 'by Wednesday 30
    December' while the case said 21 December)."""
    intake.clock.set(datetime(2026, 6, 1, 10, 0, tzinfo=UTC))  # a Monday; the Code in force
    await deliver(intake, mail(FIRST_CONTACTS["acknowledgement_corporate"], subject="Hello"))
    assert await intake.send_outbox() == 1
    (letter,) = intake.sink.messages
    body = letter_text(letter)
    assert "council's own complaints procedure" in body
    (case,) = intake.cases()
    with session_scope(intake.context.engine) as session:
        answer = session.exec(
            select(Deadline).where(
                Deadline.case_id == case.id, Deadline.rule == DeadlineRule.CORPORATE_1
            )
        ).one()
    assert answer.due_on.isoformat() == "2026-06-15"  # 10 working days from 1 June
    assert "by Monday 15 June 2026" in body
