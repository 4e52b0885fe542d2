"""The director digest on a small dataset whose figures are known by hand, on both databases:
the summary table per team, working days overdue across the Easter bank holidays, the day a
digest is built for (`--as-of`), the email a director receives (through the outbox and real
SMTP), and that a fresh install sends no digest at all."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from email import message_from_bytes
from email.message import EmailMessage
from email.policy import default
from html.parser import HTMLParser
from pathlib import Path

import pytest
from sqlmodel import select

from cases.actor import Actor, Via
from cases.enums import (
    Channel,
    ComplainantType,
    DeadlineRule,
    IssueCategory,
    OutboxKind,
    Outcome,
    PauseReason,
    RecordKind,
    Route,
    StageKind,
)
from cases.triage_result import IssueProposal, TriageResult
from casework.closing import withdraw
from casework.extension import extend
from casework.pauses import pause
from casework.receiving import create
from casework.response import ResponseInput, record_response
from casework.triage import apply_triage
from heard.context import AppContext
from heard.wiring import build_case_service, build_scheduler, messenger, smarthost
from outbound.mailer import OutboxMailer
from scheduler.digest import CaseLine, Digest, TeamRow, WeekFigure, build_digest
from scheduler.digest_send import preview, render, send_digests, slack_blocks
from store.db import session_scope
from store.digest import open_deadlines
from store.models import Case, OutboxMessage
from tests.mailsink import MailSink
from tests.outcome_letters import findings_for, remedies_for
from tests.reports.accessibility import axe_violations
from tests.scheduler.conftest import clock_of

AS_OF = date(2026, 4, 7)  # Tuesday after Easter: Good Friday 3 and Easter Monday 6 April
MONDAY_8AM = datetime(2026, 4, 6, 7, 0, tzinfo=UTC)  # 08:00 in London (BST)
ISO_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")
ENUM_NAMES = {*(kind.value for kind in StageKind), *(rule.value for rule in DeadlineRule)}


def received(day: int, month: int = 3) -> datetime:
    return datetime(2026, month, day, 10, 0, tzinfo=UTC)


def case(app: AppContext, at: datetime, *teams: str, ref: list[str]) -> Case:
    service = build_case_service(app)
    with session_scope(app.engine) as session:
        new = create(service, session,
            record_kind=RecordKind.COMPLAINT,
            channel=Channel.EMAIL,
            received_at=at,
            actor=Actor.staff(Via.CLI, "test"),
        )
        apply_triage(service, session,
            case=new,
            actor=Actor.staff(Via.CLI, "test"),
            result=TriageResult(
                record_kind=RecordKind.COMPLAINT,
                route=Route.STATUTORY,
                complainant_type=ComplainantType.PARENT,
                issues=tuple(IssueProposal(IssueCategory.COMMUNICATION, team) for team in teams),
            ),
        )
        ref.append(new.reference)
        return new


@pytest.fixture
def dataset(app: AppContext) -> list[str]:
    """A: fostering, due 30 March, overdue. B: adoption, due Thursday 9 April. C: fostering and
    children in care, due 21 April. D: adoption, overdue on 7 April but answered 8 April.
    E: fostering, paused 1 April. F: adoption, received 8 April (after the day)."""
    refs: list[str] = []
    case(app, received(16), "fostering", ref=refs)  # A
    case(app, received(24), "adoption", ref=refs)  # B
    case(app, received(7, 4), "fostering", "children_in_care", ref=refs)  # C
    d = case(app, received(16), "adoption", ref=refs)  # D
    e = case(app, received(23), "fostering", ref=refs)  # E
    case(app, received(8, 4), "adoption", ref=refs)  # F
    service = build_case_service(app)
    with session_scope(app.engine) as session:
        for row in (d, e):
            session.add(row)
        pause(
            service,
            session,
            case=e,
            reason=PauseReason.POLICE_INVESTIGATION,
            paused_on=date(2026, 4, 1),
            actor=Actor.staff(Via.CLI, "test"),
            today=date(2026, 4, 8),
        )
        record_response(
            service, session, case=d, actor=Actor.staff(Via.CLI, "test"), today=date(2026, 4, 8),
            response=ResponseInput(
                responded_on=date(2026, 4, 8), issue_outcomes={1: Outcome.UPHELD}
            , findings=findings_for({1: Outcome.UPHELD}),
            remedies=remedies_for({1: Outcome.UPHELD}),
            reason_for_delay="The social worker was on leave over Easter",
            delay_reason_for_complainant="the manager looking into it was away over Easter"),
        )  # fmt: skip
    return refs


def digest_on(app: AppContext, day: date, workspace_url: str | None = None) -> Digest:
    with app.engine.connect() as connection:
        return build_digest(
            connection,
            organisation=app.organisation,
            calendar=app.calendar,
            today=day,
            workspace_url=workspace_url,
        )


def table(digest: Digest) -> dict[str, tuple[int, int, int, int]]:
    rows = [*digest.rows, digest.total]
    return {row.team: (row.open, row.overdue, row.due_this_week, row.paused) for row in rows}


def test_summary_and_overdue_cases_as_they_stood_after_easter(
    app: AppContext, dataset: list[str]
) -> None:
    a, b, c, d, e, f = dataset
    digest = digest_on(app, AS_OF)
    #                        open, overdue, due this week, paused
    assert table(digest) == {
        "Fostering": (3, 1, 0, 1),
        "Children in Care": (1, 0, 0, 0),
        "Adoption": (2, 1, 1, 0),
        "Total": (5, 2, 1, 1),  # C counts once in the total
    }
    overdue = {line.reference: line for line in digest.overdue}
    assert list(overdue) == [a, d]  # D was answered on 8 April: not yet on the 7th
    # Due Monday 30 March; 31 March, 1, 2 and 7 April are working days (not 3 and 6 April).
    assert (overdue[a].teams, overdue[a].stage, overdue[a].when, overdue[a].detail) == (
        "Fostering",
        "Stage 1",
        "due Monday 30 March 2026",
        "4 working days overdue",
    )
    [due] = digest.due_this_week
    assert (due.reference, due.when, due.detail) == (
        b,
        "due Thursday 9 April 2026",
        "2 working days left",
    )
    [paused] = digest.paused
    assert (paused.reference, paused.when) == (e, "on hold since Wednesday 1 April 2026")
    # Acknowledgements are due 2 working days after receipt: C's on 9 April; E is paused.
    assert {line.reference for line in digest.acknowledgements_late} == {a, b, d}
    assert digest.headline == "5 open, 2 overdue."
    everywhere = [*digest.overdue, *digest.due_this_week, *digest.paused]
    everywhere += digest.acknowledgements_late
    assert f not in {line.reference for line in everywhere}  # received the next day
    assert c not in {line.reference for line in everywhere}  # open, due 21 April

    later = digest_on(app, date(2026, 4, 9))  # D answered, F received
    assert table(later)["Adoption"] == (2, 0, 1, 0)  # B due today, F
    assert d not in {line.reference for line in later.overdue}
    assert table(later)["Total"] == (5, 1, 1, 1)
    with app.engine.connect() as connection:  # nothing happened after: the fast query agrees
        assert open_deadlines(connection, date(2026, 4, 9), past=False) == open_deadlines(
            connection, date(2026, 4, 9)
        )


def test_preview_text_reads_in_plain_words(app: AppContext, dataset: list[str]) -> None:
    a = dataset[0]
    text = preview(
        app.engine, organisation=app.organisation, calendar=app.calendar, as_of=AS_OF,
        council_name="Example Borough Council",
    )  # fmt: skip
    assert text.startswith("Complaints digest, week of Monday 6 April 2026\n")
    assert f"- {a}, Fostering: Stage 1, due Monday 30 March 2026, 4 working days overdue." in text
    assert re.search(r"\nTotal +5 +2 +1 +1\n", text)
    assert "To open a case, search Slack for its reference" in text
    assert not ISO_DATE.search(text)
    assert not any(name in text for name in ENUM_NAMES)
    assert "Parent" not in text


def test_with_a_web_address_each_case_links_to_its_page_in_heard(
    app: AppContext, dataset: list[str]
) -> None:
    a = dataset[0]
    text = preview(
        app.engine, organisation=app.organisation, calendar=app.calendar, as_of=AS_OF,
        council_name="Example Borough Council", workspace_url="https://example-council.slack.com",
        case_pages_url="https://heard.example-council.gov.uk",
    )  # fmt: skip
    assert f"Case page: https://heard.example-council.gov.uk/cases/{a}" in text
    assert '"Case page" links open the case in heard' in text
    assert "slack.com/archives" not in text


def test_as_of_a_day_before_a_withdrawal_and_an_extension(app: AppContext) -> None:
    """Withdrawn on 8 April: open on the 7th. Extended on 27 March (agreed that day) from 30
    March to 14 April: due 30 March on the 26th, 14 April from the 27th."""
    refs: list[str] = []
    withdrawn = case(app, received(16), "fostering", ref=refs)
    extended = case(app, received(16), "adoption", ref=refs)
    service = build_case_service(app)
    with session_scope(app.engine) as session:
        session.add(withdrawn)
        session.add(extended)
        extend(
            service,
            session,
            case=extended,
            new_due=date(2026, 4, 14),
            reason="agreed",
            agreed_on=date(2026, 3, 27),
            actor=Actor.staff(Via.CLI, "test"),
            today=date(2026, 3, 27),
        )
        withdraw(
            service, session, case=withdrawn, actor=Actor.staff(Via.CLI, "test"), now=datetime(2026, 4, 8, 9, tzinfo=UTC)
        )  # fmt: skip

    def due(day: date) -> dict[tuple[str, str], date]:
        with app.engine.connect() as connection:
            return {(d.reference, d.rule): d.due_on for d in open_deadlines(connection, day)}

    a, b = refs
    assert due(date(2026, 3, 26))[(b, "statutory_1")] == date(2026, 3, 30)
    assert due(date(2026, 3, 27))[(b, "statutory_1")] == date(2026, 4, 14)
    assert due(AS_OF)[(a, "statutory_1")] == date(2026, 3, 30)
    assert (a, "acknowledgement") in due(AS_OF)  # never acknowledged before the withdrawal
    assert {ref for ref, _ in due(date(2026, 4, 8))} == {b}


def sample() -> Digest:
    line = CaseLine(
        "CSC-2026-000001", "Fostering; Front Door and MASH", "Stage 1", "due Monday 30 March 2026",
        "4 working days overdue", "https://example-council.slack.com/archives/C01/p1",
    )  # fmt: skip
    return Digest(
        as_of=AS_OF,
        today="Tuesday 7 April 2026",
        week="week of Monday 6 April 2026",
        rows=[TeamRow("Fostering", 1, 1, 0, 0), TeamRow("Front Door and MASH", 1, 1, 0, 0)],
        total=TeamRow("Total", 1, 1, 0, 0),
        overdue=[line],
        due_this_week=[line],
        paused=[line],
        escalated=[line],
        acknowledgements_late=[line],
        last_week="Monday 30 March 2026 to Sunday 5 April 2026",
        week_figures=[WeekFigure("Stage 1", 3, 2, "50%")],
        links_known=True,
    )


def test_html_passes_axe_with_no_violations(tmp_path: Path) -> None:
    _, html = render(sample(), council_name="Example Borough Council")
    page = tmp_path / "digest.html"
    page.write_text(html, encoding="utf-8")
    violations = axe_violations(page, tmp_path)
    assert violations == []  # none at all, not only no serious ones


class Page(HTMLParser):
    """Just enough of the HTML's structure to check it as a screen reader would meet it."""

    def __init__(self) -> None:
        super().__init__()
        self.lang: str | None = None
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "html":
            self.lang = dict(attrs).get("lang")
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def parse(html: str) -> Page:
    page = Page()
    page.feed(html)
    page.close()
    return page


async def test_the_email_a_director_receives(
    app: AppContext, dataset: list[str], mail_sink: MailSink
) -> None:
    settings = app.settings.model_copy(
        update={
            "digest_to": ["dcs@council.example", "U0DIRECTOR"],
            "slack_workspace_url": "https://example-council.slack.com",
            "smarthost_port": mail_sink.port,
        }
    )
    a = dataset[0]
    with session_scope(app.engine) as session:
        row = session.exec(select(Case).where(Case.reference == a)).one()
        row.slack_channel, row.slack_ts = "C0TRIAGE1", "1712345678.000100"
        session.add(row)
    sent = send_digests(
        app.engine, messenger=messenger(settings), organisation=app.organisation,
        calendar=app.calendar, now=datetime(2026, 4, 9, 7, 0, tzinfo=UTC),
        recipients=settings.digest_to, council_name=settings.council_name,
        workspace_url=settings.slack_workspace_url,
    )  # fmt: skip
    assert sent == 4  # one email, one Slack message; each directorate's to its director
    clock_of(app).set(datetime(2026, 4, 9, 7, 0, tzinfo=UTC))
    mailer = OutboxMailer(
        engine=app.engine, smarthost=smarthost(settings), clock=app.clock, worker="t"
    )
    while await mailer.drain_once():
        pass
    [captured] = [m for m in mail_sink.messages if m.recipients == ["dcs@council.example"]]
    message = message_from_bytes(captured.data, policy=default)
    assert isinstance(message, EmailMessage)
    assert message.get_content_type() == "multipart/alternative"
    assert (
        message["Subject"] == "Complaints digest, week of Monday 6 April 2026: 5 open, 1 overdue."
    )
    plain, html_part = message.get_body(("plain",)), message.get_body(("html",))
    assert plain is not None and html_part is not None
    text, html = plain.get_content(), html_part.get_content()
    link = "https://example-council.slack.com/archives/C0TRIAGE1/p1712345678000100"
    assert f"Case card: {link}" in text

    page = parse(html)
    assert page.lang == "en"
    tags = [tag for tag, _ in page.tags]
    assert "img" not in tags and "style" not in tags and "script" not in tags
    data_tables = [attrs for tag, attrs in page.tags if tag == "table" and "role" not in attrs]
    assert len(data_tables) == tags.count("caption") >= 3  # summary, overdue, due, …
    assert all(attrs.get("scope") in ("col", "row") for tag, attrs in page.tags if tag == "th")
    assert ("a", {"href": link, "style": "color: #1d70b8; text-decoration: underline;"}) in (
        page.tags
    )
    words = " ".join(" ".join(page.text).split())
    assert "Open complaints by team" in words and "6 working days overdue" in words
    assert "Stage 1, due Monday 30 March 2026" in words
    assert not ISO_DATE.search(html) and not ISO_DATE.search(text)
    assert not any(name in words for name in ENUM_NAMES)

    with session_scope(app.engine) as session:
        [slack] = session.exec(
            select(OutboxMessage).where(OutboxMessage.kind == OutboxKind.SLACK_POST)
        )
        assert slack.target == "U0DIRECTOR"


def test_sent_once_a_week_and_not_at_all_on_a_fresh_install(app: AppContext) -> None:
    from heard.serve import scheduler_component

    case(app, received(16), "fostering", ref=[])
    assert app.settings.digest_to == []  # the default: no example director is mailed
    assert build_scheduler(app).send_digests(MONDAY_8AM) == 0
    component = scheduler_component(app)
    assert not isinstance(component, str)
    assert "digest off until HEARD_DIGEST_TO names a director" in component.describe
    with session_scope(app.engine) as session:
        assert session.exec(select(OutboxMessage)).all() == []

    configured = app.settings.model_copy(update={"digest_to": ["dcs@council.example"]})

    def send() -> int:
        return send_digests(
            app.engine, messenger=messenger(configured), organisation=app.organisation,
            calendar=app.calendar, now=MONDAY_8AM, recipients=configured.digest_to,
            council_name="Example",
        )  # fmt: skip

    assert send() == 3 and send() == 0  # the council's, and each director's (two)


def test_slack_blocks_respect_the_section_limit() -> None:
    blocks = slack_blocks("\n\n".join(["x" * 2000] * 5 + ["y" * 7000]))
    assert all(len(block["text"]["text"]) <= 3000 for block in blocks)
    from slack_sdk.models.blocks import SectionBlock

    [table] = slack_blocks("Summary by team\nFostering      2\n\nTeam <!channel> & co")
    assert table["text"]["text"] == (
        "```Summary by team\nFostering      2```\n\nTeam &lt;!channel&gt; &amp; co"
    )  # the table in a fixed-width font; nothing becomes a mention
    for block in [*blocks, table]:
        SectionBlock(**{k: v for k, v in block.items() if k != "type"}).validate_json()


def test_cli_preview_and_its_wrong_input(settings, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from typer.testing import CliRunner

    from cli.main import app as cli

    runner = CliRunner()
    # A preview reads the database and creates none (d7ecee1): the council's is made first.
    assert runner.invoke(cli, ["db", "upgrade"]).exit_code == 0
    result = runner.invoke(cli, ["digest", "preview", "--as-of", "2026-03-23"])
    assert result.exit_code == 0, result.stderr
    assert "No complaints are open." in result.stdout
    assert "HEARD_DIGEST_TO" in result.stderr
    assert runner.invoke(cli, ["reminders", "list"]).stdout.strip() == "no pending reminders"
    html = runner.invoke(cli, ["digest", "preview", "--as-of", "2026-03-23", "--html"])
    assert html.stdout.startswith("<!DOCTYPE html>") and 'lang="en"' in html.stdout
    for wrong in ("soon", "2026-02-30", "2999-01-01"):
        bad = runner.invoke(cli, ["digest", "preview", "--as-of", wrong])
        assert bad.exit_code == 2 and "--as-of" in bad.stderr, wrong
    assert "Traceback" not in bad.stderr
    monkeypatch.setenv("HEARD_DIGEST_TO", "dcs@council.example,not an address")
    result = runner.invoke(cli, ["config", "check"])
    assert result.exit_code == 2 and result.stderr.startswith("HEARD_DIGEST_TO")
    monkeypatch.setenv("HEARD_DIGEST_TO", "dcs@council.example")
    monkeypatch.setenv("HEARD_SLACK_WORKSPACE_URL", "http://council.example")
    result = runner.invoke(cli, ["config", "check"])
    assert result.exit_code == 2 and result.stderr.startswith("HEARD_SLACK_WORKSPACE_URL")
    monkeypatch.setenv("HEARD_SLACK_WORKSPACE_URL", "https://council.slack.com/")
    monkeypatch.setenv("HEARD_DIGEST_CRON", "0 25 * * mon")
    result = runner.invoke(cli, ["config", "check"])
    assert result.exit_code == 2 and result.stderr.startswith("HEARD_DIGEST_CRON")


def test_missed_digest_is_detected_after_downtime(app: AppContext) -> None:
    """A service that has sent digests catches up the week's after downtime; the first start
    of a fresh install (no digest ever sent, here on a Sunday night) sends no backlog digest."""
    service = build_scheduler(app)
    assert not service.digest_missed(datetime(2026, 3, 22, 22, tzinfo=UTC))  # Sunday night
    assert not service.digest_missed(datetime(2026, 3, 23, 10, tzinfo=UTC))  # nothing sent yet
    configured = app.settings.model_copy(update={"digest_to": ["dcs@council.example"]})
    assert send_digests(
        app.engine,
        messenger=messenger(configured),
        organisation=app.organisation,
        calendar=app.calendar,
        now=datetime(2026, 3, 16, 8, 5, tzinfo=UTC),  # the Monday before
        recipients=configured.digest_to,
        council_name=configured.council_name,
    )
    assert service.digest_missed(datetime(2026, 3, 22, 22, tzinfo=UTC))  # that week's, missed
    assert service.digest_missed(datetime(2026, 3, 23, 10, tzinfo=UTC))  # Monday 10:00
    assert not service.digest_missed(datetime(2026, 3, 23, 7, tzinfo=UTC))  # before 08:00
