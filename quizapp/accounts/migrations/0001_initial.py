import django.core.validators
import django.db.models.deletion
import quizapp.accounts.models
from django.conf import settings
from django.db import migrations, models

from quizapp.learning.table_moves import content_types_move


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('learning', '0002_reviewlog_day'),
        ('contenttypes', '0002_remove_content_type_name'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    # The tables exist: learning's migrations created them (db_table keeps their names).
    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='Profile',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('time_zone', models.CharField(default='UTC', max_length=64, validators=[quizapp.accounts.models.validate_time_zone])),
                        ('desired_retention', models.FloatField(default=0.9, help_text='Share of reviews you want to get right, 0.70–0.99. Higher means more reviews.', validators=[django.core.validators.MinValueValidator(0.7), django.core.validators.MaxValueValidator(0.99)])),
                        ('daily_new_limit', models.PositiveSmallIntegerField(default=20, help_text='New questions per day, 0–500.', validators=[django.core.validators.MinValueValidator(0), django.core.validators.MaxValueValidator(500)])),
                        ('theme', models.CharField(choices=[('auto', 'Follow the system'), ('light', 'Light'), ('dark', 'Dark')], default='auto', max_length=8)),
                        ('user', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='learning_profile', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'db_table': 'learning_profile',
                    },
                ),
            ],
        ),
        content_types_move(models=['profile'], to_app='accounts'),
    ]
