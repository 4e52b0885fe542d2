"""`heard case REF learning | learning-status | advocacy | advocate | recommendation-status |
example`: what the council learns from a complaint, advocacy offered, the Ombudsman's
recommendations, and the short anonymised example the annual report prints."""

from __future__ import annotations

from typing import Annotated

import typer

from cases.day_words import long_date
from cases.numbering import not_on_the_list
from cli.case.common import (
    Act,
    As,
    Number,
    On,
    OneLineCommand,
    app,
    choice,
    parse_date,
    run,
    state,
)
from cli.common import fail


@app.command("learning", cls=OneLineCommand)
def learning(
    ctx: typer.Context,
    text: Annotated[str, typer.Option("--text", help="What will change.")],
    owner: Annotated[str, typer.Option("--owner", help="The team that owns it (its id).")],
    due: Annotated[str | None, typer.Option("--due", help="Due by, YYYY-MM-DD.")] = None,
    ombudsman: Annotated[
        bool,
        typer.Option("--ombudsman", help="Identified by the Ombudsman (its latest enquiry)."),
    ] = False,
    on: On = None,
    as_: As = None,
) -> None:
    """Add a learning action (--on: the day it was identified)."""
    from cases.enums import LearningSource
    from casework import records
    from store.cases.learning import learning_actions

    if not text.strip() or len(text) > 2000:
        raise fail("--text: say what will change, in at most 2,000 characters")
    due_on = parse_date(due, option="--due") if due else None

    def act(a: Act) -> str:
        if a.context.organisation.team(owner.strip()) is None:
            known = ", ".join(team.id for team in a.context.organisation.teams)
            raise fail(f"--owner: no team {owner.strip()!r} (one of {known})")
        if due_on is not None and due_on < a.on:
            raise fail(f"--due: {due_on} is before the day it was identified ({a.on})")
        enquiry = None
        if ombudsman:
            enquiry = _latest_enquiry(a)
            if enquiry is None:
                raise fail("--ombudsman: the case has no Ombudsman enquiry")
        row = records.add_learning(
            a.service,
            a.session,
            case=a.case,
            text=text,
            owner_team_id=owner.strip(),
            identified_on=a.on,
            due_on=due_on,
            actor=a.actor,
            today=a.today,
            source=LearningSource.OMBUDSMAN if ombudsman else LearningSource.STAGE,
            lgsco_case_id=enquiry,
        )
        number = len(learning_actions(a.session, case=a.case))
        due_text = f", due {long_date(row.due_on)}" if row.due_on else ""
        identified = f"learning {number} identified {long_date(a.on)}"
        return f"{state(a.case)}; {identified} ({owner.strip()}{due_text})"

    run(ctx, on, as_, act)


@app.command("example", cls=OneLineCommand)
def example(
    ctx: typer.Context,
    text: Annotated[
        str | None,
        typer.Option(
            "--text",
            help="The example as the annual report prints it: a line or two naming no one.",
        ),
    ] = None,
    remove: Annotated[
        bool, typer.Option("--remove", help="The case is no longer an example.")
    ] = False,
    on: On = None,
    as_: As = None,
) -> None:
    """Choose the case (a complaint or a compliment) as an example for the annual report, in
    your words (--on: the day it was chosen); again to rewrite it, --remove to take it out."""
    from casework import examples

    if remove == (text is not None):
        raise fail("example: give --text, or --remove")
    if text is not None and (problem := examples.check_text(text)):
        raise fail(f"--text: {problem}")

    def act(a: Act) -> str:
        if remove:
            examples.remove_example(a.service, a.session, case=a.case, actor=a.actor)
            return f"{state(a.case)}; no longer an example"
        assert text is not None
        chosen = examples.choose_example(
            a.service,
            a.session,
            case=a.case,
            text=text,
            on=a.on,
            actor=a.actor,
            today=a.today,
        )
        return f"{state(a.case)}; example chosen {long_date(a.on)} ({len(chosen.text)} characters)"

    run(ctx, on, as_, act)


def _latest_enquiry(a: Act) -> int | None:
    from store.cases.lgsco import latest_enquiry_id

    return latest_enquiry_id(a.session, case=a.case)


@app.command("learning-status", cls=OneLineCommand)
def learning_status(
    ctx: typer.Context,
    number: Number,
    status: Annotated[
        str,
        typer.Option("--status", help="identified, in_progress, implemented or not_implemented."),
    ],
    why: Annotated[
        str | None, typer.Option("--why", help="Why it was not implemented (needed then).")
    ] = None,
    on: On = None,
    as_: As = None,
) -> None:
    """Move learning action N on (--on: the day its status changed)."""
    from cases.enums import LearningStatus
    from casework import records
    from store.cases.learning import learning_actions

    moves = [s for s in LearningStatus if s != LearningStatus.PLANNED]
    chosen = choice(status, LearningStatus, option="--status")
    if chosen not in moves:
        raise fail(f"--status: {status!r} is not one of {', '.join(s.value for s in moves)}")
    if chosen == LearningStatus.NOT_IMPLEMENTED and not (why and why.strip()):
        raise fail("--why: say why it was not implemented")

    def act(a: Act) -> str:
        listed = learning_actions(a.session, case=a.case)
        if not 1 <= number <= len(listed):
            raise fail(not_on_the_list(a.case.reference, "learning action", number, len(listed)))
        assert listed[number - 1].id is not None
        records.update_learning(
            a.service,
            a.session,
            case=a.case,
            learning_id=listed[number - 1].id or 0,
            status=chosen,
            on=a.on,
            note=why,
            actor=a.actor,
            today=a.today,
        )
        return f"{state(a.case)}; learning {number} {chosen.label.lower()} {long_date(a.on)}"

    run(ctx, on, as_, act)


@app.command("advocacy", cls=OneLineCommand)
def advocacy(
    ctx: typer.Context,
    offered: Annotated[bool, typer.Option("--offered", help="An advocate was offered.")] = False,
    taken_up: Annotated[bool, typer.Option("--taken-up", help="The offer was taken up.")] = False,
    declined: Annotated[bool, typer.Option("--declined", help="The offer was declined.")] = False,
    organisation: Annotated[
        str | None, typer.Option("--organisation", help="The advocate's organisation.")
    ] = None,
    on: On = None,
    as_: As = None,
) -> None:
    """Record advocacy for a child or young person: offered, taken up or declined."""
    from cases.enums import AdvocacyStatus
    from casework import records

    given = [
        status
        for flag, status in (
            (offered, AdvocacyStatus.OFFERED),
            (taken_up, AdvocacyStatus.TAKEN_UP),
            (declined, AdvocacyStatus.DECLINED),
        )
        if flag
    ]
    if len(given) != 1:
        raise fail("advocacy: give one of --offered, --taken-up or --declined")
    if organisation is not None and (not organisation.strip() or len(organisation) > 200):
        raise fail("--organisation: give a name of at most 200 characters")

    def act(a: Act) -> str:
        row = records.record_advocacy(
            a.service,
            a.session,
            case=a.case,
            status=given[0],
            on=a.on,
            organisation=organisation,
            actor=a.actor,
            today=a.today,
        )
        who = f" ({row.organisation})" if row.organisation else ""
        return f"{state(a.case)}; advocacy {given[0].label.lower()}{who} {long_date(a.on)}"

    run(ctx, on, as_, act)


@app.command("recommendation-status", cls=OneLineCommand)
def recommendation_status(
    ctx: typer.Context,
    number: Number,
    status: Annotated[
        str, typer.Option("--status", help="outstanding, completed or not_completed.")
    ],
    note: Annotated[
        str | None,
        typer.Option(
            "--note",
            help="What was done (needed for progress on an outstanding one), the evidence, "
            "or why not.",
        ),
    ] = None,
    on: On = None,
    as_: As = None,
) -> None:
    """Record a step on the Ombudsman's recommendation N (--on: the day it changed)."""
    from cases.enums import RecommendationStatus
    from casework import ombudsman
    from store.cases.lgsco import recommendations_of

    chosen = choice(status, RecommendationStatus, option="--status")
    if note is not None and len(note) > ombudsman.NOTE_MAX:
        raise fail(f"--note: at most {ombudsman.NOTE_MAX:,} characters (this is {len(note):,})")

    def act(a: Act) -> str:
        listed = recommendations_of(a.session, case=a.case)
        if not 1 <= number <= len(listed):
            raise fail(
                not_on_the_list(a.case.reference, "Ombudsman recommendation", number, len(listed))
            )
        a.service.event_date(a.case, a.on, today=a.today, what="--on")
        ombudsman.update_recommendation(
            a.service,
            a.session,
            case=a.case,
            recommendation_id=listed[number - 1].id or 0,
            status=chosen,
            on=a.on,
            actor=a.actor,
            note=note,
        )
        return f"{state(a.case)}; recommendation {number} {chosen.label.lower()} {long_date(a.on)}"

    run(ctx, on, as_, act)


@app.command("advocate", cls=OneLineCommand)
def advocate(
    ctx: typer.Context,
    name: Annotated[str, typer.Option("--name", help="The advocate's name.")],
    email: Annotated[
        str | None, typer.Option("--email", help="Where copies of letters go (with consent).")
    ] = None,
    consent_to_copy: Annotated[
        bool,
        typer.Option(
            "--consent-to-copy",
            help="The complainant agreed that the advocate gets a copy of every letter.",
        ),
    ] = False,
    as_: As = None,
) -> None:
    """Record the complainant's advocate; with --consent-to-copy every letter is copied to them."""
    from casework import records
    from casework.advocate_rules import advocate_problems

    problems = advocate_problems(name, email, consent_to_copy=consent_to_copy)
    if problems:  # before any work, in casework's words, each after the option that fixes it
        raise fail("; ".join(f"--{field}: {text[0].lower()}{text[1:]}"
                             for field, text in problems.items()))  # fmt: skip

    def act(a: Act) -> str:
        records.record_advocate(
            a.service,
            a.session,
            case=a.case,
            name=name,
            email=email,
            consent_to_copy=consent_to_copy,
            actor=a.actor,
            today=a.today,
        )
        copied = "; letters copied to them" if consent_to_copy else ""
        return f"{state(a.case)}; advocate {name.strip()}{copied}"

    run(ctx, None, as_, act)
