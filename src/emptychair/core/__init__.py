"""The meeting and its record as plain data: no disk, no terminal, no prompts (a test enforces it)."""
