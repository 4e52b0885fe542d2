"""Every staff action of the CLI and Slack as a web form, over the same use cases."""
