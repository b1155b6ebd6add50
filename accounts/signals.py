from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.dispatch import receiver
from django.utils import timezone

LOGIN_AT_KEY = "ipcounty_login_at"


@receiver(user_logged_in)
def stamp_login_time(sender, request, user, **kwargs) -> None:
    """Remember when the session began, for the absolute time-out."""
    if request is not None and hasattr(request, "session"):
        request.session[LOGIN_AT_KEY] = timezone.now().timestamp()


@receiver(user_logged_in, dispatch_uid="accounts.audit_login")
def audit_login(sender, request, user, **kwargs) -> None:
    from audit.trail import record_security_event

    record_security_event(actor=user, action="security.login", request=request, object_repr=user.get_username())


@receiver(user_login_failed, dispatch_uid="accounts.audit_login_failed")
def audit_login_failed(sender, credentials, request=None, **kwargs) -> None:
    """Every failed log-in, with the user name tried (django-axes counts them for the lock-out)."""
    from audit.trail import record_security_event

    tried = str((credentials or {}).get("username", ""))[:150]
    record_security_event(actor="anonymous", action="security.login_failed", request=request, object_repr=tried)


@receiver(user_logged_in, dispatch_uid="accounts.note_second_factor")
def note_second_factor(sender, request, user, **kwargs) -> None:
    """Look up once, at log-in, whether the person has an authenticator (the second-factor
    middleware reads the answer from the session instead of asking on every request)."""
    from accounts.middleware import NO_SECOND_FACTOR_KEY
    from accounts.secondfactor import has_second_factor

    if request is not None and hasattr(request, "session"):
        request.session[NO_SECOND_FACTOR_KEY] = not has_second_factor(user)
