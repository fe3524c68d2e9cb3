"""Deck authoring: YAML loading and validation, the fact model, cloze markup, lints, scaffolds."""
