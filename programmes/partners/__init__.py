"""Partner institutions and their yearly participation records."""
