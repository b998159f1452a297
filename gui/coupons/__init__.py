"""Coupon administration: the template list and editor, CSV import.
"""
