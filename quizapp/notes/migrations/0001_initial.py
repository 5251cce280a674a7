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
                    name='QuestionNote',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('bookmarked', models.BooleanField(default=False)),
                        ('text', models.TextField(blank=True, max_length=10000, validators=[django.core.validators.MaxLengthValidator(10000)])),
                        ('updated_at', models.DateTimeField(auto_now=True)),
                        ('question', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='learning_notes', to='catalog.question')),
                        ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='learning_notes', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'db_table': 'learning_questionnote',
                        'constraints': [models.UniqueConstraint(fields=('user', 'question'), name='note_unique_user_question')],
                    },
                ),
            ],
        ),
        content_types_move(models=['questionnote'], to_app='notes'),
    ]
