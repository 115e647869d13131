"""The layout reasoning: a page's characters, rules and images into stories.

1. The header band (masthead or page header line) and the footer band are found by the
   full-width rules that close them; the page name is read from them (``bands``).
2. The rest of the page is cut recursively into rectangular modules (an XY-cut) along rules
   and white gutters. A cut is kept only if each side starts with a headline: that is what a
   story module is (a headline over its columns), and it keeps a story's columns, highlights
   and photo with its headline instead of cutting them off (``modules``).
3. In a module, the text is cut again into blocks (columns and bands), read top to bottom,
   left to right (``blocks``); lines are built from characters without inventing spaces
   inside Chinese (``lines``).
4. Headline lines are told from body lines by size (1.38 × the body size, the commonest size
   of the edition); the largest are the title (主题), those above it the kicker (引题),
   those below the subtitle (副题). Then come the byline, ◆ highlights, the caption under a
   photo, and the body: paragraphs start at an indented line; bold or larger short lines
   are subheadings; the dateline (本报讯…) and jump lines (下转第二版, 上接第一版) are taken
   out of the body (``fields``).

``page`` puts these together; ``readings`` holds what comes out.
"""

from .page import Page, body_size, read_page
from .readings import Line, PageReading, StoryReading

__all__ = ["Line", "Page", "PageReading", "StoryReading", "body_size", "read_page"]
