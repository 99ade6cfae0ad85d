"""Search backends (self-contained; they import no other project code)."""
