"""Pay-for-another at the desk: send a basket as an order someone else pays for, follow it."""
