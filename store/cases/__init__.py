"""A case: its service (every change, audited), its staff actions and its read queries."""
