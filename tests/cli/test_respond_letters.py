"""`heard case REF respond … --finding N=TEXT` puts what staff found on each issue in the
response letter, read from the SMTP capture server; `--preview` prints that letter and changes
nothing (no response recorded, nothing queued to send) (issue 23 item 2)."""

from __future__ import annotations

from sqlalchemy.engine import Engine
from sqlmodel import select

from heard.settings import Settings
from store.db import session_scope
from store.models import OutboxMessage, Stage
from tests.cli.test_case_cli import heard, ok, reference  # noqa: F401
from tests.mailsink import MailSink
from tests.outbound.test_letters import letters
from tests.outcome_letters import EVERY_OUTCOME, assert_every_outcome_in, one_issue_per_outcome

RESPONSE = (
    "--on", "2026-01-16",
    "--outcome", "1=upheld", "--outcome", "2=not_upheld",
    "--finding", "1=We found that nobody returned your five calls in December. That was wrong.",
    "--finding", "2=We listened to the call recording and the social worker was polite.",
    "--remedy", "apology",
)  # fmt: skip


def queued(engine: Engine) -> int:
    with session_scope(engine) as session:
        return len(list(session.exec(select(OutboxMessage))))


async def test_findings_reach_the_letter_and_preview_changes_nothing(
    reference: str,  # noqa: F811
    engine: Engine,
    settings: Settings,
    mail_sink: MailSink,
) -> None:
    before = queued(engine)
    shown = ok("case", reference, "respond", *RESPONSE, "--preview")
    assert "preview: nothing was recorded or sent" in shown
    assert "1. Communication: Upheld" in shown
    assert "nobody returned your five calls" in " ".join(shown.split())
    assert "the social worker was polite" in " ".join(shown.split())
    with session_scope(engine) as session:
        assert all(stage.responded_on is None for stage in session.exec(select(Stage)))
    assert queued(engine) == before  # nothing waits to be sent

    ok("case", reference, "respond", *RESPONSE)
    texts = [" ".join(text.split()) for text in await letters(engine, settings, mail_sink)]
    (response,) = [text for text in texts if "What we found" in text]
    assert (
        "1. Communication: Upheld We agree with your complaint about this. We found that nobody "
        "returned your five calls" in response
    )
    assert (
        "2. Staff conduct/attitude: Not upheld We do not agree with your complaint about this. "
        "We listened to the call recording" in response
    )


def test_a_finding_for_no_issue_or_without_text_is_one_line(reference: str) -> None:  # noqa: F811
    base = ("case", reference, "respond", "--remedy", "apology", "--outcome", "1=upheld",
            "--finding", "1=Read the log.", "--outcome", "2=upheld", "--finding", "2=Read the log.")  # fmt: skip
    code, _, err = heard(*base, "--finding", "3=Something")
    assert code == 2 and "no issue 3 for a finding" in err
    code, _, err = heard(*base, "--finding", "one=Something")
    assert code == 2 and "ISSUE=TEXT" in err


async def test_the_advocate_gets_a_copy_only_with_consent(
    reference: str,  # noqa: F811
    engine: Engine,
    settings: Settings,
    mail_sink: MailSink,
) -> None:
    # copies need an address to go to: casework's words, after the option that fixes it
    code, _, err = heard("case", reference, "advocate", "--name", "Ali Advocate",
                         "--consent-to-copy")  # fmt: skip
    assert code == 2 and "--email: copies of letters go by email: give the advocate's" in err
    ok("case", reference, "advocate", "--name", "Ali Advocate", "--email", "ali@advocacy.example")
    # cases show says whether letters go to them too (walkerF: it gave the name and email alone)
    assert "  advocate: Ali Advocate ali@advocacy.example, no copies of letters\n" in ok(
        "cases", "show", reference
    )
    ok("case", reference, "extend", "--to", "2026-01-30", "--agreed-on", "2026-01-14",
       "--reason", "manager off sick", "--reason-for-complainant", "the manager is away")  # fmt: skip
    await letters(engine, settings, mail_sink)
    assert {m.recipients[0] for m in mail_sink.messages} == {"sam@example.org"}
    mail_sink.messages.clear()
    ok("case", reference, "advocate", "--name", "Ali Advocate", "--email", "ali@advocacy.example",
       "--consent-to-copy")  # fmt: skip
    assert "  advocate: Ali Advocate ali@advocacy.example, copies of letters with consent\n" in ok(
        "cases", "show", reference
    )
    ok("case", reference, "respond", *RESPONSE)
    await letters(engine, settings, mail_sink)
    by_recipient = {m.recipients[0]: m for m in mail_sink.messages}
    assert set(by_recipient) == {"sam@example.org", "ali@advocacy.example"}
    copy = " ".join(by_recipient["ali@advocacy.example"].data.decode().replace("=\r\n", "").split())
    assert "copy of our letter to Sam Parent" in copy and "with their consent" in copy
    assert "Dear Ali Advocate, This is a copy" in copy  # addressed to the advocate (walkerG)
    assert "nobody returned your five calls" in copy


async def test_every_outcome_reaches_the_letter(
    reference: str,  # noqa: F811
    engine: Engine,
    settings: Settings,
    mail_sink: MailSink,
) -> None:
    one_issue_per_outcome(engine, reference)
    typed = [("resolved" if o.value == "resolved_early" else o.value) for o in EVERY_OUTCOME]
    given = [arg for n, word in enumerate(typed, 1) for arg in ("--outcome", f"{n}={word}")]
    given += [arg for n in range(1, len(typed) + 1) for arg in ("--finding", f"{n}=We read it.")]
    ok("case", reference, "respond", "--on", "2026-01-16", *given, "--remedy", "explanation")
    (letter,) = [t for t in await letters(engine, settings, mail_sink) if "What we found" in t]
    assert_every_outcome_in(letter)
