"""The emptychair commands, one module per room: meeting, actions, review."""
