"""python manage.py ensure_admin: a first superuser for a fresh local database."""

import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = (
        "Create the superuser 'admin' with a random password when no superuser exists, and "
        "say how to log in. The password is kept in var/admin-password.txt for local use."
    )

    def handle(self, *args, **options):
        password_file = settings.VAR_DIR / "admin-password.txt"
        User = get_user_model()
        if not User.objects.filter(is_superuser=True).exists():
            password = secrets.token_urlsafe(12)
            User.objects.create_superuser("admin", "admin@example.com", password)
            password_file.parent.mkdir(parents=True, exist_ok=True)
            password_file.write_text(password + "\n", encoding="utf-8")
            password_file.chmod(0o600)
        if password_file.exists():
            password = password_file.read_text(encoding="utf-8").strip()
            self.stdout.write(f"Admin: user admin, password {password} (from {password_file})")
        else:
            self.stdout.write(
                "Admin: log in with your superuser; "
                "`python manage.py createsuperuser` makes another."
            )
