"""Drop the single-column person indexes that a (person, …) index already serves: one index
fewer to maintain per row on the three largest per-person tables (117 + 22 + 21 MB per
million people, measured; docs/scaling.md).

Only the indexes are dropped. Django's own AlterField would also drop and re-add each
foreign key, which scans the whole table to validate it, and on the cards it would drop the
partial unique index one_active_card_per_person with the plain one, without putting it back.
"""

import django.db.models.deletion
from django.db import migrations, models

INDEXES = [
    "people_benefitpayment_person_id_931f6a4f",
    "people_healthcard_person_id_26157ddf",
    "people_participationperiod_person_id_fa41b5a1",
]


class Migration(migrations.Migration):
    dependencies = [
        ("people", "0009_participationperiod_state_support"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.RunSQL(
                    f'DROP INDEX IF EXISTS "{name}"', reverse_sql=migrations.RunSQL.noop
                )
                for name in INDEXES
            ],
            state_operations=[
                migrations.AlterField(
                    model_name="benefitpayment",
                    name="person",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="benefits",
                        to="people.person",
                        verbose_name="người hưởng",
                    ),
                ),
                migrations.AlterField(
                    model_name="healthcard",
                    name="person",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="cards",
                        to="people.person",
                        verbose_name="người tham gia",
                    ),
                ),
                migrations.AlterField(
                    model_name="participationperiod",
                    name="person",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="periods",
                        to="people.person",
                        verbose_name="người tham gia",
                    ),
                ),
            ],
        ),
    ]
