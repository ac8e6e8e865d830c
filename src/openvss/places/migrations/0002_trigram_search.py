from django.db import migrations

from openvss.core.migrations_util import trigram_indexes


class Migration(migrations.Migration):
    dependencies = [("places", "0001_initial")]
    operations = [
        trigram_indexes(
            "places_commune", "places_agency", "places_medicalfacility", "places_employer",
            "places_collectionpoint",
        )
    ]
