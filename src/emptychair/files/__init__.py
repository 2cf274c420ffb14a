"""Everything that touches disk: the minutes folder, drafts, the lock, the read model, shipped data."""
