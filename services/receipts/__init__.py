"""Receipts and parcel labels: layout on a roll, a print queue that never loses one, print-test."""
