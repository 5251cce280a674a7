import zoneinfo

from django.db import migrations, models


def fill_days(apps, schema_editor):
    ReviewLog = apps.get_model("learning", "ReviewLog")
    Profile = apps.get_model("learning", "Profile")
    zones = dict(Profile.objects.values_list("user_id", "time_zone"))
    for log in ReviewLog.objects.filter(day__isnull=True).iterator():
        log.day = log.reviewed_at.astimezone(zoneinfo.ZoneInfo(zones.get(log.user_id, "UTC"))).date()
        log.save(update_fields=["day"])


class Migration(migrations.Migration):
    dependencies = [("learning", "0001_initial")]

    operations = [
        migrations.AddField(model_name="reviewlog", name="day", field=models.DateField(null=True)),
        migrations.RunPython(fill_days, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="reviewlog",
            name="day",
            field=models.DateField(help_text="The review's date in the learner's time zone, for streaks and the chart."),
        ),
        migrations.AddIndex(
            model_name="reviewlog", index=models.Index(fields=["user", "day"], name="reviewlog_user_day")
        ),
    ]
