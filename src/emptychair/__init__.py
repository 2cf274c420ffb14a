"""emptychair: run the weekly team meeting from a terminal, with the customer on an empty chair."""

__version__ = "0.1.0"
