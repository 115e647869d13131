"""Static file finders that keep CKEditor's sample pages and unused translations out."""

from django.contrib.staticfiles.finders import AppDirectoriesFinder

# CKEditor ships demo pages (samples/) that load the editor with arbitrary content and
# have had XSS issues of their own; nothing we serve needs them.
BLOCKED_PREFIXES = ("ckeditor/ckeditor/samples/",)
# CKEditor's translations (its own and each plugin's ``lang/`` folder, ~870 files): the
# editor runs in zh-cn (CKEDITOR_CONFIGS) and a plugin without zh-cn falls back to en.
# whitenoise keeps every collected file in each web worker's memory (~4 KiB a file with
# its hashed name and compressed copies), so the other seventy languages are left out.
CKEDITOR_LANGUAGES = ("zh-cn.js", "en.js")


def is_blocked(path: str) -> bool:
    """True for a static path that must never be found, collected or served."""
    path = path.replace("\\", "/").lstrip("/")
    if path.startswith(BLOCKED_PREFIXES):
        return True
    return (
        path.startswith("ckeditor/ckeditor/")
        and "/lang/" in path
        and path.rsplit("/", 1)[-1] not in CKEDITOR_LANGUAGES
    )


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
