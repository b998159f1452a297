"""The till: basket, scans, coupon panel, promoted products, checkout and receipts.
"""
