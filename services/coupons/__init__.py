"""Coupons and promotions: the pricing engine (pricing/), coupon rules, claiming at the counter,
administration and CSV import, promoted products and the self-service kiosk's rules.
"""
