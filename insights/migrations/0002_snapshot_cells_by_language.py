from django.apps.registry import Apps
from django.db import migrations, models
from django.db.backends.base.schema import BaseDatabaseSchemaEditor


def drop_snapshots(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    # Snapshots are a copy of figures computed from the diary: their English-only cells cannot
    # become a JSON column, and the next read recomputes each one in every language.
    apps.get_model("insights", "ReviewSnapshot").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("insights", "0001_review_snapshots")]

    operations = [
        migrations.RunPython(drop_snapshots, migrations.RunPython.noop),
        migrations.RemoveField(model_name="reviewsnapshot", name="cells"),
        migrations.AddField(
            model_name="reviewsnapshot",
            name="cells",
            field=models.JSONField(default=dict),
        ),
    ]
