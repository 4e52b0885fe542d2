"""Sets of record kinds and statuses that several parts test against, defined once here."""

from __future__ import annotations

from cases.enums import CaseStatus, RecordKind, Route

# Complaints of every kind: a procedure applies, they are acknowledged and their deadlines run.
COMPLAINT_KINDS = frozenset(
    {RecordKind.COMPLAINT, RecordKind.PRE_COMPLAINT, RecordKind.PROFESSIONAL_COMPLAINT}
)
# What staff may choose as an example for the annual report (the seeds print complaints and
# compliments).
EXAMPLE_KINDS = COMPLAINT_KINDS | {RecordKind.COMPLIMENT}
# Recorded and answered, but no complaints procedure and so no stages.
STAGELESS_KINDS = frozenset(
    {
        RecordKind.COMPLIMENT,
        RecordKind.COMMENT,
        RecordKind.ENQUIRY,
        RecordKind.LGSCO_ENQUIRY,
        RecordKind.SUBJECT_ACCESS_REQUEST,
        RecordKind.DATA_PROTECTION_COMPLAINT,
    }
)


def route_problem(kind: RecordKind, route: Route) -> str | None:
    """Why a staff correction may not give this kind of record this route, or None. Only a
    complaint follows a procedure (or is not logged); a compliment, comment or enquiry given
    the statutory route would show a route on its card but never get a stage or a deadline,
    and a complaint with no route would never be answered."""
    if kind in COMPLAINT_KINDS and route == Route.NONE:
        return "A complaint needs a route: statutory, corporate or not logged."
    if kind not in COMPLAINT_KINDS and route in (Route.STATUTORY, Route.CORPORATE):
        return f'A {kind.label.lower()} follows no complaints procedure: choose the route "None".'
    return None


# Cases not finished with: still chased, listed as someone's open work. A tuple, so it can be
# handed to SQL `IN` as it is.
LIVE_STATUSES = (CaseStatus.RECEIVED, CaseStatus.OPEN, CaseStatus.RESPONDED)
