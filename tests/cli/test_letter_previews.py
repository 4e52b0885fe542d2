"""Every `heard case REF ACTION` that writes to the complainant takes `--preview`: it prints the
letter and changes nothing (no audit entry, nothing queued); run again without it, the letter
read from the SMTP capture server is the one previewed (issue 23 item 2). A case through
extension, pause and resume, stage 1 and 2 responses, stage 2 and 3 requested, the panel, the
chair's report and a withdrawal; a contact staff decide not to log; and the Ombudsman sending
a complaint back as premature."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from sqlalchemy.engine import Engine
from sqlmodel import func, select

from cases.clock import Clock, SettableClock
from heard.settings import Settings
from store.db import session_scope
from store.models import AuditEntry, OutboxMessage
from tests.cli.test_case_cli import heard, ok, reference  # noqa: F401
from tests.mailsink import MailSink
from tests.outbound.test_letters import letters

# "today" for the tests that arrange a panel: a Tuesday that is no bank holiday (the real date
# might be one, and a panel on it is refused unless confirmed), and the day a week later too
CLOCK = SettableClock(datetime(2026, 11, 10, 10, 0, tzinfo=UTC))
SHOWN = re.compile(r"^--- .* \(preview: nothing was recorded or sent\) ---$", re.MULTILINE)


def one_line(text: str) -> str:
    return " ".join(text.split())


def counts(engine: Engine) -> tuple[int, int]:
    with session_scope(engine) as session:
        audited = session.exec(select(func.count()).select_from(AuditEntry)).one()
        queued = session.exec(select(func.count()).select_from(OutboxMessage)).one()
        return int(audited), int(queued)


async def previewed_then_sent(
    engine: Engine, settings: Settings, sink: MailSink, *args: str, clock: Clock | None = None
) -> list[str]:
    """The letters `heard case … --preview` printed, checked to be the ones that went
    (`clock`: the commands' now, when the test's days must be working days)."""
    await letters(engine, settings, sink)  # whatever earlier steps queued has gone
    before = counts(engine)
    shown = ok(*args, "--preview", clock=clock)
    raw = SHOWN.split(shown)[1:]
    assert raw, shown
    for text in raw:  # laid out as a letter: never two blank lines running, no stray markup
        assert "\n\n\n" not in text.strip() and "{{" not in text and "{%" not in text, text
    previewed = [one_line(text) for text in raw]
    assert counts(engine) == before, f"--preview changed something: {args}"
    sent_before = len(sink.messages)
    ok(*args, clock=clock)
    sent = [one_line(text) for text in (await letters(engine, settings, sink))[sent_before:]]
    assert sent == previewed, args
    return previewed


async def test_each_letter_previewed_is_the_letter_sent(
    reference: str,  # noqa: F811
    engine: Engine,
    settings: Settings,
    mail_sink: MailSink,
) -> None:
    case = ("case", reference)
    (extension,) = await previewed_then_sent(
        engine, settings, mail_sink, *case, "extend", "--to", "2026-01-30",
        "--agreed-on", "2026-01-14", "--reason", "manager off sick",
        "--reason-for-complainant", "the manager looking into it is away",
        clock=CLOCK,
    )  # fmt: skip
    assert "the manager looking into it is away" in extension
    assert "off sick" not in extension  # the internal reason never reaches a letter
    (paused,) = await previewed_then_sent(
        engine, settings, mail_sink, *case, "pause", "--reason", "police_investigation",
        "--on", "2026-01-15",
        clock=CLOCK,
    )  # fmt: skip
    assert "Thursday 15 January 2026" in paused
    (resumed,) = await previewed_then_sent(
        engine, settings, mail_sink, *case, "resume", "--on", "2026-01-19", clock=CLOCK)
    assert "Thursday 15 January 2026" in resumed
    (answer,) = await previewed_then_sent(
        engine, settings, mail_sink, *case, "respond", "--remedy", "apology", "--on", "2026-01-26",
        "--outcome", "1=upheld", "--outcome", "2=inconclusive", "--finding", "2=Read the log.",
        "--finding", "1=Nobody returned your calls in December. That was wrong.",
        clock=CLOCK,
    )  # fmt: skip
    assert "Nobody returned your calls in December" in answer and "Inconclusive" in answer
    (accepted,) = await previewed_then_sent(
        engine, settings, mail_sink, *case, "escalate", "--on", "2026-01-28", clock=CLOCK)
    assert "considered at stage 2" in accepted and "Wednesday 28 January 2026" in accepted
    (longer,) = await previewed_then_sent(
        engine, settings, mail_sink, *case, "extend", "--to", "2026-04-20",
        "--reason", "IO caseload", "--reason-for-complainant", "we need to speak to two more "
        "people who worked with your son",
        clock=CLOCK,
    )  # fmt: skip
    assert "two more people" in longer and "caseload" not in longer
    (second,) = await previewed_then_sent(
        engine, settings, mail_sink, *case, "respond", "--remedy", "apology", "--on", "2026-04-01",
        "--outcome", "1=upheld", "--finding", "1=Read the log.",
        "--outcome", "2=not_upheld", "--finding", "2=Read the log.",
        clock=CLOCK,
    )  # fmt: skip
    assert "stage 2" in second
    (requested,) = await previewed_then_sent(
        engine, settings, mail_sink, *case, "escalate", "--on", "2026-04-08", clock=CLOCK)
    assert "review panel" in requested and "advocate" in requested
    # a panel is never set in the past, nor recorded as held before the day its letter gave:
    # the panel meets today (the command's today, in the council's zone), and the steps after
    # it are today too
    today = CLOCK.now().date()
    (panel,) = await previewed_then_sent(
        engine, settings, mail_sink, *case, "panel-arranged", "--panel-on", today.isoformat(),
        "--confirm-late",
        "--details", "10am, Room 2, the Civic Centre",
        clock=CLOCK,
    )  # fmt: skip
    assert "10am, Room 2, the Civic Centre" in panel and "right to attend" in panel
    ok(*case, "panel-held", "--on", today.isoformat(), clock=CLOCK)
    (report,) = await previewed_then_sent(
        engine, settings, mail_sink, *case, "chair-report", "--on", today.isoformat(), clock=CLOCK)
    assert f"{today:%A %-d %B %Y}" in report
    (withdrawn,) = await previewed_then_sent(
        engine, settings, mail_sink, *case, "withdraw", "--on", today.isoformat(), clock=CLOCK)
    assert "has been withdrawn" in withdrawn


async def test_a_contact_not_logged_and_a_premature_return_are_previewed(
    reference: str,  # noqa: F811
    engine: Engine,
    settings: Settings,
    mail_sink: MailSink,
) -> None:
    case = ("case", reference)
    (refusal,) = await previewed_then_sent(
        engine, settings, mail_sink, *case, "confirm-triage", "--route", "not_logged",
        "--reason", "court_related", "--why", "care proceedings under way",
    )  # fmt: skip
    assert "Dear Sam Parent" in refusal and "care proceedings under way" not in refusal
    ok(*case, "lgsco-received", "--reference", "25 012 345", "--on", "2026-02-02")
    (restart,) = await previewed_then_sent(
        engine, settings, mail_sink, *case, "lgsco-decision", "--finding", "premature",
        "--on", "2026-02-20",
    )  # fmt: skip
    assert "stage 1" in restart and "Friday 20 February 2026" in restart


async def test_a_pre_complaint_is_told_it_is_not_in_the_procedure_and_offered_stage_1(
    reference: str,  # noqa: F811
    engine: Engine,
    settings: Settings,
    mail_sink: MailSink,
) -> None:
    """Staff decide a contact is a pre-complaint (early resolution): the letter greets them,
    is no automatic reply, names no procedure or stages, and keeps a formal complaint open;
    its response offers stage 1 and never calls itself final (walking it by hand, the
    decision letter said the statutory procedure applied, and 'This is an automatic reply';
    and then 'You told us you do not want to make a formal complaint' to a parent who had
    only asked to be called back)."""
    case = ("case", reference)
    (decided,) = await previewed_then_sent(
        engine, settings, mail_sink, *case, "confirm-triage", "--kind", "pre_complaint",
        "--why", "she does not want a formal complaint yet",
    )  # fmt: skip
    assert decided.startswith("Dear Sam Parent,")
    assert "put things right quickly, without a formal complaint" in decided
    # Staff decided it; the writer never said they wanted no formal complaint.
    assert "You told us" not in decided and "do not want" not in decided
    assert "making a formal complaint at any time" in decided
    for wrong in ("automatic reply", "statutory", "three stages", "formal complaint yet"):
        assert wrong not in decided, wrong
    (answer,) = await previewed_then_sent(
        engine, settings, mail_sink, *case, "respond", "--on", "2026-01-07",
        "--outcome", "1=resolved", "--outcome", "2=not_applicable",
        "--finding", "1=Your social worker rang you on Tuesday.",
    )  # fmt: skip
    assert "you can make a formal complaint" in answer and "stage 1" in answer
    assert "final response" not in answer and "Ombudsman" not in answer
    # Never told of stages, so not of an "early resolution response" either (walkerG), and
    # what a resolved or not applicable point means, in words (not "Not applicable" alone).
    flat = " ".join(answer.split())
    assert "This is our response to the concerns you raised with us." in flat
    assert "early resolution" not in flat
    assert "Resolved This has been sorted out with you. Your social worker rang you" in flat
    assert "No finding This is not a point we could uphold or not uphold" in flat


async def test_the_panel_letter_names_the_advocate_copied_in(
    reference: str,  # noqa: F811
    engine: Engine,
    settings: Settings,
    mail_sink: MailSink,
) -> None:
    """With the complainant's consent the advocate gets a copy, shown in the preview too, and
    the panel letter names them rather than offering to arrange one (walking it by hand, a
    family with an advocate was told 'If you would like an advocate, we can arrange one')."""
    case = ("case", reference)
    ok(*case, "advocate", "--name", "Ali Advocate", "--email", "ali@advocacy.example",
       "--consent-to-copy", clock=CLOCK)  # fmt: skip
    for answered, asked in (("2026-01-16", "2026-01-20"), ("2026-02-20", "2026-02-24")):
        ok(*case, "respond", "--remedy", "apology", "--on", answered, "--outcome", "1=upheld",
           "--finding", "1=Read the log.", "--outcome", "2=upheld", "--finding", "2=Read the log.",
           clock=CLOCK)  # fmt: skip
        ok(*case, "escalate", "--on", asked, clock=CLOCK)
    ahead = (CLOCK.now().date() + timedelta(days=7)).isoformat()
    letter, copy = await previewed_then_sent(
        engine, settings, mail_sink, *case, "panel-arranged", "--panel-on", ahead, "--confirm-late",
        clock=CLOCK)
    assert "Your advocate, Ali Advocate, may come with you" in letter
    assert "we can arrange one" not in letter
    assert copy.startswith("Dear Ali Advocate, This is a copy of our letter to Sam Parent")
    assert letter in copy


async def test_a_data_protection_complaint_staff_decide_on_is_a_letter_not_an_automatic_reply(
    reference: str,  # noqa: F811
    engine: Engine,
    settings: Settings,
    mail_sink: MailSink,
) -> None:
    """Staff make a contact a data protection complaint or a subject access request: the
    letter greets its reader and says what is being done, and no longer ends 'This is an
    automatic reply' (found reading the data protection letter's two forms)."""
    case = ("case", reference)
    (decided,) = await previewed_then_sent(
        engine, settings, mail_sink, *case, "confirm-triage", "--kind",
        "data_protection_complaint", "--route", "none", "--why", "about how her data was shared",
    )  # fmt: skip
    assert decided.startswith("Dear Sam Parent,")
    assert "is being looked at by the people responsible for data protection" in decided
    assert "automatic reply" not in decided and "we expect" not in decided.lower()


async def test_a_code_stage_acknowledged_by_staff_is_previewed(
    reference: str,  # noqa: F811
    engine: Engine,
    settings: Settings,
    mail_sink: MailSink,
) -> None:
    """Acknowledging a corporate stage 2 under the Complaint Handling Code writes the
    complainant the answer's date; walking a corporate complaint (walker3), `acknowledge
    --preview` was 'No such option' while Slack's Acknowledge and the web form showed it."""
    case = ("case", reference)
    ok(*case, "confirm-triage", "--route", "corporate", "--why", "about school transport")
    ok(*case, "respond", "--on", "2026-03-20", "--outcome", "1=upheld", "--outcome",
       "2=not_upheld", "--finding", "1=Nobody rang back.", "--finding", "2=The driver was polite.",
       "--remedy", "apology", "--delay-reason", "The transport team's files came late",
       "--delay-reason-for-complainant", "we waited for the transport team's records")  # fmt: skip
    ok(*case, "escalate", "--on", "2026-04-07")  # a stage 2 under the Code (from 1 April)
    (letter,) = await previewed_then_sent(engine, settings, mail_sink, *case, "acknowledge")
    assert "Complaint Handling Code" in letter and "second and final stage" in letter


async def test_a_late_response_apologises_with_the_reason_written_for_the_complainant(
    reference: str,  # noqa: F811
    engine: Engine,
    settings: Settings,
    mail_sink: MailSink,
) -> None:
    """A response sent after its due date says sorry, says when it was due and gives the reason
    staff wrote for the complainant; staff's own reason (it may name a worker or a child) never
    reaches the letter. Walking it (walkerA, issue 23 item 2), a response answered seven weeks
    late said nothing of the delay."""
    late = ("case", reference, "respond", "--on", "2026-01-26", "--remedy", "apology",
            "--outcome", "1=upheld", "--finding", "1=Nobody rang you back.",
            "--outcome", "2=not_upheld", "--finding", "2=The worker was polite.",
            "--delay-reason", "SW Jane Smith off sick; Ellie's review clashed")  # fmt: skip
    code, _, err = heard(*late)
    assert code == 2
    assert err.strip() == (
        "heard: --delay-reason-for-complainant: The response was due by 19 January 2026: say "
        "why it is late as the complainant will read it (the letter apologises for the delay "
        "and gives this reason)"
    )
    (answer,) = await previewed_then_sent(
        engine, settings, mail_sink, *late, "--delay-reason-for-complainant",
        "the manager looking into your complaint was away from work",
    )  # fmt: skip
    assert (
        "This is our stage 1 response to your complaint. We are sorry that this response is "
        "late: we should have sent it by Monday 19 January 2026. The reason for the delay: the "
        "manager looking into your complaint was away from work. We understand"
    ) in answer
    assert "Jane Smith" not in answer and "Ellie" not in answer and "sick" not in answer
    shown = ok("cases", "show", reference)
    assert "reason for delay: SW Jane Smith off sick" in shown
    assert "as the letter gave it: the manager looking into your complaint" in shown


async def test_an_issue_with_no_category_is_headed_by_what_the_complainant_raised(
    reference: str,  # noqa: F811
    engine: Engine,
    settings: Settings,
    mail_sink: MailSink,
) -> None:
    """An issue triage could not categorise (staff added it as 'other'): the response needs a
    line saying what the complainant raised, and the letter heads the finding with it, where it
    said 'Something else you raised: Upheld' (walkerA, issue 23 item 2). Kept on the issue, the
    stage 2 response heads it the same way without asking again."""
    case = ("case", reference)
    ok(*case, "confirm-triage", "--add-issue", "other:fostering", "--why", "family time")
    answer = ("respond", "--on", "2026-01-16", "--remedy", "apology",
              "--outcome", "1=upheld", "--finding", "1=Nobody rang you back.",
              "--outcome", "2=not_upheld", "--finding", "2=The worker was polite.",
              "--outcome", "3=upheld", "--finding", "3=It was cancelled at an hour's notice.")  # fmt: skip
    code, _, err = heard(*case, *answer)
    assert code == 2 and err.strip() == (
        "heard: --point: Issue 3 has no category: say in a line what the complainant raised, "
        "as the letter will give it before what you found"
    )
    code, _, err = heard(*case, *answer, "--point", "3")
    assert code == 2 and "is not ISSUE=TEXT" in err
    (first,) = await previewed_then_sent(
        engine, settings, mail_sink, *case, *answer,
        "--point", "3=Family time was cancelled twice without notice.",
    )  # fmt: skip
    assert "3. Family time was cancelled twice without notice: Upheld" in first
    assert "It was cancelled at an hour's notice." in first
    assert "Something else" not in first and "Other" not in first
    assert "what they raised, as the letters give it: Family time was cancelled twice" in ok(
        "cases", "show", reference
    )
    ok(*case, "escalate", "--on", "2026-01-20")
    (second,) = await previewed_then_sent(
        engine, settings, mail_sink, *case, "respond", "--on", "2026-02-20", "--remedy", "apology",
        "--outcome", "1=upheld", "--finding", "1=Read the log.",
        "--outcome", "2=upheld", "--finding", "2=Read the log.",
        "--outcome", "3=upheld", "--finding", "3=Read the log.",
    )  # fmt: skip
    assert "3. Family time was cancelled twice without notice: Upheld" in second


async def test_a_contact_logged_after_its_response_was_due_is_not_promised_a_day_gone_by(
    reference: str,  # noqa: F811
    engine: Engine,
    settings: Settings,
    mail_sink: MailSink,
) -> None:
    """A letter staff log weeks after it came (received 1 October, logged 10 November): its
    stage 1 response was due on 15 October. The acknowledgement said 'We aim to give you our
    response by Thursday 15 October 2026. If we need longer, we will ask you first' (walkerA);
    it now says the response is late and is sorry. One logged the day it came keeps its date."""
    await letters(engine, settings, mail_sink)  # the fixture's own letters have gone
    sent_before = len(mail_sink.messages)
    for received, email in (("2026-10-01", "late@example.org"), ("2026-11-10", "new@example.org")):
        ok("case", "new", "log", "--channel", "letter", "--received", received, "--name",
           "Pat Carer", "--email", email, "--text", "I am the foster carer for Ellie and I want "
           "to complain that nobody told me why her review meeting was cancelled.",
           clock=CLOCK)  # fmt: skip
    sent = await letters(engine, settings, mail_sink)
    by_recipient = {
        mail.recipients[0]: one_line(text)
        for mail, text in zip(mail_sink.messages[sent_before:], sent[sent_before:], strict=True)
    }
    late, fresh = by_recipient["late@example.org"], by_recipient["new@example.org"]
    assert (
        "Our response was due by Thursday 15 October 2026, and we are sorry that it is late: we "
        "will send it to you as soon as we can." in late
    )
    assert "We aim to" not in late and "we will ask you first" not in late
    assert "We aim to give you our response by" in fresh and "sorry" not in fresh
