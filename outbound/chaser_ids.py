"""Slack action ids of the buttons on chaser messages: scheduler/ puts them on the message and
bot/ routes the clicks, so they live here where both may import them."""

OPEN_CASE = "chaser_open_case"
ACKNOWLEDGE = "chaser_acknowledge"
SNOOZE = "chaser_snooze"
REASON_FOR_DELAY = "chaser_reason_for_delay"
READ_CASE = "chaser_read_case"  # opens the case's messages (View details): a staff read
