"""The newsroom admin's forms: the article with its version, the desk's day, the sign-off
time, a correction."""

from django import forms
from django.utils.translation import gettext_lazy

from ..models import COPY_FIELDS, Article, Correction
from ..services import StaleEdit, article_lock


class ArticleAdminForm(forms.ModelForm):
    """The article form, with the version it was opened at, so a stale save is refused."""

    expected_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Article
        fields = [*COPY_FIELDS, "edition", "section", "publish_at"]
        widgets = {
            # A two-line headline (两行主题) keeps its line break.
            "title": forms.Textarea(attrs={"rows": 2, "cols": 60}),
            "highlights": forms.Textarea(attrs={"rows": 3, "cols": 60}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["expected_version"].initial = self.instance.version

    def clean(self):
        cleaned = super().clean()
        if not self.instance.pk:
            return cleaned
        # Lock the row for the rest of the admin's transaction, so no save slips in
        # between this check and the save (``services.article_update``).
        try:
            article_lock(article=self.instance, expected_version=cleaned.get("expected_version"))
        except StaleEdit as stale:
            # Show the form back with this person's text, now based on the saved version:
            # a second, deliberate save after reading the message goes through.
            self.data = self.data.copy()
            self.data[self.add_prefix("expected_version")] = stale.current.version
            raise forms.ValidationError(str(stale), code="stale") from None
        return cleaned


class DeskDateForm(forms.Form):
    """The day the newsroom desk shows (``?date=2024-04-01``); empty for today's."""

    date = forms.DateField(required=False, input_formats=["%Y-%m-%d"])


class SignOffForm(forms.Form):
    """The time a signed-off edition goes live: empty for its own publish time."""

    publish_at = forms.DateTimeField(
        required=False,
        error_messages={"invalid": gettext_lazy("Give the publish time as 2024-04-01 06:00.")},
    )


class CorrectionForm(forms.ModelForm):
    class Meta:
        model = Correction
        fields = ["article", "date", "text"]
