"""The customer-facing second window and the snapshots the till publishes to it.
"""
