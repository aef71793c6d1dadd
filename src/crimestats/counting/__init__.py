"""counting layer (see DESIGN.md)."""
