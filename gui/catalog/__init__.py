"""Products (administrators): the catalogue, its prices, quick keys and CSV files."""
