"""A proposal triage is unsure of says so on the card in the triage channel, goes to the triage
queue rather than to a guessed team, and the line goes when staff confirm triage."""

from __future__ import annotations

from sqlmodel import select

from bot import ids
from store.db import session_scope
from store.models import Issue
from tests.bot.clicking import card, click, eventually, pushed_view
from tests.bot.conftest import Slack
from tests.bot.test_app import submission
from tests.bot.test_change_triage import chosen, typed
from tests.bot.test_mash import mail_in

UNSURE = (
    b"From: A Parent <parent@example.org>\r\nTo: complaints@heard.localhost\r\n"
    b"Subject: my daughter\r\nMessage-ID: <unsure1@example.org>\r\n\r\n"
    b"Hello, I am writing about my daughter. Please can someone help.\r\n"
)


async def test_an_unsure_proposal_is_shown_in_the_triage_channel_until_confirmed(
    slack: Slack,
) -> None:
    reference = await mail_in(slack, UNSURE)
    posts = [post for post in slack.api.received("chat.postMessage") if post.get("blocks")]
    assert [post["channel"] for post in posts] == ["CTRIAGE"]
    shown = str(await card(slack, reference))
    assert "Triage is unsure:" in shown and "no category matched" in shown
    with session_scope(slack.context.engine) as session:
        case_id = slack.case(reference).id
        teams = session.exec(select(Issue.team_id).where(Issue.case_id == case_id)).all()
    assert teams == [slack.context.organisation.triage_team.id]  # the triage queue, not a guess

    await click(slack, await card(slack, reference), ids.CONFIRM_TRIAGE)
    await eventually(lambda: slack.case(reference).triage_confirmed_at is not None)
    assert "Triage is unsure" not in str(await card(slack, reference))


async def test_no_category_matched_goes_from_the_card_once_staff_set_the_categories(
    slack: Slack,
) -> None:
    """Change triage giving the case its categories: the card no longer gives 'no category
    matched' as a doubt or as the reason for issues staff have replaced (the stored decision
    keeps it)."""
    reference = await mail_in(slack, UNSURE)
    assert "no category matched" in str(await card(slack, reference))
    case = slack.case(reference)
    values = {
        "kind": chosen("complaint"),
        "route": chosen(case.route.value),
        "complainant": chosen(str(case.complainant_type)),
        "issues": typed("communication:children_in_care"),
        "why": typed("About her social worker's calls"),
    }
    saved = await slack.post(submission(ids.CHANGE_TRIAGE_VIEW, reference, values))
    assert pushed_view(await saved.text()) is None  # its first letter went as it came: no preview
    await eventually(lambda: slack.case(reference).triage_confirmed_at is not None, timeout=30)
    shown = str(await card(slack, reference))
    assert "no category matched" not in shown and "Triage is unsure" not in shown
    assert "no category matched" in str(slack.case(reference).triage_decision)
