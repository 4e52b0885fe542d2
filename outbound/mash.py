"""The safeguarding referral: a concern goes to the MASH (the council's multi-agency
safeguarding hub) at once, out of hours too, by email and in Slack if a channel is set."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session

from outbound.messenger import Messenger
from store import audit
from store.models import Case


@dataclass(frozen=True)
class MashReferral:
    messenger: Messenger
    email: str  # HEARD_MASH_EMAIL
    slack_channel: str | None = None  # HEARD_MASH_SLACK_CHANNEL

    def refer(self, session: Session, *, case: Case, actor: str, now: datetime) -> None:
        """Queue the referral in the caller's transaction and audit it.

        The referral carries the reference and a pointer to the case, not the message text: the
        MASH reads it in heard, so the disclosure is not copied into more mailboxes than needed.
        """
        self.messenger.email(
            session,
            to=self.email,
            subject=f"Safeguarding referral from complaints: {case.reference}",
            text=(
                f"A message received by the complaints service at "
                f"{case.received_at.isoformat()} contains words that suggest a child may be at "
                f"risk.\n\nReference: {case.reference}\n"
                f"Read it with: heard cases show {case.reference}\n"
            ),
            dedupe_key=f"mash-email:{case.id}",
            now=now,
            case_id=case.id,
        )
        if self.slack_channel:
            self.messenger.slack(
                session,
                channel=self.slack_channel,
                text=(
                    f":rotating_light: Safeguarding referral {case.reference}: a complaint "
                    "contains words suggesting a child may be at risk."
                ),
                dedupe_key=f"mash-slack:{case.id}",
                now=now,
                case_id=case.id,
            )
        audit.record(
            session,
            case_id=case.id,
            actor=actor,
            action="mash_referral",
            at=now,
            after={"mash_email": self.email, "mash_slack": bool(self.slack_channel)},
        )
