"""The Group buys page: live shoppers, suggested and formed groups, and the group checkout."""
