"""Database triggers: comments are never edited, the decision log is append-only.

The SQL for SQLite and PostgreSQL lives in comments/triggers.py, with the reasons.
"""

from django.db import migrations

from comments import triggers


class Migration(migrations.Migration):
    dependencies = [
        ("comments", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(triggers.install, triggers.uninstall, elidable=False),
    ]
