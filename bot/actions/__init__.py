"""Buttons and menus on cards and chasers, one module per kind of interaction."""
