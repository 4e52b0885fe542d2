"""Slack action ids on chaser messages, routed by the Slack app (bot/)."""

OPEN_CASE = "chaser_open_case"
ACKNOWLEDGE = "chaser_acknowledge"
SNOOZE = "chaser_snooze"
REASON_FOR_DELAY = "chaser_reason_for_delay"
