"""Mail no person wrote: auto-replies, lists, bounces (pure, table-driven)."""
