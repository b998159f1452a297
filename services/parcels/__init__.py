"""Parcels at the property desk: intake, recipient, slot choice, store, pickup, recall, reminders,
the courier feed and reports. Door operations that need the lock board are in services/lockers.
"""
