"""The sections of the annual report, one module each, in the order a councillor reads them:
the summary first, then the body, then the appendices (case lists, learning, examples,
definitions). Each module's `section(builder)` returns its Section."""
