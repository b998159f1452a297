"""Orders: past sales, search and refunds.
"""
