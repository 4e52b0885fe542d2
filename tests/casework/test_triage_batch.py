"""The worker triages a batch of new contacts with a few multi-row statements
(casework.triage.open_and_triage_received): it must leave exactly the rows, audit entries,
reminders and listener calls that the one-case path (open_acknowledgement_deadline, then
apply_triage) leaves, on both databases."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from cases.actor import SMTP, TRIAGE
from cases.calendar import WorkingCalendar
from cases.enums import Channel, NotLoggedReason, RecordKind, Route
from cases.timescales import TimescalePolicy
from cases.triage_result import IssueProposal, TriageResult
from casework.receiving import NewContact, open_acknowledgement_deadline, receive_many
from casework.service import CaseChange, CaseService
from casework.triage import apply_triage, open_and_triage_received
from heard.settings import DEFAULT_RULES_PATH
from scheduler.planner import ReminderPlanner
from scheduler.rules import ChaserPolicy
from store.cases.versions import ConcurrentChange
from store.db import session_scope
from store.models import AuditEntry, Case, Compliment, Deadline, Issue, Reminder, Stage
from store.organisation import sync_organisation
from triage.engine import Contact as TriageContact
from triage.engine import triage
from triage.result import triage_result
from triage.rulebook import Rulebook, load_rulebook

RECEIVED = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)  # a Monday morning

RESULTS: list[tuple[bool, TriageResult | None]] = [  # (automated, triage result)
    (
        False,
        TriageResult(
            record_kind=RecordKind.COMPLAINT,
            route=Route.STATUTORY,
            complainant_type="parent",
            issues=(IssueProposal("communication", "care", "r.comms"),),
            safeguarding=True,
            advocacy_offer=True,
            decision={"route": "statutory"},
        ),
    ),
    (
        False,
        TriageResult(
            record_kind=RecordKind.COMPLAINT,
            route=Route.NOT_LOGGED,
            not_logged_reason=NotLoggedReason.GENERAL_ENQUIRY,
        ),
    ),
    (
        False,
        TriageResult(
            record_kind=RecordKind.COMPLIMENT,
            route=Route.NONE,
            complainant_type="foster_carer",
            issues=(IssueProposal("quality_of_service", "fostering"),),
        ),
    ),
    (False, TriageResult(record_kind=RecordKind.COMPLAINT, route=Route.CORPORATE)),
    (True, None),  # automatic mail: its deadline rule applies, no triage
]


def make_service(
    changes: list[tuple[str, CaseChange]], code_from: date | None = None
) -> CaseService:
    return CaseService(
        calendar=WorkingCalendar(),
        timescales=TimescalePolicy.from_overrides({}, code_from=code_from),
        reference_prefix="CSC",
        case_listeners=[lambda session, case, change: changes.append((case.reference, change))],
        deadline_listeners=[ReminderPlanner(calendar=WorkingCalendar(), policy=ChaserPolicy())],
    )


def received(session: Session, service: CaseService) -> list[Case]:
    made = receive_many(service, session,
        [
            NewContact(
                record_kind=RecordKind.COMPLAINT,
                channel=Channel.EMAIL,
                received_at=RECEIVED,
                actor=SMTP,
                subject=f"Contact {number}",
                automated=automated,
            )
            for number, (automated, _) in enumerate(RESULTS)
        ],
    )
    ids = [case.id for case in made]
    return list(session.exec(select(Case).where(col(Case.id).in_(ids)).order_by(col(Case.id))))


CASE_FIELDS = ("record_kind", "route", "complainant_type", "not_logged_reason", "safeguarding")
CASE_FIELDS += ("advocacy_offer", "status", "stage", "version", "triage_decision")


def outcome(session: Session, case_id: int) -> dict[str, Any]:
    """Everything triage leaves for one case, without ids, references or clock times."""
    case = session.get(Case, case_id)
    assert case is not None
    stages = {s.id: s.kind for s in session.exec(select(Stage).where(Stage.case_id == case_id))}
    return {
        "case": {name: getattr(case, name) for name in CASE_FIELDS},
        "stages": sorted(stages.values()),
        "deadlines": [
            (d.rule, d.start_on, d.due_on, d.maximum_on, d.cancelled, stages.get(d.stage_id))
            for d in session.exec(
                select(Deadline).where(Deadline.case_id == case_id).order_by(col(Deadline.id))
            )
        ],
        "reminders": sorted(
            (r.kind, r.recipient, r.due_at.replace(tzinfo=None), (r.details or {}).get("step"))
            for r in session.exec(select(Reminder).where(Reminder.case_id == case_id))
        ),
        "issues": sorted(
            (i.category, i.team_id, i.rule_id)
            for i in session.exec(select(Issue).where(Issue.case_id == case_id))
        ),
        "compliments": sorted(
            (c.team_id, c.source, c.received_on, c.summary)
            for c in session.exec(select(Compliment).where(Compliment.case_id == case_id))
        ),
        "audit": [
            (e.actor, e.action, e.before, e.after, e.reason)
            for e in session.exec(
                select(AuditEntry)
                .where(AuditEntry.case_id == case_id, AuditEntry.action != "created")
                .order_by(col(AuditEntry.id))
            )
        ],
    }


@pytest.fixture
def teams(engine: Engine) -> None:
    with session_scope(engine) as session:
        sync_organisation(
            session,
            directorates=[("csc", "Children's Social Care")],
            teams=[
                ("fostering", "Fostering", "csc", None),
                ("care", "Children in Care", "csc", None),
            ],
        )


# The corporate complaint runs as before, or under the Complaint Handling Code (its stage's own
# acknowledgement clock, and the answer timed from it).
@pytest.mark.parametrize("code_from", [None, date(2026, 3, 1)])
def test_a_batch_is_triaged_exactly_as_one_case_at_a_time(
    engine: Engine, teams: None, code_from: date | None
) -> None:
    one_by_one: list[tuple[str, CaseChange]] = []
    together: list[tuple[str, CaseChange]] = []
    with session_scope(engine) as session:
        service = make_service(one_by_one, code_from)
        singles = received(session, service)
        for case, (_, result) in zip(singles, RESULTS, strict=True):
            open_acknowledgement_deadline(service, session, case)
            if result is not None:
                apply_triage(service, session, case=case, result=result, actor=TRIAGE)
    with session_scope(engine) as session:
        service = make_service(together, code_from)
        batch = received(session, service)
        open_and_triage_received(service, session, [(c, r) for c, (_, r) in zip(batch, RESULTS, strict=True)], actor=TRIAGE
        )
        # The loaded objects show the new state, as after the one-case path.
        assert [c.version for c in batch] == [2, 2, 2, 2, 1]
    with session_scope(engine) as session:
        for single, batched in zip(singles, batch, strict=True):
            assert single.id is not None and batched.id is not None
            assert outcome(session, batched.id) == outcome(session, single.id)
        assert outcome(session, batch[0].id or 0)["reminders"]  # a statutory stage is chased
        # A compliment has had its thank-you: no acknowledgement is owed, nobody is chased.
        compliment = outcome(session, batch[2].id or 0)
        assert [(d[0], d[4]) for d in compliment["deadlines"]] == [("acknowledgement", True)]
        assert not compliment["reminders"]
        corporate = [d[0] for d in outcome(session, batch[3].id or 0)["deadlines"]]
        code_clocks = ["acknowledgement", "code_acknowledgement", "corporate_1"]
        assert corporate == (code_clocks if code_from else ["acknowledgement", "corporate_1"])
    strip = [(change.action, change.before, change.after) for _, change in one_by_one]
    assert [(c.action, c.before, c.after) for _, c in together] == strip
    assert len(together) == 4  # every triaged case's listeners heard it (cards, letters)


def test_a_case_changed_since_it_was_read_is_not_overwritten(engine: Engine) -> None:
    with session_scope(engine) as session:
        service = make_service([])
        case = received(session, service)[0]
        table = Case.__table__  # type: ignore[attr-defined]  # SQLModel does not type it
        # Staff changed it after the worker loaded it: the version moved on.
        session.connection().execute(
            sa.update(table).where(table.c.id == case.id).values(version=case.version + 1)
        )
        with pytest.raises(ConcurrentChange):
            open_and_triage_received(service, session, [(case, RESULTS[0][1])], actor=TRIAGE)


# --- the property: over generated messages, the batch and the one-case path agree -----------
# Messages are made of sentences from the triage corpus (tests/triage_corpus/corpus.jsonl, not
# the sealed corpora), come to a complaints, compliments or enquiries mailbox, or are automatic
# mail (not triaged); each is triaged by the shipped rules, then applied both ways.
_CORPUS = Path(__file__).resolve().parents[1] / "triage_corpus" / "corpus.jsonl"
_SENTENCES = sorted(
    {
        line.strip()
        for row in _CORPUS.read_text(encoding="utf-8").splitlines()
        for line in json.loads(row)["text"].splitlines()
        if len(line.strip()) > 20
    }
)
_MAILBOXES = (RecordKind.COMPLAINT, RecordKind.COMPLIMENT, RecordKind.ENQUIRY)
_message = st.tuples(
    st.lists(st.sampled_from(_SENTENCES), min_size=1, max_size=4).map("\n".join),
    st.sampled_from(_MAILBOXES),
    st.sampled_from((False, False, True)),  # automatic mail, one time in three
)


@pytest.fixture(scope="module")
def shipped_rules() -> Rulebook:
    return load_rulebook(DEFAULT_RULES_PATH)


def _triaged(rulebook: Rulebook, text: str, mailbox: RecordKind) -> TriageResult:
    contact = TriageContact(
        subject="",
        body=text,
        mailbox_kind=mailbox,
        received_on=RECEIVED.date(),
    )
    return triage_result(triage(contact, rulebook, today=RECEIVED.date()))


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(messages=st.lists(_message, min_size=1, max_size=4))
def test_over_generated_messages_the_batch_and_one_case_at_a_time_agree(
    engine: Engine, shipped_rules: Rulebook, messages: list[tuple[str, RecordKind, bool]]
) -> None:
    if engine.dialect.name != "sqlite":
        pytest.skip("the property runs on SQLite; the examples above run on both databases")
    directorates, teams = shipped_rules.organisation.rows()
    with session_scope(engine) as session:
        sync_organisation(session, directorates=directorates, teams=teams)
    results = [
        None if automated else _triaged(shipped_rules, text, mailbox)
        for text, mailbox, automated in messages
    ]
    heard: dict[str, list[tuple[str, CaseChange]]] = {"single": [], "batch": []}
    made: dict[str, list[Case]] = {}
    for way in ("single", "batch"):
        with session_scope(engine) as session:
            service = make_service(heard[way])
            received_ = receive_many(
                service,
                session,
                [
                    NewContact(
                        record_kind=mailbox,
                        channel=Channel.EMAIL,
                        received_at=RECEIVED,
                        actor=SMTP,
                        subject=text.splitlines()[0][:100],
                        automated=automated,
                    )
                    for text, mailbox, automated in messages
                ],
            )
            ids = [case.id for case in received_]
            cases = list(
                session.exec(select(Case).where(col(Case.id).in_(ids)).order_by(col(Case.id)))
            )
            if way == "single":
                for case, result in zip(cases, results, strict=True):
                    open_acknowledgement_deadline(service, session, case)
                    if result is not None:
                        apply_triage(service, session, case=case, result=result, actor=TRIAGE)
            else:
                open_and_triage_received(
                    service, session, list(zip(cases, results, strict=True)), actor=TRIAGE
                )
            made[way] = cases
    with session_scope(engine) as session:
        for single, batched in zip(made["single"], made["batch"], strict=True):
            assert single.id is not None and batched.id is not None
            assert outcome(session, batched.id) == outcome(session, single.id)
    told = {way: [(c.action, c.before, c.after) for _, c in heard[way]] for way in heard}
    assert told["batch"] == told["single"]
