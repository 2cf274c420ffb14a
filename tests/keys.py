"""The keys a person presses, as the terminal sends them: one name each, for every test."""

ENTER = "\r"
DOWN = "\x1b[B"
UP = "\x1b[A"
TAB = "\t"
SPACE = " "
CTRL_C = "\x03"
CTRL_D = "\x04"
