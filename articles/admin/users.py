"""Who did what: the audit log, and the user admin whose role changes it records."""

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin

from .. import roles
from ..models import AuditEntry
from .roles import RoleUserAdminMixin


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    """The audit log, for the duty chief editor: read only, filterable."""

    list_display = ["timestamp", "actor", "action", "target_repr", "message"]
    list_filter = ["action", ("timestamp", admin.DateFieldListFilter), "actor", "target_type"]
    list_select_related = ["actor"]
    search_fields = ["target_repr", "message", "actor__username"]
    date_hierarchy = "timestamp"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


User = get_user_model()


class AuditedUserAdmin(RoleUserAdminMixin, UserAdmin):
    """Django's user admin with one role control (``roles.py`` here); a save's role changes
    (role, staff, superuser) are one audit entry by the editor who made them
    (``articles.roles``)."""

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        with roles.roles_audited(actor=request.user):
            return super().changeform_view(request, object_id, form_url, extra_context)


admin.site.unregister(User)
admin.site.register(User, AuditedUserAdmin)
