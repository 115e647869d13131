"""The newsroom's roles as groups: 记者 (reporter), 编辑 (editor), 值班总编 (duty chief editor)."""

from django.db import migrations

REPORTER = [
    "articles.add_article",
    "articles.change_article",
    "articles.view_article",
    "articles.submit_article",
    "articles.add_articleauthor",
    "articles.change_articleauthor",
    "articles.delete_articleauthor",
    "articles.view_articleauthor",
    "articles.add_articleimage",
    "articles.change_articleimage",
    "articles.delete_articleimage",
    "articles.view_articleimage",
    "articles.add_author",
    "articles.view_author",
    "articles.view_section",
    "articles.view_placement",
    "editions.view_edition",
    "editions.view_page",
]
EDITOR = REPORTER + [
    "articles.review_article",
    "articles.add_placement",
    "articles.change_placement",
    "articles.delete_placement",
    "articles.change_author",
    "articles.add_section",
    "articles.change_section",
    "articles.add_correction",
    "articles.view_correction",
    "editions.add_edition",
    "editions.change_edition",
    "editions.add_page",
    "editions.change_page",
    "editions.delete_page",
    "editions.view_publication",
]
CHIEF = EDITOR + [
    "articles.publish_article",
    "articles.sign_off_edition",
    "articles.change_correction",
    "articles.delete_correction",
    "articles.view_auditentry",
]
ROLES = {"记者": REPORTER, "编辑": EDITOR, "值班总编": CHIEF}


def create_roles(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    # Permissions are normally created after all migrations; the groups need them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codes in ROLES.items():
        group, _ = Group.objects.get_or_create(name=name)
        permissions = []
        for code in codes:
            app_label, codename = code.split(".")
            permissions.append(
                Permission.objects.get(content_type__app_label=app_label, codename=codename)
            )
        group.permissions.set(permissions)


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=ROLES).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0002_workflow"),
        ("editions", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
