"""quality layer (see DESIGN.md)."""
