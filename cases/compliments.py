"""Who sent a compliment, in the groups every seed's compliments table counts."""

from __future__ import annotations

from cases.enums import ComplainantType, ComplimentSource

_SOURCES: dict[str, ComplimentSource] = {
    ComplainantType.CHILD_IN_NEED: ComplimentSource.SERVICE_USER,
    ComplainantType.LOOKED_AFTER_CHILD: ComplimentSource.SERVICE_USER,
    ComplainantType.CARE_LEAVER: ComplimentSource.SERVICE_USER,
    ComplainantType.ADOPTED_PERSON: ComplimentSource.SERVICE_USER,
    ComplainantType.PARENT: ComplimentSource.PARENT,
    ComplainantType.PARENTAL_RESPONSIBILITY: ComplimentSource.PARENT,
    ComplainantType.ADOPTIVE_OR_BIRTH_PARENT: ComplimentSource.PARENT,
    ComplainantType.FOSTER_CARER: ComplimentSource.CARER,
    ComplainantType.SPECIAL_GUARDIAN: ComplimentSource.CARER,
    ComplainantType.PROFESSIONAL: ComplimentSource.PROFESSIONAL,
}


def compliment_source(complainant_type: str) -> ComplimentSource:
    """`complainant_type` is an id from the rule file's list: a council's own ids count as
    other."""
    return _SOURCES.get(complainant_type, ComplimentSource.OTHER)
