"""The newsroom admin, one module per concept.

- ``articles``: articles through the workflow, sections, authors, corrections;
- ``desk``: the day's paper (今日版面), my articles, workflow steps and preview links;
- ``history``: an article's revisions, compared and restored;
- ``editions``: signing off an edition (签发本期) and the scheduled list (定时发布);
- ``pages``: the page admin with the hotspot editor;
- ``users``: the audit log and the user admin whose role changes it records;
- ``forms``: the forms these views read;
- at deadline (issue 9): ``newsroom`` (autosave, save then step, the title check, the
  admin index as the desk), ``plan`` (版面编排), ``placing`` (page choices in the article
  form), ``roles`` (one role control, permissions in Chinese, the group admin).
"""

from . import articles, editions, pages, users  # noqa: F401  (each registers its admins)
