"""Sets of record kinds and statuses that several parts test against, defined once here."""

from __future__ import annotations

from cases.enums import CaseStatus, RecordKind

# Complaints of every kind: a procedure applies, they are acknowledged and their deadlines run.
COMPLAINT_KINDS = frozenset(
    {RecordKind.COMPLAINT, RecordKind.PRE_COMPLAINT, RecordKind.PROFESSIONAL_COMPLAINT}
)
# Recorded and answered, but no complaints procedure and so no stages.
STAGELESS_KINDS = frozenset(
    {RecordKind.COMPLIMENT, RecordKind.COMMENT, RecordKind.ENQUIRY, RecordKind.LGSCO_ENQUIRY}
)
# Cases not finished with: still chased, listed as someone's open work. A tuple, so it can be
# handed to SQL `IN` as it is.
LIVE_STATUSES = (CaseStatus.RECEIVED, CaseStatus.OPEN, CaseStatus.RESPONDED)
