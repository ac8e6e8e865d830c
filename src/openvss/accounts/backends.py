"""django-axes' backend, for web sign-in only."""

from axes.backends import AxesStandaloneBackend


class StaffAxesBackend(AxesStandaloneBackend):
    """django-axes' lock-out check, applied where there is a request to throttle (the back
    office's login form). Calls without a request (the shell, management commands, the
    test client's ``login``) have no address to count and nothing to lock."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)
