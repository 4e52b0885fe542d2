"""One module per `heard` command group; heard/cli.py only registers them."""
