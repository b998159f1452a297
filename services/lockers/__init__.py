"""Doors and parcels together: storing, releasing and reconciling through the lock board (blocking;
run on a worker).
"""
