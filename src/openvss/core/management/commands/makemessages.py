from django.core.management.commands import makemessages


class Command(makemessages.Command):
    # domain/ marks its Vietnamese messages with N_ (it may not import Django's gettext).
    xgettext_options = [*makemessages.Command.xgettext_options, "--keyword=N_"]

    def handle(self, *args, **options):
        if options.get("domain") == "djangojs":
            # Scripts may alias Django's JavaScript gettext as t (static/js/card.js does).
            self.xgettext_options = [*self.xgettext_options, "--keyword=t"]
        super().handle(*args, **options)
