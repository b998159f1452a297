"""Delivering messages: notify topics, quiet hours and opt-out, channels, the courier partners' signed
calls, workers and the processes they run in."""
