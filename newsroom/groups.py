"""Least-privilege staff groups, kept in step with the code after every migrate.

Each app declares the permissions its group needs and connects
``sync_group`` to ``post_migrate`` in its ``AppConfig.ready``; the group then
exists with exactly those permissions on every database, new or old.
"""

from django.contrib.auth.models import Group, Permission


def sync_group(name: str, permissions: list[str]) -> Group:
    """Make group ``name`` hold exactly ``permissions`` ("app_label.codename")."""
    group, _ = Group.objects.get_or_create(name=name)
    wanted = []
    for dotted in permissions:
        app_label, codename = dotted.split(".", 1)
        wanted.append(Permission.objects.get(content_type__app_label=app_label, codename=codename))
    group.permissions.set(wanted)
    return group
