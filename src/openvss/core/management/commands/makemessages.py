from django.core.management.commands import makemessages


class Command(makemessages.Command):
    # domain/ marks its Vietnamese messages with N_ (it may not import Django's gettext).
    xgettext_options = [*makemessages.Command.xgettext_options, "--keyword=N_"]
