"""Moderators may look after a whole edition, not only sections (Sorani comments reach a Sorani reader)."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def _forget_edition_assignments(apps, schema_editor):
    assignments = apps.get_model("comments", "ModeratorAssignment")
    assignments.objects.using(schema_editor.connection.alias).filter(section__isnull=True).delete()


class Migration(migrations.Migration):

    dependencies = [
        ('articles', '0006_editions'),
        ('comments', '0007_moderation_desk_reports_sections'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterModelOptions(
            name='moderatorassignment',
            options={'ordering': ['language', 'section', 'moderator'], 'verbose_name': "moderator's section or edition", 'verbose_name_plural': "moderators' sections and editions"},
        ),
        migrations.AddField(
            model_name='moderatorassignment',
            name='language',
            field=models.CharField(blank=True, help_text='Every section of one edition; or leave empty and choose a section.', max_length=12, verbose_name='edition'),
        ),
        migrations.AlterField(
            model_name='moderatorassignment',
            name='section',
            field=models.ForeignKey(blank=True, help_text='One section; or leave empty and choose an edition.', null=True, on_delete=django.db.models.deletion.CASCADE, related_name='moderator_assignments', to='articles.section', verbose_name='section'),
        ),
        # Going back, the edition assignments go first: section is required again.
        migrations.RunPython(migrations.RunPython.noop, _forget_edition_assignments),
        migrations.AddConstraint(
            model_name='moderatorassignment',
            constraint=models.UniqueConstraint(condition=models.Q(('language', ''), _negated=True), fields=('moderator', 'language'), name='moderator_edition_once'),
        ),
        migrations.AddConstraint(
            model_name='moderatorassignment',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('section__isnull', False), ('language', '')), models.Q(('section__isnull', True), models.Q(('language', ''), _negated=True)), _connector='OR'), name='moderator_section_or_edition', violation_error_message='Choose either a section or an edition.'),
        ),
    ]
