"""Model fields for rich text that is always sanitised before it is stored."""

from ckeditor.fields import RichTextField

from .sanitize import sanitize_html


class SanitizedRichTextField(RichTextField):
    """A CKEditor field whose value is cleaned with nh3 on every save, whoever saves it."""

    def pre_save(self, model_instance, add):
        value = sanitize_html(getattr(model_instance, self.attname) or "")
        setattr(model_instance, self.attname, value)
        return value
