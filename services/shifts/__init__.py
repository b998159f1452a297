"""Till shifts: opening float, cash in/out, X and Z reports reconciled with the orders.

``service.ShiftService`` (needs SQLAlchemy) and ``types`` (plain records, imported by the
receipt layout on the GUI's start-up path) are imported from their modules, so that importing
the records never loads the database layer.
"""
