"""The property desk's parcel workflows (store, pickup, recall) and their widgets.

Flows are QObjects that run the blocking locker operations on the TaskRunner's
workers and report back with signals; pages and other engineers' pages (the face
pickup check) drive them. See ``pickup_flow.PickupFlow`` for the reusable pickup.
"""
