from django.apps import AppConfig


class WebConfig(AppConfig):
    """The app shell: base layout, design-system components, home pages, error pages, PWA."""

    name = "openvss.web"
    label = "web"
