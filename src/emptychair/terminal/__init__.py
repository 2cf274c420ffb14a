"""The screen and the keys: the meeting's prompts, panels and views, and the signals that stop them."""
