"""Server-side charts: the geometry of bar and line charts, worked out from labelled values, for SVG templates.

The functions are pure: they take labels and numbers and return frozen dataclasses that
`includes/bar_chart.html` and `includes/line_chart.html` draw. A chart never stands alone: each carries
the rows of the table that shows the same figures, so a page shows both. Colours are SVG presentation
attributes (the Content Security Policy forbids style attributes), each with at least 3:1 contrast on
white, and line series also differ by marker shape so that colour is never the only cue. A chart drawn from
any demonstration value (a figure the sources do not give) is built with `demonstration=True`, and its caption
says so.

Charts are drawn narrow (WIDTH units across) with large text, so that one drawing reads on a phone and on a
desktop alike: shrunk to the 296 pixels a 320 pixel phone leaves, text of TICK_FONT_SIZE is still drawn about
11.5 pixels high and labels of FONT_SIZE about 13; the stylesheet lets a chart grow only a little past WIDTH
pixels. Bar labels sit above their bars and wrap, axis labels are spaced so that they never overlap, and
values are written beside their points only where there is room (the table always has them).
"""

import math
import textwrap
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

# Dark enough against white for graphical objects (WCAG 1.4.11), distinct from one another.
PALETTE = ("#00535f", "#a3400e", "#5b3f99", "#1d6b2e", "#6b5e00", "#8c1c4a")
MARKERS = ("circle", "square", "triangle", "diamond")
WIDTH = 360
FONT_SIZE = 16  # bar labels, values and legends
TICK_FONT_SIZE = 14  # axis labels and the values beside points
LINE_HEIGHT = 20  # between the lines of a wrapped bar label


def text_width(text: str, font_size: float = FONT_SIZE) -> float:
    """Return about how wide a text is drawn in the charts' sans-serif font (an average character)."""
    return len(text) * font_size * 0.6


def _default_format(value: float) -> str:
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.1f}"


def nice_maximum(value: float) -> float:
    """Return a round number at or above `value` for the end of an axis: 1, 2, 2.5 or 5 times a power of ten."""
    if value <= 0:
        return 1
    power = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 2.5, 5, 10):
        if value <= step * power:
            return step * power
    return 10 * power  # pragma: no cover - the loop always returns


@dataclass(frozen=True)
class Tick:
    position: float
    label: str


@dataclass(frozen=True)
class LabelLine:
    text: str
    y: float


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    display: str
    y: float
    width: float
    label_lines: tuple[LabelLine, ...]  # the label, wrapped, above the bar
    value_x: float
    value_y: float


@dataclass(frozen=True)
class BarChart:
    """A horizontal bar chart: one bar per label, the label above its bar and the value at the end of it."""

    title: str
    width: int
    height: int
    bar_height: float
    plot_left: float
    plot_width: float
    bars: tuple[Bar, ...]
    ticks: tuple[Tick, ...]
    colour: str
    value_heading: str
    # Drawn from at least one demonstration value: the caption says so, as the table beside it does.
    demonstration: bool = False

    @property
    def is_empty(self) -> bool:
        return not self.bars

    @property
    def table_rows(self) -> tuple[tuple[str, str], ...]:
        """Return (label, formatted value) for the table beside the chart."""
        return tuple((bar.label, bar.display) for bar in self.bars)


def _tick_count(plot_width: float, widest_label: float, most: int) -> int:
    """Return how many steps (4, 2 or 1, at most `most`) the scale can be cut into with no labels overlapping."""
    for count in (4, 2, 1):
        if count <= most and plot_width / count >= widest_label + 12:
            return count
    return 1


def bar_chart(
    values: Sequence[tuple[str, float]],
    *,
    title: str,
    value_heading: str = "Value",
    format_value: Callable[[float], str] = _default_format,
    width: int = WIDTH,
    bar_height: int = 20,
    gap: int = 14,
    maximum: float | None = None,
    colour: str = PALETTE[0],
    ticks: int = 4,
    demonstration: bool = False,
) -> BarChart:
    """Return the geometry of a horizontal bar chart of (label, value) pairs, in the order given."""
    top_value = nice_maximum(maximum if maximum is not None else max((v for _, v in values), default=0))
    widest_tick = max(text_width(format_value(top_value * step / 4), TICK_FONT_SIZE) for step in range(5))
    value_room = max((text_width(format_value(value)) for _, value in values), default=0) + 10
    # The scale's labels are centred on their lines: room at the left for the first one.
    plot_left = round(widest_tick / 2 + 2, 1)
    plot_width = round(max(width - plot_left - max(value_room, widest_tick / 2 + 2), 40), 1)
    ticks = _tick_count(plot_width, widest_tick, ticks)
    characters_per_line = max(int((width - plot_left) / text_width("x")), 8)
    bars = []
    y = TICK_FONT_SIZE + 12.0  # room for the scale's labels above the bars
    for label, value in values:
        lines = textwrap.wrap(label, characters_per_line) or [""]
        label_lines = tuple(LabelLine(line, y + FONT_SIZE + number * LINE_HEIGHT) for number, line in enumerate(lines))
        bar_y = y + FONT_SIZE + (len(lines) - 1) * LINE_HEIGHT + 6
        bar_width = plot_width * max(value, 0) / top_value
        bars.append(
            Bar(
                label=label,
                value=value,
                display=format_value(value),
                y=bar_y,
                width=round(bar_width, 2),
                label_lines=label_lines,
                value_x=round(plot_left + bar_width + 6, 2),
                value_y=round(bar_y + bar_height / 2 + FONT_SIZE * 0.35, 2),
            )
        )
        y = bar_y + bar_height + gap
    scale = tuple(
        Tick(round(plot_left + plot_width * step / ticks, 2), format_value(top_value * step / ticks))
        for step in range(ticks + 1)
    )
    return BarChart(
        title=title,
        width=width,
        height=math.ceil(y),
        bar_height=bar_height,
        plot_left=plot_left,
        plot_width=plot_width,
        bars=tuple(bars),
        ticks=scale,
        colour=colour,
        value_heading=value_heading,
        demonstration=demonstration,
    )


@dataclass(frozen=True)
class Point:
    x: float
    y: float
    category: str
    value: float
    display: str


@dataclass(frozen=True)
class Series:
    name: str
    colour: str
    marker: str
    points: tuple[Point, ...]
    paths: tuple[str, ...]  # one SVG path per unbroken run of values; a missing value breaks the line
    legend_x: float
    legend_y: float

    @property
    def legend_text_x(self) -> float:
        return round(self.legend_x + 16, 2)


@dataclass(frozen=True)
class ErrorBar:
    """The interval around one value, drawn as a vertical bar with caps: from `top` (the upper end) to `bottom`."""

    x: float
    top: float
    bottom: float
    category: str
    display: str

    @property
    def cap_left(self) -> float:
        return round(self.x - 6, 2)

    @property
    def cap_right(self) -> float:
        return round(self.x + 6, 2)


@dataclass(frozen=True)
class Reference:
    """A horizontal line across the plot at one value, such as a target, with its label."""

    value: float
    label: str


@dataclass(frozen=True)
class ReferenceLine:
    y: float
    label: str
    label_x: float
    label_y: float


@dataclass(frozen=True)
class LineChart:
    """A line chart of one or more series over shared categories (years, months), with markers at each value."""

    title: str
    width: int
    height: int
    plot_left: float
    plot_top: float
    plot_width: float
    plot_height: float
    categories: tuple[str, ...]
    x_ticks: tuple[Tick, ...]
    y_ticks: tuple[Tick, ...]
    series: tuple[Series, ...]
    table_rows: tuple[tuple[str, tuple[str, ...]], ...]
    x_label_step: int = 1  # label every nth category, so that the axis labels never overlap
    shows_point_values: bool = True  # whether there is room to write each value beside its point
    demonstration: bool = False
    error_bars: tuple[ErrorBar, ...] = ()
    reference: ReferenceLine | None = None

    @property
    def is_empty(self) -> bool:
        return not any(s.points for s in self.series)

    @property
    def plot_bottom(self) -> float:
        return self.plot_top + self.plot_height

    @property
    def plot_right(self) -> float:
        return self.plot_left + self.plot_width

    @property
    def y_label_x(self) -> float:
        return self.plot_left - 8

    @property
    def labelled_table_rows(self) -> tuple[tuple[str, tuple[tuple[str, str], ...]], ...]:
        """Return the table's rows with each value paired with its series' name, the label of its cell on a phone."""
        names = [series.name for series in self.series]
        return tuple((category, tuple(zip(names, displays, strict=True))) for category, displays in self.table_rows)


def line_chart(
    series: Mapping[str, Sequence[tuple[str, float | None]]],
    *,
    title: str,
    categories: Sequence[str] | None = None,
    minimum: float = 0,
    maximum: float | None = None,
    format_value: Callable[[float], str] = _default_format,
    width: int = WIDTH,
    height: int = 280,
    ticks: int = 5,
    demonstration: bool = False,
    intervals: Mapping[str, tuple[float, float]] | None = None,
    reference: Reference | None = None,
) -> LineChart:
    """Return the geometry of a line chart: each series maps categories (in order) to values or None.

    `intervals` maps a category to the (lower, upper) ends of an interval around the first series' value there,
    drawn as error bars; `reference` is a horizontal line, such as a target. The axis makes room for both.
    """
    intervals = intervals or {}
    if categories is None:
        seen = []
        for values in series.values():
            seen += [category for category, _ in values if category not in seen]
        categories = seen
    categories = tuple(categories)
    numbers = [value for values in series.values() for _, value in values if value is not None]
    numbers += [upper for _, upper in intervals.values()]
    if reference is not None:
        numbers.append(reference.value)
    top_value = maximum if maximum is not None else nice_maximum(max(numbers, default=minimum + 1))
    span = (top_value - minimum) or 1
    y_labels = [format_value(minimum + span * step / ticks) for step in range(ticks + 1)]
    widest_category = max((text_width(category, TICK_FONT_SIZE) for category in categories), default=0)
    widest_value = max((text_width(format_value(number), TICK_FONT_SIZE) for number in numbers), default=0)
    # Room left of the plot for the scale, and on both sides for the first and last axis labels, centred on points.
    widest_y_label = max(text_width(label, TICK_FONT_SIZE) for label in y_labels)
    plot_left = round(max(widest_y_label + 12, widest_category / 2 + 4, 32), 1)
    plot_top = 20.0
    plot_width = round(width - plot_left - max(20, widest_category / 2 + 4), 1)
    legend_top = height - len(series) * (FONT_SIZE + 8)  # one series' key a line, under the axis labels
    plot_height = legend_top - plot_top - TICK_FONT_SIZE - 18
    spacing = plot_width / (len(categories) - 1) if len(categories) > 1 else plot_width

    def x_of(index: int) -> float:
        if len(categories) == 1:
            return plot_left + plot_width / 2
        return plot_left + plot_width * index / (len(categories) - 1)

    def y_of(value: float) -> float:
        return plot_top + plot_height * (1 - (value - minimum) / span)

    drawn = []
    for number, (name, values) in enumerate(series.items()):
        by_category = dict(values)
        points, paths, run = [], [], []
        for index, category in enumerate(categories):
            value = by_category.get(category)
            if value is None:
                if run:
                    paths.append(_path(run))
                run = []
                continue
            point = Point(round(x_of(index), 2), round(y_of(value), 2), category, value, format_value(value))
            points.append(point)
            run.append(point)
        if run:
            paths.append(_path(run))
        drawn.append(
            Series(
                name=name,
                colour=PALETTE[number % len(PALETTE)],
                marker=MARKERS[number % len(MARKERS)],
                points=tuple(points),
                paths=tuple(path for path in paths if " L" in path),
                legend_x=8.0,
                legend_y=round(legend_top + FONT_SIZE / 2 + number * (FONT_SIZE + 8), 2),
            )
        )
    y_ticks = tuple(Tick(round(y_of(minimum + span * step / ticks), 2), y_labels[step]) for step in range(ticks + 1))
    x_ticks = tuple(Tick(round(x_of(index), 2), category) for index, category in enumerate(categories))
    error_bars = tuple(
        ErrorBar(
            x=round(x_of(categories.index(category)), 2),
            top=round(y_of(upper), 2),
            bottom=round(y_of(lower), 2),
            category=category,
            display=f"{format_value(lower)} to {format_value(upper)}",
        )
        for category, (lower, upper) in intervals.items()
        if category in categories
    )
    reference_line = None
    if reference is not None:
        y = round(y_of(reference.value), 2)
        reference_line = ReferenceLine(
            y=y, label=reference.label, label_x=round(plot_left + plot_width - 4, 2), label_y=round(y - 6, 2)
        )
    rows = tuple(
        (
            category,
            tuple(
                format_value(dict(values)[category]) if dict(values).get(category) is not None else "–"
                for values in series.values()
            ),
        )
        for category in categories
    )
    return LineChart(
        title=title,
        width=width,
        height=height,
        plot_left=plot_left,
        plot_top=plot_top,
        plot_width=plot_width,
        plot_height=plot_height,
        categories=categories,
        x_ticks=x_ticks,
        y_ticks=y_ticks,
        series=tuple(drawn),
        table_rows=rows,
        x_label_step=max(1, math.ceil((widest_category + 8) / spacing)),
        shows_point_values=spacing >= widest_value + 4,
        demonstration=demonstration,
        error_bars=error_bars,
        reference=reference_line,
    )


def _path(points: Sequence[Point]) -> str:
    first, *rest = points
    return " ".join([f"M{first.x},{first.y}", *(f"L{point.x},{point.y}" for point in rest)])
