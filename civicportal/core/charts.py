"""Server-side charts: the geometry of bar and line charts, worked out from labelled values, for SVG templates.

The functions are pure: they take labels and numbers and return frozen dataclasses that
`includes/bar_chart.html` and `includes/line_chart.html` draw. A chart never stands alone: each carries
the rows of the table that shows the same figures, so a page shows both. Colours are SVG presentation
attributes (the Content Security Policy forbids style attributes), each with at least 3:1 contrast on
white, and line series also differ by marker shape so that colour is never the only cue.
"""

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

# Dark enough against white for graphical objects (WCAG 1.4.11), distinct from one another.
PALETTE = ("#00535f", "#a3400e", "#5b3f99", "#1d6b2e", "#6b5e00", "#8c1c4a")
MARKERS = ("circle", "square", "triangle", "diamond")
FONT_SIZE = 14
CHAR_WIDTH = 7.6  # an average character of the 14px sans-serif labels, to size the label column


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
class Bar:
    label: str
    value: float
    display: str
    y: float
    width: float
    label_y: float
    value_x: float


@dataclass(frozen=True)
class BarChart:
    """A horizontal bar chart: one bar per label, the value written at the end of each bar."""

    title: str
    width: int
    height: int
    label_width: float
    bar_height: float
    plot_left: float
    plot_width: float
    bars: tuple[Bar, ...]
    ticks: tuple[Tick, ...]
    colour: str
    value_heading: str

    @property
    def is_empty(self) -> bool:
        return not self.bars

    @property
    def label_x(self) -> float:
        """Return where the bar labels end, just left of the bars."""
        return round(self.label_width - 8, 2)

    @property
    def table_rows(self) -> tuple[tuple[str, str], ...]:
        """Return (label, formatted value) for the table beside the chart."""
        return tuple((bar.label, bar.display) for bar in self.bars)


def bar_chart(
    values: Sequence[tuple[str, float]],
    *,
    title: str,
    value_heading: str = "Value",
    format_value: Callable[[float], str] = _default_format,
    width: int = 640,
    bar_height: int = 24,
    gap: int = 10,
    maximum: float | None = None,
    colour: str = PALETTE[0],
    ticks: int = 4,
) -> BarChart:
    """Return the geometry of a horizontal bar chart of (label, value) pairs, in the order given."""
    longest = max((len(label) for label, _ in values), default=0)
    label_width = min(max(longest * CHAR_WIDTH + 12, 60), width * 0.45)
    value_room = max((len(format_value(value)) for _, value in values), default=0) * CHAR_WIDTH + 12
    plot_left = label_width
    plot_width = max(width - label_width - value_room, 40)
    top = FONT_SIZE + 10  # room for the scale's labels above the bars
    top_value = nice_maximum(maximum if maximum is not None else max((v for _, v in values), default=0))
    bars = []
    for index, (label, value) in enumerate(values):
        y = top + index * (bar_height + gap)
        bar_width = plot_width * max(value, 0) / top_value
        bars.append(
            Bar(
                label=label,
                value=value,
                display=format_value(value),
                y=y,
                width=round(bar_width, 2),
                label_y=y + bar_height / 2 + FONT_SIZE * 0.35,
                value_x=round(plot_left + bar_width + 6, 2),
            )
        )
    height = top + len(values) * (bar_height + gap) + gap
    scale = tuple(
        Tick(round(plot_left + plot_width * step / ticks, 2), format_value(top_value * step / ticks))
        for step in range(ticks + 1)
    )
    return BarChart(
        title=title,
        width=width,
        height=int(height),
        label_width=label_width,
        bar_height=bar_height,
        plot_left=plot_left,
        plot_width=plot_width,
        bars=tuple(bars),
        ticks=scale,
        colour=colour,
        value_heading=value_heading,
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


def line_chart(
    series: Mapping[str, Sequence[tuple[str, float | None]]],
    *,
    title: str,
    categories: Sequence[str] | None = None,
    minimum: float = 0,
    maximum: float | None = None,
    format_value: Callable[[float], str] = _default_format,
    width: int = 640,
    height: int = 320,
    ticks: int = 5,
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
    legend_rows = math.ceil(len(series) / 2)
    plot_left, plot_top = 56.0, 16.0
    plot_width = width - plot_left - 24
    plot_height = height - plot_top - FONT_SIZE * 3 - legend_rows * (FONT_SIZE + 10)

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
                legend_x=round(plot_left + 6 + (number % 2) * plot_width / 2, 2),
                legend_y=round(plot_top + plot_height + FONT_SIZE * 3 + (number // 2) * (FONT_SIZE + 10), 2),
            )
        )
    y_ticks = tuple(
        Tick(round(y_of(minimum + span * step / ticks), 2), format_value(minimum + span * step / ticks))
        for step in range(ticks + 1)
    )
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
        error_bars=error_bars,
        reference=reference_line,
    )


def _path(points: Sequence[Point]) -> str:
    first, *rest = points
    return " ".join([f"M{first.x},{first.y}", *(f"L{point.x},{point.y}" for point in rest)])
