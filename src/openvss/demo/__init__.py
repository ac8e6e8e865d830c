"""The demo a newcomer can try in full: curated people and logins that never change between
runs (``data``), and the simulated phone's SMS gateway (``phone``).

Demo only: ``openvss demo`` and the pages behind ``settings.DEMO_TOOLS`` use it; production
never does. It sits above the other apps (it writes people, accounts and dossiers through
their services) and below ``web``, whose simulated-phone page calls ``phone``.
"""
