"""GOV.UK Notify turns every line break in a message into a break on the page (its Markdown is
rendered with hard_wrap on, for emails, text messages and printed letters alike), so a letter
sent to Notify as heard's templates wrap it by hand for plain-text mail (about 92 characters)
reads with a short line after nearly every long one on a phone. Notify is given each paragraph
on one line; a line meant as a line of its own stays one (a sign-off, a list item, an indented
line, a table's row, anything short); heard's own copy of the letter keeps its wrapping."""

from __future__ import annotations

from heard.settings import Settings
from outbound.notify_layout import unwrapped
from testkit.notify_api import start_notify_stub
from tests.intake.conftest import running_intake
from tests.intake.test_intake_e2e import deliver, mail
from tests.mailsink import MailSink
from tests.outbound.test_transports import COMPLAINT, _mailer, _rows, through_notify

LETTER = """Dear Sam Parent,

Your reference: CSC-2026-000001

This is our stage 1 response to your complaint. We have looked into each of the points you
raised, and this is what we found and what we will do about it, point by point, as the
procedure asks.

What we found:

  1. Communication: Upheld
     Nobody returned your five calls in December. That was wrong, and we are sorry. The team
     manager has spoken to the worker and set up a duty line for calls that are missed.

  2. Staff conduct/attitude: Not upheld

What we will do to put things right:
  - An apology
  - Financial remedy of £150

This is the council's final response: our complaints procedure is now complete. If you are
still not happy, you can ask the Local Government and Social Care Ombudsman to look at your
complaint. The Ombudsman is free and independent.
  Website: https://www.lgo.org.uk
  Telephone: 0300 061 0614
You should normally contact the Ombudsman within 12 months of this letter.

Yours sincerely,

Complaints and Customer Relations
Example Borough Council"""


def test_each_paragraph_is_one_line_and_lines_of_their_own_stay() -> None:
    laid_out = unwrapped(LETTER).split("\n")
    assert (
        "This is our stage 1 response to your complaint. We have looked into each of the points "
        "you raised, and this is what we found and what we will do about it, point by point, as "
        "the procedure asks." in laid_out
    )
    assert (
        "     Nobody returned your five calls in December. That was wrong, and we are sorry. The "
        "team manager has spoken to the worker and set up a duty line for calls that are missed."
        in laid_out
    )
    for own_line in (
        "Dear Sam Parent,",
        "  1. Communication: Upheld",
        "  2. Staff conduct/attitude: Not upheld",
        "  - An apology",
        "  - Financial remedy of £150",
        "  Website: https://www.lgo.org.uk",
        "  Telephone: 0300 061 0614",
        "You should normally contact the Ombudsman within 12 months of this letter.",
        "Complaints and Customer Relations",
        "Example Borough Council",
    ):
        assert own_line in laid_out
    assert laid_out.count("") == LETTER.split("\n").count("")  # paragraphs as they were


def test_a_table_of_fixed_width_columns_keeps_its_rows() -> None:
    table = (
        "Team                                  Open  Overdue  Due this week  Paused\n"
        "Fostering                                3        1              0       0\n"
        "Total                                    3        1              0       0"
    )
    assert unwrapped(table) == table


def test_text_without_hand_wrapping_is_unchanged() -> None:
    for text in ("", "One line.", "Short\nlines\nstay", "A paragraph.\n\nAnother."):
        assert unwrapped(text) == text


async def test_the_acknowledgement_reaches_notify_a_paragraph_a_line(
    settings: Settings, database_url: str, mail_sink: MailSink
) -> None:
    stub, runner = await start_notify_stub()
    try:
        notify = through_notify(stub)
        async with running_intake(settings, database_url, mail_sink, **notify) as intake:
            await deliver(intake, mail(COMPLAINT))
            intake.settle()
            mailer = _mailer(intake, intake.context.settings)
            assert await mailer.drain_once() == 1
            await mailer.sender.close()
            (sent,) = stub.notifications
            body = sent.personalisation["body"]
            risk = "If a child is at immediate risk of harm, call 999."
            (line,) = [line for line in body.split("\n") if risk in line]
            assert line.endswith("0300 000 0000."), line  # the whole paragraph, one line
            assert max(map(len, body.split("\n"))) > 120
            (row,) = _rows(intake)
            kept = row.payload["message"]
            assert max(map(len, kept.replace("\r\n", "\n").split("\n"))) <= 100  # heard's copy
    finally:
        await runner.cleanup()
