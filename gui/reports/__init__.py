"""Reports: charts of sales, coupons, parcels and face pickups over a date range, with PDF and CSV export."""
