from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.utils import timezone

LOGIN_AT_KEY = "ipcounty_login_at"


@receiver(user_logged_in)
def stamp_login_time(sender, request, user, **kwargs) -> None:  # type: ignore[no-untyped-def]
    """Remember when the session began, for the absolute time-out."""
    if request is not None and hasattr(request, "session"):
        request.session[LOGIN_AT_KEY] = timezone.now().timestamp()
