"""publish layer (see DESIGN.md)."""
