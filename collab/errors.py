"""The domain errors. Pages turn them into form errors or messages, the API into one shape.

A service raises
- `RuleViolation` for input a rule refuses (API: 400, `code` says which rule),
- `Forbidden` when the caller may see the object but not do this to it (API: 403 `forbidden`),
- `InvalidState` when the object is not in a state that allows it (API: 409 `invalid_state`).
Objects the caller may not see never get this far: selectors answer 404 first.
"""


class RuleViolation(Exception):
    """A business rule refused an action. Messages are user-facing and translated.

    `field` names the one input at fault; `errors` carries several at once
    ({field or None: [messages]}) when a whole form was checked. `code` is a stable,
    machine-readable name of the rule.
    """

    status_code = 400
    default_code = "invalid"

    def __init__(
        self,
        message="",
        *,
        code: str | None = None,
        field: str | None = None,
        errors: dict | None = None,
    ):
        if errors and not message:
            message = next(iter(errors.values()))[0]
        super().__init__(message)
        self.message = message
        self.code = code or self.default_code
        self.field = field
        self.errors = errors or ({field: [message]} if field else {})

    @property
    def messages(self) -> list[str]:
        """Every message, the general one first: what a page shows above a form."""
        if not self.errors:
            return [str(self.message)]
        return [str(message) for messages in self.errors.values() for message in messages]


class Forbidden(RuleViolation):
    """The caller sees the object but their role does not allow this action."""

    status_code = 403
    default_code = "forbidden"


class InvalidState(RuleViolation):
    """The object's state does not allow this action now (closed, already decided, ...)."""

    status_code = 409
    default_code = "invalid_state"


class FieldErrors:
    """Collects field errors while a service checks its input, then raises them together."""

    def __init__(self):
        self.errors: dict[str | None, list] = {}

    def add(self, field: str | None, message) -> None:
        self.errors.setdefault(field, []).append(message)

    def raise_if_any(self, code: str = "invalid") -> None:
        if self.errors:
            raise RuleViolation(errors=self.errors, code=code)
