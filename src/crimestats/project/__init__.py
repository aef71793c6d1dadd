"""project layer (see DESIGN.md)."""
