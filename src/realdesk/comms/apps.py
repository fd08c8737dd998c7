from django.apps import AppConfig


class CommsConfig(AppConfig):
    name = "realdesk.comms"
    label = "comms"
    verbose_name = "Channels"

    def ready(self) -> None:
        from realdesk.comms.channels import reactions as channel_reactions  # noqa: F401
        from realdesk.comms.channels.inbox_views import register_channel_views
        from realdesk.comms.email import tasks  # noqa: F401 - registers handlers
        from realdesk.comms.email.outbound import notices  # noqa: F401

        register_channel_views()
        _register_with_core()
        _acknowledge_after_the_clocks()


def _acknowledge_after_the_clocks() -> None:
    """The acknowledgement reacts to a ticket's creation once the SLA clocks have started
    (their reaction is registered first, though sla's app is ready after this one): it
    tells the time their first-response target gives."""
    from realdesk.sla import reactions  # noqa: F401

    # isort: split
    from realdesk.comms.email.outbound import acknowledge  # noqa: F401


def _register_with_core() -> None:
    """What serve runs and /healthz shows for email: core reads its registries only."""
    from django.conf import settings

    from realdesk.comms.email.inbound.record import quarantine_count
    from realdesk.core.health import health_figures
    from realdesk.core.receivers import receivers

    def mail_receivers():
        # Imported when serve starts them: the IMAP and SMTP libraries are no part of any
        # other command's start (`realdesk ingest` of one email among them).
        from realdesk.comms.email.inbound.drivers.runner import MailReceivers

        return MailReceivers(listen=settings.REALDESK_MAIL_LISTEN, lmtp=settings.REALDESK_MAIL_LMTP)

    health_figures.register("email_quarantine", quarantine_count)
    receivers.register("email", mail_receivers)
