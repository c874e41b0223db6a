"""One fingerprint for comments, and the block log's append-only triggers.

The "posted twice" constraint and the pre-screen's "duplicate" flag now share
``comments.screening.fingerprint`` (which also folds punctuation, accents and
leetspeak). Comments already stored get the new value here. The fingerprint is
derived from the text, never part of what the commenter wrote, but the
never-edited trigger guards its column like the text's, so this step lifts the
comment and decision triggers for the length of the migration's transaction and
puts them back. When the new function calls two old comments by one e-mail on
one article equal, the older keeps the fingerprint and the later ones get a
value of their own (the "posted twice" constraint allows one of them; nothing
is deleted).
"""

import hashlib

from django.db import migrations

from comments import screening, triggers


def refingerprint(apps, schema_editor):
    Comment = apps.get_model("comments", "Comment")
    comments = Comment.objects.using(schema_editor.connection.alias)
    rows = list(
        comments.order_by("pk").values_list(
            "pk", "article_id", "author_email", "body", "fingerprint"
        )
    )
    taken, changed = set(), []
    for pk, article_id, email, body, stored in rows:
        new = screening.fingerprint(body)
        if (article_id, email, new) in taken:
            new = hashlib.sha256(f"{new}:{pk}".encode()).hexdigest()
        taken.add((article_id, email, new))
        if new != stored:
            changed.append(Comment(pk=pk, fingerprint=new))
    if not changed:
        return
    triggers.uninstall(apps, schema_editor)
    # Through a placeholder unique to each row: a row's new value may be another's old one.
    placeholders = [Comment(pk=row.pk, fingerprint=f"migrating:{row.pk}") for row in changed]
    comments.bulk_update(placeholders, ["fingerprint"], batch_size=500)
    comments.bulk_update(changed, ["fingerprint"], batch_size=500)
    triggers.install(apps, schema_editor)


class Migration(migrations.Migration):
    dependencies = [
        ("comments", "0003_moderator_assist_block_list"),
    ]

    operations = [
        migrations.RunPython(refingerprint, migrations.RunPython.noop, elidable=False),
        migrations.RunPython(
            triggers.install_block_log, triggers.uninstall_block_log, elidable=False
        ),
    ]
