"""Use cases: what a command does, as plain data in and out. No screen, no keys, no typer here."""
