"""Static file finders that keep CKEditor's sample pages out of reach."""

from django.contrib.staticfiles.finders import AppDirectoriesFinder

# CKEditor ships demo pages (samples/) that load the editor with arbitrary content and
# have had XSS issues of their own; nothing we serve needs them.
BLOCKED_PREFIXES = ("ckeditor/ckeditor/samples/",)


def is_blocked(path: str) -> bool:
    """True for a static path that must never be found, collected or served."""
    return path.replace("\\", "/").lstrip("/").startswith(BLOCKED_PREFIXES)


class AppDirectoriesFinderWithoutSamples(AppDirectoriesFinder):
    """The stock app-directories finder, minus the blocked paths."""

    def find(self, path, find_all=False, **kwargs):
        if is_blocked(path):
            return []
        return super().find(path, find_all=find_all, **kwargs)

    def list(self, ignore_patterns):
        for path, storage in super().list(ignore_patterns):
            if not is_blocked(path):
                yield path, storage
