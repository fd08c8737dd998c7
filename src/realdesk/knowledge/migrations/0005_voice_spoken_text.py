from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("knowledge", "0004_reports2_search_event"),
    ]

    operations = [
        migrations.AddField(
            model_name="articletranslation",
            name="spoken_text",
            field=models.CharField(
                blank=True,
                help_text="A short version read out on the phone menu; empty keeps it off the phone.",
                max_length=500,
            ),
        ),
    ]
