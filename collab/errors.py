"""The one domain error type. Views and the API turn it into a form error or a 400."""


class RuleViolation(Exception):
    """A business rule refused an action. `message` is user-facing and translated."""

    def __init__(self, message, *, code: str = "rule_violation", field: str | None = None):
        super().__init__(message)
        self.message = message
        self.code = code
        self.field = field
