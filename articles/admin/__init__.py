"""The newsroom admin, one module per concept.

- ``articles``: articles through the workflow, sections, authors, corrections;
- ``desk``: the day's paper (今日版面), my articles, workflow steps and preview links;
- ``history``: an article's revisions, compared and restored;
- ``editions``: signing off an edition (签发本期) and the scheduled list (定时发布);
- ``pages``: the page admin with the hotspot editor;
- ``users``: the audit log and the user admin whose role changes it records;
- ``forms``: the forms these views read.
"""

from . import articles, editions, pages, users  # noqa: F401  (each registers its admins)
