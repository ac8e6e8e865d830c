"""openvss: an open implementation of Vietnam's digital social-insurance service."""

__version__ = "0.1.0"
