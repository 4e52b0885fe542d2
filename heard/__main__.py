"""`python -m heard …` is the same as the `heard` command."""

from heard.cli import main

main()
