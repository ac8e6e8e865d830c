"""Errors raised by domain parsers: a stable code, a Vietnamese message and the field."""


def N_(message: str) -> str:
    """Mark a message for translation without translating it here (gettext_noop)."""
    return message


class DomainError(ValueError):
    """Input that breaks a rule of the domain. ``message`` is a Vietnamese msgid."""

    def __init__(self, message: str, *, code: str = "invalid", field: str | None = None):
        super().__init__(message)
        self.message = message
        self.code = code
        self.field = field

    def __repr__(self) -> str:  # pragma: no cover - debugging aid
        return f"DomainError({self.code!r}, {self.message!r}, field={self.field!r})"
