"""The self-service coupon kiosk: `uv run main.py kiosk` (docs/kiosk.md)."""
