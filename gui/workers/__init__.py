"""QObject wrappers that run devices and long jobs off the GUI thread."""
