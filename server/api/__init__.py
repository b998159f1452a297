"""The JSON API: station enrolment and sync, the courier API.
"""
