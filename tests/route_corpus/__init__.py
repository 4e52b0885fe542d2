"""Cases rebuilt from the Ombudsman's decision statements, labelled with the route the council
should have taken: a dev part to work on and a sealed part kept for measuring (README.md)."""
