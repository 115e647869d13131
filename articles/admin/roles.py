"""Users in the newsroom's terms: one role control, permission names in Chinese.

``RoleUserAdminMixin`` goes first among the user admin's bases (``users.py``). A user's
role (记者, 编辑, 值班总编) is one choice instead of the two-list group picker; giving a role
makes the user staff, since a role means work in the admin; the change is audited by
``articles.roles``. Permission pickers name each permission in Chinese (Django stores the
default ones' names in English).
"""

from django import forms
from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.contrib.auth.models import Group, Permission
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..roles import NEWSROOM_ROLES as ROLES
from ..roles import user_role_set

ACTIONS = {
    "add": gettext_lazy("Can add %(model)s"),
    "change": gettext_lazy("Can change %(model)s"),
    "delete": gettext_lazy("Can delete %(model)s"),
    "view": gettext_lazy("Can view %(model)s"),
}


def permission_label(permission: Permission) -> str:
    """``稿件 | 稿件 | 可以添加稿件``: app, model and what the permission allows, in Chinese."""
    content_type = permission.content_type
    model = content_type.model_class()
    action, _sep, model_name = permission.codename.partition("_")
    if model is not None:
        opts = model._meta
        app = opts.app_config.verbose_name
        verbose = str(opts.verbose_name)
        if action in ACTIONS and model_name == opts.model_name:
            return f"{app} | {verbose} | {ACTIONS[action] % {'model': verbose}}"
        return f"{app} | {verbose} | {_(permission.name)}"
    return f"{content_type.app_label} | {_(permission.name)}"


class PermissionChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return permission_label(obj)


def role_field() -> forms.ChoiceField:
    return forms.ChoiceField(
        label=gettext_lazy("role"),
        required=False,
        choices=[("", gettext_lazy("No role"))] + [(name, name) for name in ROLES],
        help_text=gettext_lazy(
            "记者 writes and submits, 编辑 reviews and arranges the pages, 值班总编 signs off. "
            "Giving a role makes the user staff, so they can sign in to the admin."
        ),
    )


class RoleUserChangeForm(UserChangeForm):
    role = role_field()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            names = set(self.instance.groups.values_list("name", flat=True))
            self.fields["role"].initial = next((r for r in reversed(ROLES) if r in names), "")


class RoleUserCreationForm(AdminUserCreationForm):
    role = role_field()


class RoleUserAdminMixin:
    form = RoleUserChangeForm
    add_form = RoleUserCreationForm

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None:
            return [*fieldsets, (_("Role"), {"fields": ["role"]})]
        result = []
        for name, opts in fieldsets:
            fields = ["role" if f == "groups" else f for f in opts["fields"]]
            result.append((name, {**opts, "fields": fields}))
        return result

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "user_permissions":
            kwargs["form_class"] = PermissionChoiceField
            kwargs["queryset"] = Permission.objects.select_related("content_type")
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        if form.cleaned_data.get("role"):
            obj.is_staff = True
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if "role" in form.cleaned_data:
            # Audited by articles.roles: with the save's other role changes, one entry.
            user_role_set(user=form.instance, role=form.cleaned_data["role"], actor=request.user)


class NewsroomGroupAdmin(GroupAdmin):
    """Django's group admin, with permissions named in Chinese."""

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "permissions":
            kwargs["form_class"] = PermissionChoiceField
        return super().formfield_for_manytomany(db_field, request, **kwargs)


admin.site.unregister(Group)
admin.site.register(Group, NewsroomGroupAdmin)
