"""The basket and the checkout: quotes, payment, orders and refunds.
"""
