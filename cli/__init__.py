"""The command line (`heard …`): an adapter that reads arguments, calls the use cases and prints
one line per result or refusal. One module per command group; cli/main.py registers them."""
