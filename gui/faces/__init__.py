"""Faces: the pickup check page and the enrolment dialog, with their recognition worker.
"""
