"""factdrill: spaced-repetition quiz and flashcard trainer for cited fact decks."""

__version__ = "0.1.0"
