from django.conf import settings
from django.core.checks import Error


def demo_tools_off_in_production(app_configs, **kwargs):
    """The simulated phone shows every OTP and new password to whoever opens it."""
    if settings.PRODUCTION and settings.DEMO_TOOLS:
        return [
            Error(
                "DEMO_TOOLS is on in production: the simulated phone would show every OTP "
                "and password sent.",
                hint="Unset DEMO_TOOLS (it is off by default when OPENVSS_ENV=production).",
                id="openvss.E001",
            )
        ]
    return []
