"""What every page form does with a service's refusal (``openvss.errors.OpenvssError``)."""

from openvss.errors import OpenvssError


def service_error_show(form, error: OpenvssError) -> None:
    """Show a service error beside the fields it names (unless the field already shows an
    error of its own), or at the top of the form when it names none of the form's fields."""
    placed = False
    for field, field_messages in error.fields.items():
        if field in form.fields:
            placed = True
            if field not in form.errors:
                for message in field_messages:
                    form.add_error(field, message)
    if not placed:
        form.add_error(None, error.message)
