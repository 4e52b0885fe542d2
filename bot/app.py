"""The bolt app: `build_app` registers one listener per interaction and nothing else.

Each listener lives in its own module (bot/actions/, bot/modals/, command, shortcut, home):
it acknowledges Slack at once, then does its work in a worker thread through store/ functions
(a form's Save, whose answer carries its errors or its letter, answers within bot/in_time.py's
budget, and a click's modal opens while its trigger is fresh, however long the database takes).
Signature verification stays on (bolt's default; bot/endpoint.py checks requests before bolt
too). Every change goes through the one case service, which writes the audit entry and queues
the card update and thread reply in the outbox; listeners themselves post only ephemeral
answers, DMs and modals.
"""

from __future__ import annotations

from slack_bolt.async_app import AsyncApp
from slack_bolt.authorization import AuthorizeResult
from slack_sdk.web.async_client import AsyncWebClient

from bot import command, home, ids, shortcut
from bot.actions import assign, chaser, lifecycle, more
from bot.deps import SlackDeps
from bot.groups import GroupMembership
from bot.identity import BotIdentity, web_client
from bot.kit import Kit, Listener
from bot.listener_faults import listener_failed
from bot.modals import (
    advocacy,
    attention,
    change_triage,
    close,
    complainant,
    details,
    escalate,
    event_date,
    extend,
    learning,
    letters_by,
    lgsco_decision,
    lgsco_received,
    log_contact,
    panel,
    pause,
    reason_for_delay,
    recommendation,
    reopen,
    respond,
    stage_three,
)
from outbound import chaser_ids


def build_app(
    deps: SlackDeps,
    *,
    client: AsyncWebClient | None = None,
    identity: BotIdentity | None = None,
) -> AsyncApp:
    client = client or web_client(deps.config)
    known = identity or BotIdentity(token=client.token or "")

    async def authorize(enterprise_id: str | None, team_id: str | None) -> AuthorizeResult:
        return known.result(enterprise_id, team_id)  # bolt passes arguments by name

    app = AsyncApp(
        client=AsyncWebClient(base_url=client.base_url, timeout=client.timeout),
        signing_secret=deps.config.signing_secret,
        authorize=authorize,
        ignoring_self_events_enabled=True,
    )
    granted_groups = frozenset(deps.organisation.role_groups)
    kit = Kit(deps=deps, membership=GroupMembership(client, wanted=granted_groups))

    # the case card
    for step in lifecycle.STEPS:
        clicked, sent = lifecycle.button(kit, step)
        if step == ids.CLOSE:  # a modal first while the complainant may still ask
            clicked = close.opener(kit, at_once=clicked)
        app.action(step)(clicked)
        app.view(lifecycle.preview_id(step))(sent)
    app.view(ids.CLOSE_VIEW)(close.submission(kit))
    app.action(ids.ASSIGN)(assign.menu(kit))
    app.action(ids.EXTEND)(extend.opener(kit))
    app.action(ids.RESPOND)(respond.opener(kit))
    # the dated steps: each opens a modal for the day it happened
    app.action(ids.ESCALATE)(escalate.opener(kit))
    _previewed(app, ids.ESCALATE_VIEW, ids.ESCALATE_PREVIEW_VIEW, escalate.submission(kit))
    for dated in (stage_three.PANEL_HELD, stage_three.CHAIR_REPORT, stage_three.LGSCO_REPLIED):
        app.action(dated.action_id)(stage_three.opener(kit, dated))
        _previewed(app, dated.view_id, dated.preview_id, stage_three.submission(kit, dated))
    app.action(ids.PANEL_ARRANGED)(panel.opener(kit))
    _previewed(app, ids.PANEL_ARRANGED_VIEW, ids.PANEL_ARRANGED_PREVIEW_VIEW, panel.submission(kit))
    app.action(ids.LGSCO_RECEIVED)(lgsco_received.opener(kit))
    app.view(ids.LGSCO_RECEIVED_VIEW)(lgsco_received.submission(kit))
    app.action(ids.CHANGE_TRIAGE)(change_triage.opener(kit))
    app.action(ids.VIEW_DETAILS)(details.opener(kit))
    app.action(ids.DETAILS_NEXT)(details.pager(kit))
    app.action(ids.DETAILS_PREVIOUS)(details.pager(kit))
    app.action(ids.RESUME)(pause.resume_opener(kit))
    app.action(ids.LGSCO_DECISION)(lgsco_decision.opener(kit))
    menu_items = {
        ids.PAUSE: pause.pause_opener(kit),
        ids.ADD_LEARNING: learning.add_opener(kit),
        ids.UPDATE_LEARNING: learning.update_opener(kit),
        ids.ADVOCACY: advocacy.opener(kit),
        ids.CLEAR_ATTENTION: attention.opener(kit),
    }
    app.action(ids.MORE)(more.menu(kit, menu_items))
    # chasers
    app.action(chaser_ids.ACKNOWLEDGE)(chaser.acknowledge(kit))
    app.action(chaser_ids.SNOOZE)(chaser.snooze(kit))
    app.action(chaser_ids.OPEN_CASE)(chaser.open_case(kit))
    app.action(chaser_ids.READ_CASE)(details.opener(kit))
    app.action(chaser_ids.REASON_FOR_DELAY)(reason_for_delay.opener(kit))
    # modal submissions
    _previewed(app, ids.EXTEND_VIEW, ids.EXTEND_PREVIEW_VIEW, extend.submission(kit))
    _previewed(app, ids.RESPOND_VIEW, ids.RESPOND_PREVIEW_VIEW, respond.submission(kit))
    _previewed(app, ids.CHANGE_TRIAGE_VIEW, ids.CHANGE_TRIAGE_PREVIEW_VIEW,
               change_triage.submission(kit))  # fmt: skip
    app.view(ids.REASON_FOR_DELAY_VIEW)(reason_for_delay.submission(kit))
    app.view(ids.LOG_CONTACT_VIEW)(log_contact.submission(kit))
    _previewed(app, ids.PAUSE_VIEW, ids.PAUSE_PREVIEW_VIEW, pause.pause_submission(kit))
    _previewed(app, ids.RESUME_VIEW, ids.RESUME_PREVIEW_VIEW, pause.resume_submission(kit))
    _previewed(app, ids.LGSCO_DECISION_VIEW, ids.LGSCO_DECISION_PREVIEW_VIEW,
               lgsco_decision.submission(kit))  # fmt: skip
    app.view(ids.ADD_LEARNING_VIEW)(learning.add_submission(kit))
    app.view(ids.UPDATE_LEARNING_VIEW)(learning.update_submission(kit))
    app.view(ids.ADVOCACY_VIEW)(advocacy.submission(kit))
    app.view(ids.CLEAR_ATTENTION_VIEW)(attention.submission(kit))
    app.action(ids.REOPEN)(reopen.opener(kit))
    app.view(ids.REOPEN_VIEW)(reopen.submission(kit))
    app.action(ids.UPDATE_RECOMMENDATION)(recommendation.opener(kit))
    app.view(ids.UPDATE_RECOMMENDATION_VIEW)(recommendation.submission(kit))
    app.action(ids.EVENT_DATE)(event_date.opener(kit))
    app.action(ids.LETTERS_BY)(letters_by.opener(kit))
    app.view(ids.LETTERS_BY_VIEW)(letters_by.submission(kit))
    app.action(ids.CORRECT_COMPLAINANT)(complainant.opener(kit))
    app.view(ids.CORRECT_COMPLAINANT_VIEW)(complainant.submission(kit))
    app.view(ids.EVENT_DATE_VIEW)(event_date.submission(kit))
    # the slash command, the shortcut, App Home
    app.command(ids.COMMAND)(command.slash_command(kit))
    app.shortcut(ids.LOG_CONTACT_SHORTCUT)(shortcut.log_contact(kit))
    app.event("app_home_opened")(home.app_home_opened(kit))
    app.error(listener_failed(kit))
    return app


def _previewed(
    app: AsyncApp, form_id: str, preview_id: str, listeners: tuple[Listener, Listener]
) -> None:
    """A form whose change writes to the complainant: its Save (which shows the letter) and
    the letter's Send (bot/modals/preview.py)."""
    saved, sent = listeners
    app.view(form_id)(saved)
    app.view(preview_id)(sent)
