import django.core.validators
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from quizapp.learning.table_moves import content_types_move


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('learning', '0002_reviewlog_day'),
        ('contenttypes', '0002_remove_content_type_name'),
        ('catalog', '0002_snippet'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    # The tables exist: learning's migrations created them (db_table keeps their names).
    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='PracticeSession',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('size', models.PositiveSmallIntegerField()),
                        ('seconds_per_question', models.PositiveIntegerField()),
                        ('seconds_total', models.PositiveIntegerField()),
                        ('status', models.CharField(choices=[('active', 'In progress'), ('finished', 'Finished')], default='active', max_length=10)),
                        ('position', models.PositiveSmallIntegerField(default=0, help_text='The current item.')),
                        ('started_at', models.DateTimeField()),
                        ('finished_at', models.DateTimeField(blank=True, null=True)),
                        ('score', models.FloatField(blank=True, help_text='Share of questions recalled, 0–1.', null=True)),
                        ('idempotency_key', models.CharField(help_text='One per start form: a double-click starts once.', max_length=64)),
                        ('parts', models.ManyToManyField(blank=True, help_text='Empty: all parts.', related_name='+', to='catalog.part')),
                        ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='practice_sessions', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'db_table': 'learning_practicesession',
                        'ordering': ['-started_at'],
                    },
                ),
                migrations.CreateModel(
                    name='PracticeItem',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('position', models.PositiveSmallIntegerField()),
                        ('status', models.CharField(choices=[('pending', 'Not answered'), ('revealed', 'Answered, not rated'), ('rated', 'Rated'), ('skipped', 'Skipped'), ('timed_out', 'Out of time')], default='pending', max_length=10)),
                        ('answer', models.TextField(blank=True, max_length=10000, validators=[django.core.validators.MaxLengthValidator(10000)])),
                        ('prediction_correct', models.BooleanField(blank=True, help_text='Tricky snippets: graded prediction.', null=True)),
                        ('rating', models.PositiveSmallIntegerField(blank=True, choices=[(1, 'Again'), (2, 'Hard'), (3, 'Good'), (4, 'Easy')], null=True)),
                        ('started_at', models.DateTimeField(blank=True, null=True)),
                        ('answered_at', models.DateTimeField(blank=True, null=True)),
                        ('seconds_spent', models.PositiveIntegerField(blank=True, null=True)),
                        ('question', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='catalog.question')),
                        ('session', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='items', to='practice.practicesession')),
                    ],
                    options={
                        'db_table': 'learning_practiceitem',
                        'ordering': ['position'],
                    },
                ),
                migrations.AddIndex(
                    model_name='practicesession',
                    index=models.Index(fields=['user', '-started_at'], name='practice_user_started'),
                ),
                migrations.AddConstraint(
                    model_name='practicesession',
                    constraint=models.UniqueConstraint(fields=('user', 'idempotency_key'), name='practice_unique_user_key'),
                ),
                migrations.AddConstraint(
                    model_name='practiceitem',
                    constraint=models.UniqueConstraint(fields=('session', 'position'), name='practiceitem_unique_position'),
                ),
            ],
        ),
        content_types_move(models=['practicesession', 'practiceitem'], to_app='practice'),
    ]
