"""The Celery application. Tasks are thin: they take ids and call a service."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "yuhang_cac.settings")

# DjangoTask gives every task `delay_on_commit`, so nothing is enqueued from
# inside an open transaction.
app = Celery("yuhang_cac", task_cls="celery.contrib.django.task:DjangoTask")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
