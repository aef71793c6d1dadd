"""estimation layer (see DESIGN.md)."""
