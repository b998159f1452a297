"""Receipt and label printers: tickets laid out on the printer's grid, ESC/POS, PDF of the roll."""
