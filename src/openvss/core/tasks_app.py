"""django-tasks-db's app under a Vietnamese name in the back office (its own name is a plain
English string, which no catalogue can translate). INSTALLED_APPS names this class."""

from django.utils.translation import gettext_lazy as _
from django_tasks_db.apps import TasksAppConfig


class TasksDatabaseConfig(TasksAppConfig):
    verbose_name = _("Hàng đợi tác vụ")
