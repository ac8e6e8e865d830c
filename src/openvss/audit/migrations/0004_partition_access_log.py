"""The data-access log partitioned by month on PostgreSQL (issue 15, item 2): a month past
its retention is archived whole (``openvss archive_access_log``).

The model does not change: Django still sees ``id`` as the key. See core/partitions.py.
Going back leaves the table partitioned; it works the same for the previous code.
"""

from django.db import migrations

from openvss.core import partitions


def forward(apps, schema_editor):
    partitions.convert(schema_editor, apps.get_model("audit", "AccessLog"), "at")


class Migration(migrations.Migration):
    dependencies = [("audit", "0003_org_view_action")]

    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
