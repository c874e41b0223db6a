"""One fingerprint for comments, and the block log's append-only triggers.

The "posted twice" constraint and the pre-screen's "duplicate" flag share one
fingerprint (which also folds punctuation, accents and leetspeak). Comments
already stored get the new value here, computed by the copy of the function
below as it was when this migration was written: a migration is history and
never runs today's code. The fingerprint is derived from the text, never part
of what the commenter wrote, but the never-edited trigger guards its column
like the text's, so this step lifts that trigger for the length of the
migration's transaction and puts the very same trigger back. When the new
function calls two old comments by one e-mail on one article equal, the older
keeps the fingerprint and the later ones get a value of their own (the "posted
twice" constraint allows one of them; nothing is deleted).

The block log (comments_blocklog) becomes append-only like the decision log:
no DELETE (but for ``flush``), no UPDATE but forgetting a deleted moderator
account. The SQL is written out here.
"""

import hashlib
import re
import unicodedata

from django.db import migrations

# --- The fingerprint as of this migration ------------------------------------

_LEET = str.maketrans({"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a"})
_LEET |= str.maketrans({"$": "s", "!": "i", "+": "t", "|": "l", "\u20ac": "e"})
_LEET_CHARS = "013457@$!+|\u20ac"
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "`": "'"})
_LEET_TOKEN = re.compile(r"[a-z0-9@$!+|\u20ac]*[a-z][a-z0-9@$!+|\u20ac]*")


def _fold_char(char):
    low = char.lower()
    if len(low) != 1:
        return char
    if ord(low) > 127 and low.isalpha():
        base = unicodedata.normalize("NFKD", low)[0]
        if base.isascii() and base.isalpha():
            return base
    return low


def _deleet(match):
    token = match.group()
    if not any(c in _LEET_CHARS for c in token):
        return token
    if token.isdigit():
        return token
    out = []
    for i, char in enumerate(token):
        if char in _LEET_CHARS:
            nxt = token[i + 1] if i + 1 < len(token) else ""
            prev = token[i - 1] if i else ""
            if char.isdigit():
                letters = sum(c.isalpha() for c in token)
                out.append(char.translate(_LEET) if letters >= 2 else char)
            elif char == "@" and not prev:
                out.append(char)
            elif nxt and (nxt.isalpha() or nxt in _LEET_CHARS) or (prev.isalpha() and char in "$"):
                out.append(char.translate(_LEET))
            else:
                out.append(char)
        else:
            out.append(char)
    return "".join(out)


def _fold(text):
    low = text.lower()
    if len(low) != len(text) or not low.isascii():
        low = "".join(_fold_char(c) for c in text)
    low = low.translate(_APOSTROPHES)
    return _LEET_TOKEN.sub(_deleet, low)


def fingerprint(text):
    words = re.findall(r"\w+", _fold(unicodedata.normalize("NFKC", text)))
    basis = " ".join(words) if words else "\x00" + " ".join(text.split())
    return hashlib.sha256(basis.encode("utf-8")).hexdigest()


# --- Lifting the comment trigger for the update, and putting it back ----------

_COMMENT_TRIGGER = "comments_comment_never_edited"


def _lift_comment_trigger(schema_editor):
    """Drop the never-edited trigger; returns what puts the same one back."""
    connection = schema_editor.connection
    if connection.vendor == "postgresql":
        schema_editor.execute(f"ALTER TABLE comments_comment DISABLE TRIGGER {_COMMENT_TRIGGER}")
        return [f"ALTER TABLE comments_comment ENABLE TRIGGER {_COMMENT_TRIGGER}"]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = %s",
            [_COMMENT_TRIGGER],
        )
        (created,) = cursor.fetchone()
    schema_editor.execute(f"DROP TRIGGER {_COMMENT_TRIGGER}")
    return [created]


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
        new = fingerprint(body)
        if (article_id, email, new) in taken:
            new = hashlib.sha256(f"{new}:{pk}".encode()).hexdigest()
        taken.add((article_id, email, new))
        if new != stored:
            changed.append(Comment(pk=pk, fingerprint=new))
    if not changed:
        return
    restore = _lift_comment_trigger(schema_editor)
    # Through a placeholder unique to each row: a row's new value may be another's old one.
    placeholders = [Comment(pk=row.pk, fingerprint=f"migrating:{row.pk}") for row in changed]
    comments.bulk_update(placeholders, ["fingerprint"], batch_size=500)
    comments.bulk_update(changed, ["fingerprint"], batch_size=500)
    for statement in restore:
        schema_editor.execute(statement, params=None)


# --- The block log's triggers --------------------------------------------------

BLOCK_LOG_SQL = {
    "sqlite": [
        """
CREATE TRIGGER comments_blocklog_no_update
BEFORE UPDATE ON comments_blocklog
FOR EACH ROW
WHEN NEW.id IS NOT OLD.id
    OR NEW.block_id IS NOT OLD.block_id
    OR NEW.kind IS NOT OLD.kind
    OR NEW.email IS NOT OLD.email
    OR NEW.network IS NOT OLD.network
    OR NEW.reason IS NOT OLD.reason
    OR NEW.expires_at IS NOT OLD.expires_at
    OR NEW.note IS NOT OLD.note
    OR NEW.moderator_name IS NOT OLD.moderator_name
    OR NEW.created_at IS NOT OLD.created_at
    OR (NEW.moderator_id IS NOT OLD.moderator_id AND NEW.moderator_id IS NOT NULL)
BEGIN
    SELECT RAISE(ABORT, 'the block log is append-only: its rows are never changed or deleted');
END;
""",
        """
CREATE TRIGGER comments_blocklog_no_delete
BEFORE DELETE ON comments_blocklog
FOR EACH ROW
WHEN NOT comments_log_maintenance()
BEGIN
    SELECT RAISE(ABORT, 'the block log is append-only: its rows are never changed or deleted');
END;
""",
    ],
    "postgresql": [
        """
CREATE OR REPLACE FUNCTION comments_blocklog_append_only() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        RAISE EXCEPTION 'the block log is append-only: its rows are never changed or deleted (row %)', OLD.id
            USING ERRCODE = 'restrict_violation';
    END IF;
    IF NEW.id IS DISTINCT FROM OLD.id
    OR NEW.block_id IS DISTINCT FROM OLD.block_id
    OR NEW.kind IS DISTINCT FROM OLD.kind
    OR NEW.email IS DISTINCT FROM OLD.email
    OR NEW.network IS DISTINCT FROM OLD.network
    OR NEW.reason IS DISTINCT FROM OLD.reason
    OR NEW.expires_at IS DISTINCT FROM OLD.expires_at
    OR NEW.note IS DISTINCT FROM OLD.note
    OR NEW.moderator_name IS DISTINCT FROM OLD.moderator_name
    OR NEW.created_at IS DISTINCT FROM OLD.created_at
        OR (NEW.moderator_id IS DISTINCT FROM OLD.moderator_id AND NEW.moderator_id IS NOT NULL)
    THEN
        RAISE EXCEPTION 'the block log is append-only: its rows are never changed or deleted (row %)', OLD.id
            USING ERRCODE = 'restrict_violation';
    END IF;
    RETURN NEW;
END;
$$;
""",
        """
CREATE TRIGGER comments_blocklog_append_only
BEFORE UPDATE OR DELETE ON comments_blocklog
FOR EACH ROW EXECUTE FUNCTION comments_blocklog_append_only();
""",
    ],
}
BLOCK_LOG_DROP = {
    "sqlite": [
        "DROP TRIGGER IF EXISTS comments_blocklog_no_update;",
        "DROP TRIGGER IF EXISTS comments_blocklog_no_delete;",
    ],
    "postgresql": [
        "DROP TRIGGER IF EXISTS comments_blocklog_append_only ON comments_blocklog;",
        "DROP FUNCTION IF EXISTS comments_blocklog_append_only();",
    ],
}


def install_block_log(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor not in BLOCK_LOG_SQL:
        raise NotImplementedError(f"no block log triggers written for {vendor}")
    for statement in [*BLOCK_LOG_DROP[vendor], *BLOCK_LOG_SQL[vendor]]:
        schema_editor.execute(statement, params=None)


def uninstall_block_log(apps, schema_editor):
    for statement in BLOCK_LOG_DROP.get(schema_editor.connection.vendor, []):
        schema_editor.execute(statement, params=None)


class Migration(migrations.Migration):
    dependencies = [
        ("comments", "0003_moderator_assist_block_list"),
    ]

    operations = [
        migrations.RunPython(refingerprint, migrations.RunPython.noop, elidable=False),
        migrations.RunPython(install_block_log, uninstall_block_log, elidable=False),
    ]
