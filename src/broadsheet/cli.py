"""The `broadsheet` command: Django's management commands plus our own.

`broadsheet serve`, `broadsheet demo` and `broadsheet createeditor` are ordinary
management commands living in the apps; this wrapper only points Django at our settings.
"""

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "broadsheet.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["broadsheet", *(argv if argv is not None else sys.argv[1:])])


if __name__ == "__main__":
    main()
