"""Copies of letters to an advocate need a name and an email address, whichever door records
the advocate: casework.records.record_advocate refuses consent without them, in the words the
Slack modal and the CLI show (casework.advocate_rules). Before, only those two doors checked,
and the use case took consent with no address to copy the family's letters to."""

from __future__ import annotations

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import select

from cases.actor import Actor, Via
from casework.advocate_rules import (
    COPIES_NEED_A_NAME,
    COPIES_NEED_AN_EMAIL,
    EMAIL,
    NAME,
    AdvocateRefused,
    advocate_problems,
)
from casework.records import record_advocate
from casework.service import CaseService
from store.db import session_scope
from store.models import PartyRole, Person
from tests.casework.test_actions import TODAY, complaint
from tests.casework.test_actions import service as service
from tests.casework.test_actions import teams as teams  # autouse there and here

OFFICER = Actor.staff(Via.CLI, "officer")


@pytest.mark.parametrize(
    ("name", "email", "problems"),
    [
        ("Ali Advocate", None, {EMAIL: COPIES_NEED_AN_EMAIL}),
        ("Ali Advocate", "  ", {EMAIL: COPIES_NEED_AN_EMAIL}),
        ("", "ali@advocacy.example", {NAME: COPIES_NEED_A_NAME}),
        ("  ", None, {NAME: COPIES_NEED_A_NAME}),  # said once, at the name, which asks for both
    ],
)
def test_consent_to_copy_needs_a_name_and_an_email(
    engine: Engine, service: CaseService, name: str, email: str | None, problems: dict[str, str]
) -> None:
    with session_scope(engine) as session:
        case = complaint(service, session)
        with pytest.raises(AdvocateRefused) as refused:
            record_advocate(service, session, case=case, name=name, email=email,
                            consent_to_copy=True, actor=OFFICER, today=TODAY)  # fmt: skip
        assert refused.value.problems == problems
        assert not list(session.exec(select(Person).where(Person.role == PartyRole.ADVOCATE)))


def test_an_advocate_without_consent_needs_no_email_and_a_well_formed_one(
    engine: Engine, service: CaseService
) -> None:
    with session_scope(engine) as session:
        case = complaint(service, session)
        kept = record_advocate(service, session, case=case, name=" Ali   Advocate ", email=None,
                               consent_to_copy=False, actor=OFFICER, today=TODAY)  # fmt: skip
        assert (kept.name, kept.email, kept.consent_given) == ("Ali Advocate", None, False)
    assert advocate_problems("Ali", "ali@", consent_to_copy=False) == {
        EMAIL: "'ali@' is not an email address: it should look like name@example.org"
    }
    assert NAME in advocate_problems("Ali\tAdvocate", None, consent_to_copy=False)
    assert NAME in advocate_problems("A" * 201, None, consent_to_copy=False)
