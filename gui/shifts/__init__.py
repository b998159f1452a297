"""Shifts: open with a float, cash in and out, X and Z reports (services/shifts)."""
