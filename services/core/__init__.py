"""The small core every feature uses: money in fen, errors, settings, the audit journal and outbox,
masking, operator login and PINs, paths, logging, and the plain records of operators and the database.

Imports nothing from the feature packages.
"""
