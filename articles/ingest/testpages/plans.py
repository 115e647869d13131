"""Page layouts: the styles of the two variants and the modules each page is made of."""

from dataclasses import dataclass

from .stories import Story


@dataclass
class Module:
    story: Story
    rect: tuple  # fractions of the content area: x, y, w, h
    columns: int = 1
    boxed: bool = False
    part: str = "whole"  # whole | first | rest
    photo: bool = False
    briefs: bool = False
    jump_page: int = 0  # the page a "first" part continues on / a "rest" part comes from


@dataclass
class Style:
    page: tuple
    margin: float
    body: float
    leading: float
    lead_title: float
    title: float
    kicker: float
    subtitle: float
    brief_title: float
    rules: bool


STYLES = {
    "tune": Style((842, 1191), 36, 9, 13, 30, 20, 13, 13, 13.5, True),
    "heldout": Style((1077.12, 1530.96), 43, 8.5, 12.5, 34, 22, 14, 12.5, 13, False),
}


class PlansMixin:
    """For ``Edition``: needs ``variant``, ``n_pages`` and ``story()``."""

    def plan(self, number: int, jump_from: Story | None) -> tuple[list, Story | None]:
        """The modules of page ``number`` and the story that jumps to the next page."""
        if self.variant == "tune":
            return self._plan_tune(number, jump_from)
        return self._plan_heldout(number, jump_from)

    def _plan_tune(self, number: int, jump_from: Story | None) -> tuple[list, Story | None]:
        jumps_on = number % 4 == 1 and number < self.n_pages
        M = Module
        kind = 1 if number == 1 else (2 if jump_from else (3 if number % 2 else 4))
        if kind == 1 or (kind == 3 and jumps_on):
            j = self.story("jump")
            mods = [
                M(self.story("lead", lead=True), (0, 0, 1, 0.46), 4),
                M(j, (0, 0.46, 0.68, 0.54), 3, part="first", jump_page=number + 1),
                M(self.story("commentary"), (0.68, 0.46, 0.32, 0.54), 1, boxed=True),
            ]
            return mods, j
        if kind == 2:
            return [
                M(jump_from, (0, 0, 1, 0.22), 4, part="rest", jump_page=number - 1),
                M(self.story("photo"), (0, 0.22, 0.72, 0.78), 3, photo=True),
                M(None, (0.72, 0.22, 0.28, 0.78), 1, briefs=True),
            ], None
        if kind == 3:
            return [
                M(self.story("plain"), (0, 0, 0.5, 0.5), 2),
                M(self.story("plain"), (0.5, 0, 0.5, 0.5), 2),
                M(self.story("plain"), (0, 0.5, 0.5, 0.5), 2),
                M(self.story("photo"), (0.5, 0.5, 0.5, 0.5), 2, photo=True),
            ], None
        return [
            M(self.story("lead", lead=True), (0, 0, 0.7, 0.55), 3),
            M(None, (0.7, 0, 0.3, 1), 1, briefs=True),
            M(self.story("commentary"), (0, 0.55, 0.7, 0.45), 2, boxed=True),
        ], None

    def _plan_heldout(self, number: int, jump_from: Story | None) -> tuple[list, Story | None]:
        jumps_on = number % 4 == 1 and number < self.n_pages
        M = Module
        if jump_from:
            return [
                M(self.story("photo"), (0, 0, 0.5, 0.6), 2, photo=True),
                M(self.story("plain"), (0.5, 0, 0.5, 0.6), 3),
                M(jump_from, (0, 0.6, 1, 0.4), 5, part="rest", jump_page=number - 1),
            ], None
        if number == 1 or jumps_on:
            j = self.story("jump")
            return [
                M(self.story("commentary"), (0, 0, 0.3, 0.5), 1, boxed=True),
                M(self.story("lead", lead=True), (0.3, 0, 0.7, 0.5), 4),
                M(None, (0, 0.5, 0.25, 0.5), 1, briefs=True),
                M(j, (0.25, 0.5, 0.75, 0.5), 4, part="first", jump_page=number + 1),
            ], j
        if number % 2 == 0:
            return [
                M(self.story("plain"), (0, 0, 0.75, 0.5), 4),
                M(self.story("plain"), (0, 0.5, 0.75, 0.5), 3),
                M(None, (0.75, 0, 0.25, 1), 1, briefs=True),
            ], None
        return [
            M(self.story("lead", lead=True), (0, 0, 1, 0.5), 5),
            M(self.story("photo"), (0, 0.5, 0.6, 0.5), 3, photo=True),
            M(self.story("commentary"), (0.6, 0.5, 0.4, 0.5), 2, boxed=True),
        ], None
