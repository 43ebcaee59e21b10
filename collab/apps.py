from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CollabConfig(AppConfig):
    name = "collab"
    verbose_name = _("Organisation and collaboration core")

    def ready(self):
        from .digests import register_section as register_digest_section
        from .inbox import InboxSource, register_inbox_source
        from .selectors.comments import mention_inbox_count, mention_inbox_entries
        from .signoff_digest import signature_groups
        from .signoff_inbox import SOURCE
        from .signoff_reminders import register_kinds as register_reminders

        register_inbox_source(SOURCE)
        register_digest_section("signoff", 20, signature_groups)
        # Mentions in comment threads land in the mentioned person's inbox until read.
        register_inbox_source(
            InboxSource(
                kind="collab.mention", entries=mention_inbox_entries, count=mention_inbox_count
            )
        )
        register_reminders()
