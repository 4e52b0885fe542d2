"""The letters that follow the procedure past a response, each read from the SMTP capture
server as the complainant gets it: stage 2 accepted, a review panel requested, the panel's date
(with the right to attend with an advocate), the chair's report, a withdrawal confirmed, a
complaint the Ombudsman referred back as premature; a pre-complaint's response offers a formal
stage 1 and never calls itself final; no letter by post or text says "reply to this email"
(issue 23 item 2, issue 28)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path

import jinja2
import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from cases.actor import Actor, Via
from cases.enums import LgscoDecision, Outcome, RecordKind, Route
from cases.lifecycle import InvalidTransition
from cases.timescales import TimescalePolicy
from casework.acknowledgement import acknowledge
from casework.closing import withdraw
from casework.escalation import escalate
from casework.ombudsman import lgsco_decided, lgsco_received
from casework.response import ResponseInput, record_response
from casework.service import CaseService
from casework.stage_three import arrange_panel, chair_report, panel_held
from heard.settings import Settings
from outbound.compose import SHIPPED_TEMPLATES
from store.db import session_scope
from store.models import Case
from tests.mailsink import MailSink
from tests.outbound.test_letters import TODAY, letters, logged, service  # noqa: F401
from tests.outcome_letters import findings_for

OFFICER = Actor.staff(Via.CLI, "o")
BOTH = {1: Outcome.NOT_UPHELD, 2: Outcome.NOT_UPHELD}


def one_line(text: str) -> str:
    return " ".join(text.split())


@contextmanager
def acting_on(
    service: CaseService, engine: Engine, kind: RecordKind = RecordKind.COMPLAINT  # noqa: F811
) -> Iterator[tuple[str, Session, Case]]:
    """A contact logged on the statutory route, and one transaction to act on it in."""
    reference = logged(service, engine, kind=kind, route=Route.STATUTORY)
    with session_scope(engine) as session:
        yield reference, session, session.exec(select(Case).where(Case.reference == reference)).one()


def answer(service: CaseService, session: object, case: Case, on: date) -> None:  # noqa: F811
    record_response(service, session, case=case, actor=OFFICER, today=TODAY,  # type: ignore[arg-type]
                    response=ResponseInput(responded_on=on, issue_outcomes=BOTH, findings=findings_for(BOTH)))  # fmt: skip


def to_stage_three(service: CaseService, session: object, case: Case) -> None:  # noqa: F811
    """Answered at stage 1 on 16 January, at stage 2 on 20 February, a panel asked for on
    24 February: where every panel letter starts."""
    answer(service, session, case, date(2026, 1, 16))
    escalate(service, session, case=case, requested_on=date(2026, 1, 20), actor=OFFICER,  # type: ignore[arg-type]
             today=TODAY)  # fmt: skip
    answer(service, session, case, date(2026, 2, 20))
    escalate(service, session, case=case, requested_on=date(2026, 2, 24), actor=OFFICER,  # type: ignore[arg-type]
             today=TODAY)  # fmt: skip


async def test_stage_two_stage_three_panel_and_chairs_report_letters(
    engine: Engine,
    settings: Settings,
    service: CaseService,  # noqa: F811
    mail_sink: MailSink,
) -> None:
    with acting_on(service, engine) as (reference, session, case):
        to_stage_three(service, session, case)
        arrange_panel(service, session, case=case, panel_on=date(2026, 3, 17),
                      details="10am, Room 2, the Civic Centre.", actor=OFFICER,
                      today=date(2026, 3, 2))  # fmt: skip
        # not held before the day its letter gave (walking it, 'panel-held' on today's date,
        # before the panel's day, and the chair's report letter contradicted the panel's)
        with pytest.raises(InvalidTransition, match="was told it meets on 17 March 2026"):
            panel_held(service, session, case=case, held_on=date(2026, 3, 16), actor=OFFICER,
                       today=TODAY)  # fmt: skip
        panel_held(service, session, case=case, held_on=date(2026, 3, 17), actor=OFFICER,
                   today=TODAY)  # fmt: skip
        chair_report(service, session, case=case, received_on=date(2026, 3, 20),
                     actor=OFFICER, today=TODAY)  # fmt: skip
        answer(service, session, case, date(2026, 4, 1))
    texts = [one_line(text) for text in await letters(engine, settings, mail_sink)]
    (accepted,) = [t for t in texts if "now be considered at stage 2" in t]
    assert "request of Tuesday 20 January 2026" in accepted and "independent person" in accepted
    assert reference in accepted and "reply to this email quoting" in accepted
    # the stage 2 response is the adjudication on the investigating officer's and the
    # independent person's reports, which go to the complainant with it (Getting the Best from
    # Complaints); walking it, the letter named neither
    (second,) = [t for t in texts if "This is our stage 2 response" in t]
    assert "report of the investigating officer" in second
    assert "report of the independent person" in second
    assert "we will send you copies" in second  # heard attaches neither report
    assert not [t for t in texts if "investigating officer" in t and "stage 1 response" in t]
    (requested,) = [t for t in texts if "request of Tuesday 24 February 2026 for a review panel" in t]
    assert "bring an advocate" in requested and "The panel will meet by" in requested
    (panel,) = [t for t in texts if "review panel for your complaint will meet on" in t]
    assert "Tuesday 17 March 2026" in panel and "10am, Room 2, the Civic Centre." in panel
    assert "right to attend" in panel and "advocate" in panel
    (report,) = [t for t in texts if "sent us the panel's report" in t]
    assert "Friday 20 March 2026" in report and "response to them by" in report
    assert "we will send you one" in report  # the panel sends it; heard attaches nothing
    # the council's answer at stage 3 is its response to the panel (found walking: it read as
    # a stage 1 letter, and the panel was not mentioned)
    (final,) = [t for t in texts if "Ombudsman" in t and "What we decided" in t]
    assert "response to the review panel's report" in final, final
    assert "panel's recommendations" in final
    # it names the report it answers: the panel's day and the day its chair's report came
    # (regulation 21: the response is to the panel's report and recommendations)
    assert "The panel met on Tuesday 17 March 2026" in final, final
    assert "it reached us on Friday 20 March 2026" in final
    assert "copy of the panel's report" in final


async def test_a_panel_arranged_without_its_time_and_place_says_they_will_follow(
    engine: Engine,
    settings: Settings,
    service: CaseService,  # noqa: F811
    mail_sink: MailSink,
) -> None:
    """Walking Slack's Arrange panel (walker3), a panel arranged with its optional time and
    place left empty wrote 'will meet on Thursday 14 January 2027' and nothing else, after the
    stage 3 letter had promised 'its date, time and place': a family cannot go to that."""
    with acting_on(service, engine) as (_reference, session, case):
        to_stage_three(service, session, case)
        arrange_panel(service, session, case=case, panel_on=date(2026, 3, 17), details="  ",
                      actor=OFFICER, today=date(2026, 3, 2))  # fmt: skip
    texts = [one_line(text) for text in await letters(engine, settings, mail_sink)]
    (panel,) = [t for t in texts if "review panel for your complaint will meet on" in t]
    assert (
        "will meet on Tuesday 17 March 2026. We will write to you with the time and the place "
        "before then." in panel
    ), panel


async def test_a_withdrawal_is_confirmed_in_writing(
    engine: Engine,
    settings: Settings,
    service: CaseService,  # noqa: F811
    mail_sink: MailSink,
) -> None:
    with acting_on(service, engine) as (_reference, session, case):
        withdraw(service, session, case=case, actor=OFFICER,
                 now=datetime(2026, 1, 9, 11, 0, tzinfo=UTC), reason="sorted out at home")  # fmt: skip
    texts = [one_line(text) for text in await letters(engine, settings, mail_sink)]
    (confirmed,) = [t for t in texts if "has been withdrawn" in t]
    assert "Friday 9 January 2026" in confirmed and "closed it" in confirmed
    assert "sorted out at home" not in confirmed  # staff's note is not the letter


async def test_a_premature_referral_back_is_explained(
    engine: Engine,
    settings: Settings,
    service: CaseService,  # noqa: F811
    mail_sink: MailSink,
) -> None:
    with acting_on(service, engine) as (_reference, session, case):
        answer(service, session, case, date(2026, 1, 16))
        lgsco_received(service, session, case=case, lgsco_reference="25 012 345", received_on=date(2026, 1, 26), actor=OFFICER,
                       today=TODAY)  # fmt: skip
        lgsco_decided(service, session, case=case, decided_on=date(2026, 2, 2),
                      decision=LgscoDecision.PREMATURE, actor=OFFICER, today=TODAY)  # fmt: skip
    texts = [one_line(text) for text in await letters(engine, settings, mail_sink)]
    (back,) = [t for t in texts if "passed it back to us" in t]
    assert "Monday 2 February 2026" in back and "stage 2" in back  # stage 1 was answered
    # written today (the letter writer's clock), long after stage 2's 25 working days: sorry,
    # never 'We aim to send you our response by' a day gone by (walkerG)
    assert "and we are sorry that it is late: we will send it to you as soon as we can." in back
    assert "We aim to" not in back


async def test_a_premature_referral_back_promises_a_day_still_to_come(
    engine: Engine,
    settings: Settings,
    service: CaseService,  # noqa: F811
    mail_sink: MailSink,
) -> None:
    """Referred back before the running stage's day: the letter gives the day, no apology."""
    from datetime import UTC, datetime, timedelta

    today = datetime.now(UTC).date()
    with acting_on(service, engine) as (_reference, session, case):
        answer(service, session, case, date(2026, 1, 16))
        lgsco_received(service, session, case=case, lgsco_reference="25 012 345", received_on=date(2026, 1, 26), actor=OFFICER,
                       today=today)  # fmt: skip
        lgsco_decided(service, session, case=case, decided_on=today - timedelta(days=1),
                      decision=LgscoDecision.PREMATURE, actor=OFFICER, today=today)  # fmt: skip
    texts = [one_line(text) for text in await letters(engine, settings, mail_sink)]
    (back,) = [t for t in texts if "passed it back to us" in t]
    assert "We aim to send you our response by" in back and "sorry" not in back


async def test_a_premature_referral_back_after_stage_two_is_explained_with_the_panel(
    engine: Engine,
    settings: Settings,
    service: CaseService,  # noqa: F811
    mail_sink: MailSink,
) -> None:
    """Stage 3 has no response clock until the chair's report: the letter gives the review
    panel's (it said nothing at all: the preview showed no letter)."""
    with acting_on(service, engine) as (_reference, session, case):
        answer(service, session, case, date(2026, 1, 16))
        escalate(service, session, case=case, requested_on=date(2026, 1, 20), actor=OFFICER,
                 today=TODAY)  # fmt: skip
        answer(service, session, case, date(2026, 2, 20))
        lgsco_received(service, session, case=case, lgsco_reference="25 012 345", received_on=date(2026, 2, 23), actor=OFFICER,
                       today=TODAY)  # fmt: skip
        lgsco_decided(service, session, case=case, decided_on=date(2026, 3, 2),
                      decision=LgscoDecision.PREMATURE, actor=OFFICER, today=TODAY)  # fmt: skip
    texts = [one_line(text) for text in await letters(engine, settings, mail_sink)]
    (back,) = [t for t in texts if "passed it back to us" in t]
    assert "Monday 2 March 2026" in back and "stage 3" in back and "review panel" in back
    assert "Wednesday 15 April 2026" in back  # the panel meets within 30 working days
    assert "The panel should have met by Wednesday 15 April 2026, and we are sorry" in back
    assert "advocate" in back


async def test_a_pre_complaints_response_offers_stage_one_and_is_not_final(
    engine: Engine,
    settings: Settings,
    service: CaseService,  # noqa: F811
    mail_sink: MailSink,
) -> None:
    with acting_on(service, engine, RecordKind.PRE_COMPLAINT) as (_reference, session, case):
        answer(service, session, case, date(2026, 1, 7))
        # the family takes up the offer: a formal stage 1 (found walking: no letter said so)
        escalate(service, session, case=case, requested_on=date(2026, 1, 9), actor=OFFICER,
                 today=TODAY)  # fmt: skip
    texts = [one_line(text) for text in await letters(engine, settings, mail_sink)]
    (response,) = [t for t in texts if "What we found" in t]
    assert "formal complaint" in response and "stage 1" in response
    assert "final" not in response.lower() and "Ombudsman" not in response
    (accepted,) = [t for t in texts if "request of Friday 9 January 2026" in t]
    assert "now be considered at stage 1" in accepted and "response by" in accepted


@pytest.mark.parametrize("by", ["post", "text"])
def test_no_letter_by_post_or_text_says_reply_to_this_email(by: str) -> None:
    """Every letter template, rendered for a letter going by post or as a text message, in
    each of the response's branches: none asks the reader to reply to an email."""
    environment = jinja2.Environment(loader=jinja2.FileSystemLoader(str(SHIPPED_TEMPLATES)))
    names = [
        path.name
        for path in Path(SHIPPED_TEMPLATES).glob("*.txt.j2")
        if not path.name.startswith(("_", "digest", "mash_referral"))
        and path.name != "reply_received.txt.j2"  # email only, from intake
    ]
    assert {"response.txt.j2", "extension.txt.j2", "not_logged.txt.j2"} <= set(names)
    for name in names:
        for step in ("stage_1", "stage_2", "stage_3", "corporate_2", "ombudsman"):
            text = environment.get_template(name).render(
                by=by, reference="CSC-2026-000001", next_step=step, reason="other", issues=[]
            )
            flat = one_line(text).lower()
            assert not re.search(r"repl(y|ying) to this e-?mail", flat), (name, step)
            assert "automatic reply" not in flat, name


async def test_the_councils_own_stages_are_named_with_their_article(
    engine: Engine,
    settings: Settings,
    service: CaseService,  # noqa: F811
    mail_sink: MailSink,
) -> None:
    """'considered at second and final stage' (walking a corporate complaint to its second
    stage with the stand-ins): the council's own stages read 'at the second and final stage',
    the statutory ones still 'at stage 2'."""
    reference = logged(service, engine, kind=RecordKind.COMPLAINT, route=Route.CORPORATE)
    with session_scope(engine) as session:
        case = session.exec(select(Case).where(Case.reference == reference)).one()
        answer(service, session, case, date(2026, 1, 16))
        escalate(service, session, case=case, requested_on=date(2026, 1, 20), actor=OFFICER,
                 today=TODAY)  # fmt: skip
    texts = [one_line(text) for text in await letters(engine, settings, mail_sink)]
    (accepted,) = [t for t in texts if "We have accepted it" in t]
    assert "now be considered at the second and final stage." in accepted


async def test_a_response_says_what_we_understood_the_complaint_to_be(
    engine: Engine,
    settings: Settings,
    service: CaseService,  # noqa: F811
    mail_sink: MailSink,
) -> None:
    """Walking a corporate complaint under the Complaint Handling Code to its first-stage
    response: the Code's acknowledgement said what the council understood the complaint to be
    about, the response did not (nor did a statutory one), though the Code asks each response
    to define the complaint before it decides it. Every stage's response now lists the points
    staff recorded, in the acknowledgement's words, before what was found."""
    under_code = replace(
        service, timescales=TimescalePolicy.from_overrides({}, code_from=date(2026, 1, 1))
    )
    corporate = logged(under_code, engine, kind=RecordKind.COMPLAINT, route=Route.CORPORATE)
    statutory = logged(under_code, engine, kind=RecordKind.COMPLAINT, route=Route.STATUTORY)
    with session_scope(engine) as session:
        for reference in (corporate, statutory):
            case = session.exec(select(Case).where(Case.reference == reference)).one()
            acknowledge(under_code, session, case=case, actor=OFFICER,
                        now=datetime(2026, 1, 6, 10, 0, tzinfo=UTC))  # fmt: skip
            answer(under_code, session, case, date(2026, 1, 16))
    texts = [one_line(text) for text in await letters(engine, settings, mail_sink)]
    (acknowledged,) = [t for t in texts if "Complaint Handling Code" in t]
    points = ("We understand your complaint to be about: 1. Communication "
              "2. Staff conduct/attitude")  # fmt: skip
    assert points in acknowledged
    responses = [t for t in texts if "What we found" in t]
    assert [("first stage" in t, "stage 1 response" in t) for t in responses] == [
        (True, False), (False, True)
    ]
    for response in responses:
        assert f"{points} We have looked into each of these points. What we found:" in response


async def test_a_childs_response_offers_an_advocate_for_the_next_stage(
    engine: Engine,
    settings: Settings,
    service: CaseService,  # noqa: F811
    mail_sink: MailSink,
) -> None:
    """A child (advocacy offered) gets no automatic acknowledgement, where the offer was
    written: the response is the first letter heard writes them, and it did not mention an
    advocate (found walking a 16-year-old's complaint)."""
    with acting_on(service, engine) as (_reference, session, case):
        case.advocacy_offer = True
        answer(service, session, case, date(2026, 1, 16))
    texts = [one_line(text) for text in await letters(engine, settings, mail_sink)]
    (response,) = [t for t in texts if "What we found" in t]
    assert "advocate" in response and "stage 2" in response


async def test_no_control_character_reaches_a_letter(
    engine: Engine,
    settings: Settings,
    service: CaseService,  # noqa: F811
    mail_sink: MailSink,
) -> None:
    """What staff paste into a finding can carry terminal controls (found walking `respond
    --finding` with a BEL and an escape: the BEL went into the letter, and --preview rang the
    officer's terminal)."""
    with acting_on(service, engine) as (_reference, session, case):
        record_response(service, session, case=case, actor=OFFICER, today=TODAY,
                        response=ResponseInput(responded_on=date(2026, 1, 16), issue_outcomes=BOTH,
                                               findings={**findings_for(BOTH), 1: "We rang\x07 you\x1b[31m twice."}))  # fmt: skip
    texts = await letters(engine, settings, mail_sink)
    (response,) = [t for t in texts if "What we found" in t]
    assert "We rang you twice." in " ".join(response.split())
    assert not any((ord(c) < 32 and c not in "\n\t") or 0x7F <= ord(c) < 0xA0 for c in response)


@pytest.mark.parametrize(
    ("outcomes", "remedies"),
    [
        ({1: Outcome.UPHELD, 2: Outcome.NOT_UPHELD}, ("apology",)),
        ({1: Outcome.PARTIALLY_UPHELD, 2: Outcome.NOT_UPHELD}, ("practice_change",)),
        ({1: Outcome.NOT_UPHELD, 2: Outcome.INCONCLUSIVE}, ()),
        ({1: Outcome.NOT_UPHELD, 2: Outcome.INCONCLUSIVE}, ("no_remedy_required",)),
    ],
    ids=["upheld-apology", "partly-practice-change", "none-upheld", "none-upheld-none-required"],
)
async def test_what_puts_an_upheld_point_right_is_listed(
    engine: Engine,
    settings: Settings,
    service: CaseService,  # noqa: F811
    mail_sink: MailSink,
    outcomes: dict[int, Outcome],
    remedies: tuple[str, ...],
) -> None:
    """A point upheld is answered with what puts it right (casework refuses it without one:
    tests/casework/test_upheld_remedies), and the letter lists it; one upholding nothing says
    nothing of remedies. Read from the SMTP capture server as the family gets it."""
    from cases.enums import RemedyKind
    from casework.response import RemedyInput

    with acting_on(service, engine) as (_, session, case):
        record_response(service, session, case=case, actor=OFFICER, today=TODAY,
                        response=ResponseInput(
                            responded_on=date(2026, 1, 16), issue_outcomes=outcomes,
                            findings=findings_for(outcomes),
                            remedies=[RemedyInput(RemedyKind(kind)) for kind in remedies]))  # fmt: skip
    texts = [one_line(text) for text in await letters(engine, settings, mail_sink)]
    (response,) = [text for text in texts if "This is our stage 1 response" in text]
    put_right = [kind for kind in remedies if kind != "no_remedy_required"]
    assert ("What we will do to put things right" in response) == bool(put_right), response
    assert "Our apology is how we are putting them right" not in response


async def test_a_panel_moved_is_told_its_new_day_and_never_a_day_gone_by(
    engine: Engine,
    settings: Settings,
    service: CaseService,  # noqa: F811
    mail_sink: MailSink,
) -> None:
    """walker1 item 2: moving the panel to a day to come writes that it has moved, from the day
    the last letter gave (and again when it moves back to a day given before: one letter per
    arrangement); a day gone by is refused in words unless staff confirm the panel met then,
    and then no letter goes. Read from the SMTP capture server as the family gets them."""
    arranging = date(2026, 3, 2)
    with acting_on(service, engine) as (_, session, case):
        for responded, asked in ((date(2026, 1, 16), date(2026, 1, 20)),
                                 (date(2026, 2, 20), date(2026, 2, 24))):  # fmt: skip
            answer(service, session, case, responded)
            escalate(service, session, case=case, requested_on=asked, actor=OFFICER, today=TODAY)
        for day in (date(2026, 3, 17), date(2026, 3, 24), date(2026, 3, 17)):
            arrange_panel(service, session, case=case, panel_on=day, actor=OFFICER,
                          today=arranging)  # fmt: skip
        with pytest.raises(InvalidTransition) as gone_by:
            arrange_panel(service, session, case=case, panel_on=date(2026, 2, 27), actor=OFFICER,
                          today=arranging)  # fmt: skip
        assert gone_by.value.said.startswith("27 February 2026 has passed: a panel is arranged")
        arrange_panel(service, session, case=case, panel_on=date(2026, 2, 27), actor=OFFICER,
                      today=arranging, met_already=True)  # fmt: skip
        panel_held(service, session, case=case, held_on=date(2026, 2, 27), actor=OFFICER,
                   today=arranging)  # fmt: skip
    texts = [one_line(text) for text in await letters(engine, settings, mail_sink)]
    panels = [text for text in texts if "The review panel for your complaint" in text]
    assert len(panels) == 3, panels
    assert "will meet on Tuesday 17 March 2026." in panels[0] and "moved" not in panels[0]
    for moved, told in (("24 March", "17 March"), ("17 March", "24 March")):
        said = (f"The review panel for your complaint has been moved: it will now meet on "
                f"Tuesday {moved} 2026, not on Tuesday {told} 2026 as we wrote before.")  # fmt: skip
        assert [text for text in panels[1:] if said in text], (said, panels)
    assert not [text for text in texts if "27 February" in text]
