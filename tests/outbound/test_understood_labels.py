"""What the council understands a complaint to be about, in the letters that say it (the
Complaint Handling Code's acknowledgement and every stage's response), names each point by the
rule file's label as staff and the family read it, never by its id: every category in the
shipped `category_list` (its "Other" too) and one a council adds to its own copy (issue 23,
walker item 4), under the same number and heading the response's findings give each point."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path

from sqlalchemy.engine import Engine
from sqlmodel import select

from cases.actor import Actor, Via
from cases.enums import Channel, ComplainantType, Outcome, RecordKind, Route
from cases.timescales import TimescalePolicy
from cases.triage_result import IssueProposal, TriageResult
from casework.acknowledgement import acknowledge
from casework.receiving import create
from casework.response import ResponseInput, record_response
from casework.service import CaseService
from casework.triage import apply_triage
from heard.settings import Settings
from outbound.letters import UNCATEGORISED, LetterWriter
from store.db import session_scope
from store.models import Case, PartyRole, Person
from tests.mailsink import MailSink
from tests.outbound.test_letters import RECEIVED, TODAY, letters, service  # noqa: F401
from tests.outcome_letters import findings_for
from triage.rulebook import OTHER_CATEGORY, load_rulebook

OFFICER = Actor.staff(Via.CLI, "o")
COUNCILS_OWN = ("kinship_support", "Support for kinship carers")


def councils_rules(settings: Settings, tmp_path: Path) -> Path:
    """The shipped rule file with one category the council added to its list."""
    text = Path(settings.rules_path).read_text()
    other = '  - {id: other, label: "Other", theme: "Other"}\n'
    added = f'  - {{id: {COUNCILS_OWN[0]}, label: "{COUNCILS_OWN[1]}", theme: "Kinship care"}}\n'
    assert other in text
    target = tmp_path / "council_rules.yaml"
    target.write_text(text.replace(other, added + other, 1))
    return target


async def test_the_code_letters_name_every_category_by_its_label(
    engine: Engine,
    settings: Settings,
    service: CaseService,  # noqa: F811
    mail_sink: MailSink,
    tmp_path: Path,
) -> None:
    rulebook = load_rulebook(councils_rules(settings, tmp_path))
    (writer,) = [one for one in service.case_listeners if isinstance(one, LetterWriter)]
    under_code = replace(
        service,
        timescales=TimescalePolicy.from_overrides({}, code_from=date(2026, 1, 1)),
        case_listeners=[replace(writer, rulebook=rulebook)],
    )
    categories = list(rulebook.spec.category_list)
    assert COUNCILS_OWN in [(c.id, c.label) for c in categories]
    assert OTHER_CATEGORY in [c.id for c in categories]
    labels = [UNCATEGORISED if c.id == OTHER_CATEGORY else c.label for c in categories]
    # the response heads the point with no category by what the family raised, as staff wrote
    # it then (walkerA); the acknowledgement before it had only "Something else you raised"
    other = [c.id for c in categories].index(OTHER_CATEGORY) + 1
    point = "Family time was cancelled twice"
    answered = [point if n == other else label for n, label in enumerate(labels, start=1)]
    with session_scope(engine) as session:
        case = create(under_code, session, record_kind=RecordKind.COMPLAINT,
                      channel=Channel.TELEPHONE,
                      received_at=RECEIVED, actor=OFFICER)  # fmt: skip
        assert case.id is not None
        session.add(Person(case_id=case.id, role=PartyRole.COMPLAINANT, name="Sam Parent",
                           email="sam@example.org"))  # fmt: skip
        session.flush()
        apply_triage(under_code, session, case=case, actor=OFFICER, result=TriageResult(
            record_kind=RecordKind.COMPLAINT, route=Route.CORPORATE,
            complainant_type=ComplainantType.PARENT,
            issues=tuple(IssueProposal(c.id, "care") for c in categories),
        ))  # fmt: skip
        acknowledge(under_code, session, case=case, actor=OFFICER,
                    now=datetime(2026, 1, 6, 10, 0, tzinfo=UTC))  # fmt: skip
        outcomes = {n: Outcome.NOT_UPHELD for n in range(1, len(categories) + 1)}
        record_response(under_code, session, case=case, actor=OFFICER, today=TODAY,
                        response=ResponseInput(responded_on=date(2026, 1, 16),
                                               issue_outcomes=outcomes,
                                               findings=findings_for(outcomes),
                                               points={other: point}))  # fmt: skip
        reference = session.exec(select(Case.reference).where(Case.id == case.id)).one()
    texts = await letters(engine, settings, mail_sink)
    saying = [t for t in texts if "We understand your complaint to be about:" in t]
    assert len(saying) == 2, [t[:200] for t in texts]  # the Code's acknowledgement, the response
    for text in saying:
        assert reference in text
        listed = text.split("We understand your complaint to be about:")[1].split("\n\n")[0]
        lines = [line.strip() for line in listed.strip().splitlines() if line[:1].isdigit()]
        said = answered if "What we found:" in text else labels
        assert lines == [f"{n}. {label}" for n, label in enumerate(said, start=1)], lines
    # the response's findings number and name each point as its "understood" list does: the
    # family never reads of a point ("24.") in one list that the other leaves out
    (response,) = [t for t in saying if "What we found:" in t]
    found = response.split("What we found:")[1].split("Yours sincerely")[0]
    headings = [line.strip().split(": ")[0] for line in found.splitlines()
                if line[:3].strip()[:1].isdigit()]  # fmt: skip
    assert headings == [f"{n}. {label}" for n, label in enumerate(answered, start=1)], headings
