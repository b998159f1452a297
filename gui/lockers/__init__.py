"""The Lockers page: banks on the site plan, every door of every board live, opening by hand.
"""
