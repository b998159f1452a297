"""Staff: the operators of a desk (add, roles, PINs, withdrawing) and manager approvals."""
