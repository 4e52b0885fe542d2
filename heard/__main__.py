"""`python -m heard …` is the same as the `heard` command."""

from cli.main import main

main()
