from django.db import migrations

from openvss.core.migrations_util import trigram_indexes


class Migration(migrations.Migration):
    dependencies = [("people", "0001_initial")]
    operations = [trigram_indexes("people_person")]
