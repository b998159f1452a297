"""The desk's side of sync with the server: push the outbox, pull the feed, apply its topics.
"""
