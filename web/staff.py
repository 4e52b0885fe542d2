"""Who is signed in and what their roles let them see.

Roles are read from the organisation on every request (by email, see org/'s
Organisation.roles_for_email), so a person removed from `roles:` loses access at their next
click, not at their next sign-in.
Someone signed in with no role sees no case.
"""

from __future__ import annotations

from dataclasses import dataclass

from starlette.requests import Request

from cases.actor import Actor, Via
from cases.enums import Role
from web.deps import WebDeps
from web.sessions import state_of


@dataclass(frozen=True)
class Staff:
    email: str
    roles: frozenset[Role]

    @property
    def actor(self) -> Actor:
        """Who they are to the casework functions and the audit log."""
        return Actor.staff(Via.WEB, self.email)

    @property
    def may_read_cases(self) -> bool:
        return bool(self.roles)


def signed_in(request: Request, deps: WebDeps) -> Staff | None:
    email = state_of(request).email
    if email is None:
        return None
    return Staff(email=email, roles=deps.roles_of(email))
