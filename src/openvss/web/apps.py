from django.apps import AppConfig


class WebConfig(AppConfig):
    """The app shell: base layout, design-system components, home pages, error pages, PWA."""

    name = "openvss.web"
    label = "web"

    def ready(self):
        from django.core import checks

        from .checks import demo_tools_off_in_production

        checks.register(demo_tools_off_in_production)
