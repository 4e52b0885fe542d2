"""How one heard process runs its parts (runtime/components.py): each part a component with
start and stop, started in order and stopped in reverse, SIGTERM and SIGINT stopping them,
SIGHUP handed to the root to reload the rule file. It imports none of our packages but
telemetry/ (to ask a part's service whether it answers, for the start-up banner)."""
