"""Residents' faces: consent, enrolment, the live gallery, the pickup check's decisions and
liveness challenges, passing-by reminders.
"""
