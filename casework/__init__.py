"""What staff and the system do to a case, one module per use case or family: receive,
triage, acknowledge, assign, extend, respond, escalate, pause, the Ombudsman, learning,
withdraw, close. Slack, the CLI, the scheduler, intake and the web view call these same
functions; each checks the procedure's rules (cases/) and changes rows through store/, and
every change is audited and heard by the listeners (casework/service.py)."""
