from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CollabConfig(AppConfig):
    name = "collab"
    verbose_name = _("Organisation and collaboration core")

    def ready(self):
        from .inbox import register_inbox_source
        from .signoff_inbox import SOURCE

        register_inbox_source(SOURCE)
