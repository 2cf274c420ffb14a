"""Everything that touches disk: the minutes folder, drafts, the lock, the read cache, shipped data."""
