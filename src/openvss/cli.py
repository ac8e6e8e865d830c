"""The ``openvss`` command: Django's manage.py with the project's settings.

``openvss demo | serve | worker | seed --people N | load_reference`` and every Django command
(``migrate``, ``createsuperuser``, ``check --deploy`` …).
"""

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "openvss.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["openvss", *(sys.argv[1:] if argv is None else argv)])


if __name__ == "__main__":
    main()
