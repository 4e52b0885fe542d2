"""Stand-ins shared by tests/ and bench/ (so bench/ never imports tests/): a local HTTP server
that plays Slack's Web API, signing requests as Slack does, and a rule file with test roles."""
