"""Everything heard sends: composed email, Slack posts and updates, and the outbox workers."""
