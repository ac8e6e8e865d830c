"""A worked breakdown (domain/breakdown.py) ready for a page or an API answer, its labels
translated into the current language."""

from django.utils.translation import gettext


def breakdown_display(breakdown) -> dict:
    """``{"total", "facts", "steps": [{"label", "formula", "amount", "cite"}]}``."""
    data = breakdown.as_dict()
    data["steps"] = [
        {
            **shown,
            "label": gettext(step.label) % step.params if step.params else gettext(step.label),
        }
        for shown, step in zip(data["steps"], breakdown.steps, strict=True)
    ]
    return data
