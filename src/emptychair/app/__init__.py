"""Use cases: what a command or the meeting asks for, put together from core/ (what things mean)
and files/ (disk and outside programs). Nothing here draws, prompts or parses a command line: it
hands back data and messages, and the caller shows them."""
