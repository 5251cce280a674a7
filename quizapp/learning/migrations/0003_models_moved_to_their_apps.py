from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('learning', '0002_reviewlog_day'),
        ('accounts', '0001_initial'),
        ('notes', '0001_initial'),
        ('practice', '0001_initial'),
        ('review', '0001_initial'),
    ]

    # The models moved to accounts, review, notes and practice; their tables stay where they are.
    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveField(
                    model_name='reviewlog',
                    name='card',
                ),
                migrations.RemoveField(
                    model_name='practiceitem',
                    name='question',
                ),
                migrations.RemoveField(
                    model_name='practiceitem',
                    name='session',
                ),
                migrations.RemoveField(
                    model_name='practicesession',
                    name='parts',
                ),
                migrations.RemoveField(
                    model_name='practicesession',
                    name='user',
                ),
                migrations.RemoveField(
                    model_name='profile',
                    name='user',
                ),
                migrations.RemoveField(
                    model_name='questionnote',
                    name='question',
                ),
                migrations.RemoveField(
                    model_name='questionnote',
                    name='user',
                ),
                migrations.RemoveField(
                    model_name='reviewlog',
                    name='question',
                ),
                migrations.RemoveField(
                    model_name='reviewlog',
                    name='user',
                ),
                migrations.DeleteModel(
                    name='Card',
                ),
                migrations.DeleteModel(
                    name='PracticeItem',
                ),
                migrations.DeleteModel(
                    name='PracticeSession',
                ),
                migrations.DeleteModel(
                    name='Profile',
                ),
                migrations.DeleteModel(
                    name='QuestionNote',
                ),
                migrations.DeleteModel(
                    name='ReviewLog',
                ),
            ],
        ),
    ]
