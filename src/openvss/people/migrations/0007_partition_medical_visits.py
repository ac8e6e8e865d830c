"""Medical visits partitioned by month of admission on PostgreSQL (issue 15, item 2).

The model does not change: Django still sees ``id`` as the key. See core/partitions.py.
Going back leaves the table partitioned; it works the same for the previous code.
"""

from django.db import migrations

from openvss.core import partitions


def forward(apps, schema_editor):
    partitions.convert(schema_editor, apps.get_model("people", "MedicalVisit"), "admitted_on")


class Migration(migrations.Migration):
    dependencies = [("people", "0006_arrears_notice_and_owed_index")]

    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
