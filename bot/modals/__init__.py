"""One module per modal: the view, the parsing and validation of what staff submit, the button
that opens it and the listener for its submission."""
