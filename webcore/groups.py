"""Least-privilege staff groups, kept in step with the code after every migrate.

Each app declares the permissions its group needs and connects
``sync_group`` to ``post_migrate`` in its ``AppConfig.ready``; the group then
exists with exactly those permissions on every database, new or old.
"""

from django.apps import apps


def sync_group(name: str, permissions: list[str]):
    """Make group ``name`` hold exactly ``permissions`` ("app_label.codename")."""
    # Looked up, not imported: apps import this module before models are ready.
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=name)
    wanted = []
    for dotted in permissions:
        app_label, codename = dotted.split(".", 1)
        wanted.append(Permission.objects.get(content_type__app_label=app_label, codename=codename))
    group.permissions.set(wanted)
    return group
