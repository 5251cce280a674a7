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
                    name='Card',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('state', models.PositiveSmallIntegerField(choices=[(1, 'Learning'), (2, 'Review'), (3, 'Relearning')], default=1)),
                        ('step', models.PositiveSmallIntegerField(blank=True, null=True)),
                        ('stability', models.FloatField(blank=True, null=True)),
                        ('difficulty', models.FloatField(blank=True, null=True)),
                        ('due', models.DateTimeField()),
                        ('last_review', models.DateTimeField(blank=True, null=True)),
                        ('reps', models.PositiveIntegerField(default=0)),
                        ('lapses', models.PositiveIntegerField(default=0)),
                        ('created_at', models.DateTimeField(help_text="First review: counts against that day's new-question limit.")),
                        ('question', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='learning_cards', to='catalog.question')),
                        ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='learning_cards', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'db_table': 'learning_card',
                    },
                ),
                migrations.CreateModel(
                    name='ReviewLog',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('rating', models.PositiveSmallIntegerField(choices=[(1, 'Again'), (2, 'Hard'), (3, 'Good'), (4, 'Easy')])),
                        ('source', models.CharField(choices=[('review', 'Review page'), ('question', 'Question page'), ('practice', 'Practice session'), ('prediction', 'Snippet prediction')], default='review', max_length=12)),
                        ('reviewed_at', models.DateTimeField()),
                        ('day', models.DateField(help_text="The review's date in the learner's time zone, for streaks and the chart.")),
                        ('due_after', models.DateTimeField(help_text="The card's due date that this review set.")),
                        ('idempotency_key', models.CharField(help_text='One per reveal: a double-click records once.', max_length=64)),
                        ('card', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='reviews', to='review.card')),
                        ('question', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='learning_reviews', to='catalog.question')),
                        ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='learning_reviews', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'db_table': 'learning_reviewlog',
                        'ordering': ['-reviewed_at'],
                    },
                ),
                migrations.AddIndex(
                    model_name='card',
                    index=models.Index(fields=['user', 'due'], name='card_user_due'),
                ),
                migrations.AddIndex(
                    model_name='card',
                    index=models.Index(fields=['user', 'created_at'], name='card_user_created'),
                ),
                migrations.AddConstraint(
                    model_name='card',
                    constraint=models.UniqueConstraint(fields=('user', 'question'), name='card_unique_user_question'),
                ),
                migrations.AddIndex(
                    model_name='reviewlog',
                    index=models.Index(fields=['user', 'reviewed_at'], name='reviewlog_user_time'),
                ),
                migrations.AddIndex(
                    model_name='reviewlog',
                    index=models.Index(fields=['user', 'day'], name='reviewlog_user_day'),
                ),
                migrations.AddConstraint(
                    model_name='reviewlog',
                    constraint=models.UniqueConstraint(fields=('user', 'idempotency_key'), name='reviewlog_unique_user_key'),
                ),
            ],
        ),
        content_types_move(models=['card', 'reviewlog'], to_app='review'),
    ]
