"""The one domain error type. Views and the API turn it into form errors or a 400."""


class RuleViolation(Exception):
    """A business rule refused an action. Messages are user-facing and translated.

    `field` names the one input at fault; `errors` carries several at once
    ({field or None: [messages]}) when a whole form was checked.
    """

    def __init__(
        self,
        message="",
        *,
        code: str = "rule_violation",
        field: str | None = None,
        errors: dict | None = None,
    ):
        if errors and not message:
            message = next(iter(errors.values()))[0]
        super().__init__(message)
        self.message = message
        self.code = code
        self.field = field
        self.errors = errors or ({field: [message]} if field else {})


class FieldErrors:
    """Collects field errors while a service checks its input, then raises them together."""

    def __init__(self):
        self.errors: dict[str | None, list] = {}

    def add(self, field: str | None, message) -> None:
        self.errors.setdefault(field, []).append(message)

    def raise_if_any(self, code: str = "invalid") -> None:
        if self.errors:
            raise RuleViolation(errors=self.errors, code=code)
