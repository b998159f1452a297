"""The demo shop and compound: deterministic data so every page has something to show.
"""
