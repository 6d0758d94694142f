from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "motcua.core"
    label = "core"
    verbose_name = "Lõi hệ thống"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from motcua.core.sessions import session_mark_renewed

        # As Django's own update_last_login does: the sign-in itself saves the session
        # with a full expiry, so the sliding renewal starts counting from it.
        user_logged_in.connect(session_mark_renewed, dispatch_uid="motcua_session_renewed")
