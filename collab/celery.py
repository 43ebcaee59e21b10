"""The Celery application. Settings come from Django's, prefixed CELERY_."""

import os
from pathlib import Path

from celery import Celery
from celery.signals import worker_ready

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "collab.settings.local")

app = Celery("collab")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks(related_name="jobs")


@app.on_after_configure.connect
def _create_filesystem_broker_folders(sender, **kwargs):
    """kombu's filesystem transport expects its folders to exist."""
    options = sender.conf.broker_transport_options or {}
    for key in ("data_folder_in", "data_folder_out", "control_folder", "processed_folder"):
        if options.get(key):
            Path(options[key]).mkdir(parents=True, exist_ok=True)


@worker_ready.connect
def _tell_make_run_the_worker_is_ready(**kwargs):
    """`make run` prints its banner once the site answers and the worker is ready, below
    the worker's start-up output (bin/serve names the file)."""
    path = os.environ.get("CROSSDESK_WORKER_READY_FILE")
    if path:
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        Path(path).touch()
