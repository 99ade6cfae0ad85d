"""Staff exchanges between organisations, study visits, and the reports people write."""
