from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TasksConfig(AppConfig):
    name = "tasks"
    verbose_name = _("Task cards and action items")

    def ready(self):
        from collab.demo import register_seeder
        from collab.home import register_section

        from . import signables  # noqa: F401 - registers the goal confirmation letter
        from .demo import seed_demo_cards
        from .home import my_work_section, overviews_section

        register_section(my_work_section)
        register_section(overviews_section)
        register_seeder(seed_demo_cards)
