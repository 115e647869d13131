"""Template tags of the newsroom admin: the dashboard on the admin index."""

from django import template

from ..dashboard import dashboard_for

register = template.Library()


@register.inclusion_tag("admin/articles/_dashboard.html", takes_context=True)
def newsroom_dashboard(context):
    """The desk on the admin index, for the signed-in user."""
    request = context["request"]
    return {"request": request, "perms": context.get("perms"), **dashboard_for(request.user)}


@register.filter
def person(user) -> str:
    """A user by name (王编辑), the login name only when no name is given."""
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()
