from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('core', '0003_perfwrite_throttle_counter'),
    ]

    operations = [
        migrations.CreateModel(
            name='ConfigVersion',
            fields=[
                ('name', models.CharField(max_length=32, primary_key=True, serialize=False)),
                ('value', models.PositiveBigIntegerField()),
            ],
        ),
    ]
