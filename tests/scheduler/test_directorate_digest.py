"""One digest per directorate to its director, and the whole council's to HEARD_DIGEST_TO
(issue 23 item 3): each director's email, read from the SMTP capture server, lists only the
cases with an issue for one of their directorate's teams."""

from __future__ import annotations

from datetime import UTC, datetime
from email import message_from_bytes
from email.policy import default

import pytest

from cases.actor import Actor, Via
from casework.acknowledgement import acknowledge
from heard.context import AppContext
from heard.wiring import build_case_service, messenger, smarthost
from outbound.mailer import OutboxMailer
from scheduler.digest_send import send_digests
from store.db import session_scope
from tests.mailsink import MailSink
from tests.scheduler.conftest import clock_of
from tests.scheduler.test_digest import case, received

THURSDAY_7AM = datetime(2026, 4, 9, 7, 0, tzinfo=UTC)


async def test_each_director_gets_their_directorates_cases(
    app: AppContext, mail_sink: MailSink
) -> None:
    refs: list[str] = []
    fostering = case(app, received(16), "fostering", ref=refs)
    send_team = case(app, received(24), "send", ref=refs)
    both = case(app, received(25), "fostering", "early_help", ref=refs)
    service = build_case_service(app)
    with session_scope(app.engine) as session:
        for row in (fostering, send_team, both):
            session.add(row)
            acknowledge(
                service, session, case=row, actor=Actor.staff(Via.CLI, "t"), now=received(26)
            )
    settings = app.settings.model_copy(
        update={"digest_to": ["council@council.example"], "smarthost_port": mail_sink.port}
    )

    def send() -> int:
        return send_digests(
            app.engine, messenger=messenger(settings), organisation=app.organisation,
            calendar=app.calendar, now=THURSDAY_7AM, recipients=settings.digest_to,
            council_name=settings.council_name,
        )  # fmt: skip

    assert send() == 3 and send() == 0  # the council's, and one for each director; once a week
    clock_of(app).set(THURSDAY_7AM)
    mailer = OutboxMailer(
        engine=app.engine, smarthost=smarthost(settings), clock=app.clock, worker="t"
    )
    while await mailer.drain_once():
        pass
    texts: dict[str, tuple[str, str]] = {}
    for captured in mail_sink.messages:
        message = message_from_bytes(captured.data, policy=default)
        body = message.get_body(("plain",))
        assert body is not None
        texts[captured.recipients[0]] = (str(message["Subject"]), body.get_content())
    council, social_care, education = (
        texts["council@council.example"],
        texts["dcs@heard.localhost"],
        texts["education.director@heard.localhost"],
    )
    assert council[0].startswith("Complaints digest, week of")
    assert all(ref in council[1] for ref in refs)
    assert social_care[0].startswith("Complaints digest for Children's Social Care, week of")
    assert refs[0] in social_care[1] and refs[2] in social_care[1]
    assert refs[1] not in social_care[1]
    assert education[0].startswith("Complaints digest for Early Help and Education, week of")
    assert refs[1] in education[1] and refs[2] in education[1]
    assert refs[0] not in education[1]


def test_a_directors_digest_can_be_previewed(
    app: AppContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`heard digest preview --directorate ID` prints the digest that director gets; an id the
    rule file does not have is refused in one line naming the ones it has."""
    from typer.testing import CliRunner

    from cli.main import app as cli

    refs: list[str] = []
    case(app, received(16), "fostering", ref=refs)
    case(app, received(24), "send", ref=refs)
    monkeypatch.setenv("HEARD_DATABASE_URL", app.settings.database_url)
    runner = CliRunner()
    preview = ["digest", "preview", "--as-of", "2026-04-09"]
    result = runner.invoke(cli, [*preview, "--directorate", "early_help_and_education"])
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("Complaints digest for Early Help and Education, week of")
    assert refs[1] in result.stdout and refs[0] not in result.stdout
    council = runner.invoke(cli, preview)
    assert refs[0] in council.stdout and refs[1] in council.stdout
    wrong = runner.invoke(cli, [*preview, "--directorate", "education"])
    assert wrong.exit_code == 2 and "Traceback" not in wrong.stderr
    assert wrong.stderr.startswith("heard: --directorate: no directorate 'education'"), wrong.stderr
    assert wrong.stderr.count("\n") == 1, wrong.stderr
    assert "childrens_social_care, early_help_and_education" in wrong.stderr
    html = runner.invoke(cli, [*preview, "--directorate", "early_help_and_education", "--html"])
    assert "<h1" in html.stdout and "Complaints digest for Early Help and Education" in html.stdout
