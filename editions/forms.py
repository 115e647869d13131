"""The page form of the admin: uploads checked for what they really are."""

from django import forms

from .models import Page
from .validators import validate_page_image, validate_page_pdf


class PageForm(forms.ModelForm):
    """A page with its PDF and image, each upload checked by ``editions.validators``.

    The image is taken with a plain file field so that an SVG or HTML file gets our clear
    message, not the generic "not an image" of Django's image field; the validator decodes
    it with Pillow all the same.
    """

    class Meta:
        model = Page
        fields = ["edition", "number", "name", "editor", "pdf", "image"]
        field_classes = {"image": forms.FileField}
        widgets = {
            "pdf": forms.ClearableFileInput(attrs={"accept": "application/pdf,.pdf"}),
            "image": forms.ClearableFileInput(
                attrs={"accept": "image/jpeg,image/png,image/webp,.jpg,.jpeg,.png,.webp"}
            ),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "pdf" in self.fields:
            self.fields["pdf"].validators.append(validate_page_pdf)
        if "image" in self.fields:
            self.fields["image"].validators.append(validate_page_image)


def files_changed(form: forms.ModelForm) -> dict[str, bool]:
    """Which of a page form's files were uploaded or cleared in this submission."""
    return {
        "pdf_changed": "pdf" in form.changed_data,
        "image_changed": "image" in form.changed_data,
    }
