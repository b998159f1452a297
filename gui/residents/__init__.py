"""The resident directory and the resident picker other workflows use.
"""
