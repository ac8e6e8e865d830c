import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "openvss.settings")
# Measured slower than WSGI for our sync views (DESIGN.md); kept for deployments that need it.
application = get_asgi_application()
