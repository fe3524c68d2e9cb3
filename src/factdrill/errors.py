"""Domain errors. The CLI turns each into one line on stderr and a non-zero exit."""


class FactdrillError(Exception):
    """Base of every error a user can cause; its message says what to do."""

    exit_code = 1


class DeckError(FactdrillError):
    """A deck could not be loaded; ``problems`` lists every finding."""

    def __init__(self, problems):
        self.problems = list(problems)
        first = str(self.problems[0]) if self.problems else "invalid deck"
        more = len([p for p in self.problems if p.severity == "error"]) - 1
        tail = f" ({more} more; run 'factdrill check' for all)" if more > 0 else ""
        super().__init__(first + tail)


class StoreError(FactdrillError):
    """The review store cannot be used (damaged, foreign, locked, read-only)."""


class UsageProblem(FactdrillError):
    """Bad option values or combinations (exit code 2, like click's)."""

    exit_code = 2


class ExportError(FactdrillError):
    """An output cannot be written (bad output path, unreadable old export...)."""
