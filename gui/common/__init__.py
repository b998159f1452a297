"""Widgets and helpers every workflow uses: the task runner, translations and error texts,
messages, item models, the camera view and workers, the locker diagram, the page base class.
"""
