from django.db import migrations, models
from django.db.models import F


def existing_addresses_are_verified(apps, schema_editor):
    """Every address so far came from the customer's own contact (or from staff before
    addresses could be confirmed, which sign-in trusted then): keep them signing in."""
    identity = apps.get_model("accounts", "CustomerIdentity")
    identity.objects.filter(verified_at__isnull=True).update(verified_at=F("created_at"))


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_login_unlock"),
    ]

    operations = [
        migrations.AddField(
            model_name="customeridentity",
            name="verified_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.RunPython(existing_addresses_are_verified, migrations.RunPython.noop),
    ]
