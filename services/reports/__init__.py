"""Reports for owners and the property desk: sales, coupons, parcels, face pickups (pure SQL aggregation)."""
