from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0006_autosave_and_recall"),
    ]

    operations = [
        migrations.AddField(
            model_name="article",
            name="preview_version",
            field=models.PositiveIntegerField(
                default=0,
                editable=False,
                help_text="Goes up when shared preview links are revoked; older links stop working.",
                verbose_name="preview link version",
            ),
        ),
        migrations.AlterField(
            model_name="auditentry",
            name="action",
            field=models.CharField(
                choices=[
                    ("submit", "Submitted"),
                    ("approve", "Approved"),
                    ("return", "Returned"),
                    ("publish", "Signed off"),
                    ("withdraw", "Withdrawn"),
                    ("sign_off", "Edition signed off"),
                    ("restore", "Revision restored"),
                    ("correct", "Correction added"),
                    ("role_change", "Roles changed"),
                    ("recall", "Recalled"),
                    ("reschedule", "Publish time changed"),
                    ("revoke_previews", "Preview links revoked"),
                ],
                max_length=20,
                verbose_name="action",
            ),
        ),
    ]
