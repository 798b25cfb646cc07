"""Screen composition that never splits a double-width (Chinese) character.

Textual's compositor cuts every screen line at each edge of every widget on it, also the
edges of widgets hidden underneath an overlay (a toast, a dialog, a drop-down list), and
divides each widget's line at all of those cuts. When a cut falls in the middle of a
two-cell character of the overlay, both halves become a space: a toast “已导出：成稿/青山镇”
crossing the editor's right border shows “成稿/青  镇”.

Here a widget's line is divided only where another widget actually takes over, so the
pieces a widget wins next to one another stay one piece and keep their characters whole.
A character that really is half covered by another widget still becomes a space.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from itertools import pairwise
from typing import cast

import textual.screen
from textual._compositor import ChopsUpdate, Compositor
from textual.geometry import Region
from textual.strip import Strip

_EMPTY = Strip([], 0)


class WholeCharCompositor(Compositor):
    """The compositor with chops that keep wide characters whole."""

    def _render_chops(
        self,
        crop: Region,
        is_rendered_line: Callable[[int], bool],
    ) -> Sequence[Mapping[int, Strip]]:
        cuts = self.cuts
        chops: list[dict[int, Strip | None]] = [dict.fromkeys(cut_set[:-1]) for cut_set in cuts]
        # front to back: the first widget to fill a chop wins it
        for region, clip, strips in self._get_renders(crop):
            render_region = region.intersection(clip)
            render_x = render_region.x
            first_cut, last_cut = render_region.column_span
            for y, strip in zip(render_region.line_range, strips, strict=False):
                if not is_rendered_line(y):
                    continue
                chops_line = chops[y]
                line_cuts = [cut for cut in cuts[y] if first_cut <= cut <= last_cut]
                run_start: int | None = None
                run_end = 0
                for cut, next_cut in pairwise(line_cuts):
                    if chops_line.get(cut) is not None:  # a widget in front has this chop
                        if run_start is not None:
                            chops_line[run_start] = strip.crop(
                                run_start - render_x, run_end - render_x
                            )
                            run_start = None
                        continue
                    if run_start is None:
                        run_start = cut
                    else:
                        chops_line[cut] = _EMPTY  # now part of the piece at run_start
                    run_end = next_cut
                if run_start is not None:
                    chops_line[run_start] = strip.crop(run_start - render_x, run_end - render_x)
        return cast("Sequence[Mapping[int, Strip]]", chops)

    def render_partial_update(self) -> ChopsUpdate | None:
        # as Compositor.render_partial_update, but a chop ends where its strip ends: a piece
        # may now reach over the next cuts (whose chops are empty), and an update starting
        # inside it must still draw it from there
        screen_region = self.size.region
        update_regions = set(self._dirty_regions)
        self._dirty_regions.clear()
        if not update_regions:
            return None
        crop = Region.from_union(list(update_regions)).intersection(screen_region)
        spans = list(self._regions_to_spans(update_regions))
        is_rendered_line = {y for y, _, _ in spans}.__contains__
        chops = self._render_chops(crop, is_rendered_line)
        chop_ends = [
            [
                cut if strip is None else x + strip.cell_length
                for (x, strip), cut in zip(line.items(), cut_set[1:], strict=False)
            ]
            for line, cut_set in zip(chops, self.cuts, strict=False)
        ]
        return ChopsUpdate(chops, spans, chop_ends)


def install_whole_char_compositor() -> None:
    """Make every screen created from now on in this process compose with whole characters."""
    textual.screen.Compositor = WholeCharCompositor  # type: ignore[misc]
