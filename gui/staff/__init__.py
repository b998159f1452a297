"""Operators (administrators): add, roles, PINs, withdrawing."""
