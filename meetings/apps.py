from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "meetings"
    verbose_name = _("Meetings and minutes")

    def ready(self):
        from .card_panel import register_card_panels
        from .inbox import register_sources
        from .threads import register_threads

        register_sources()
        register_threads()
        register_card_panels()
