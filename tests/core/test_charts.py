"""The chart helper: bar and line chart geometry from labelled values, and the templates that draw them."""

import itertools
from pathlib import Path

from django.conf import settings
from django.template.loader import render_to_string

from civicportal.core import charts


def test_nice_maximum_rounds_up_to_a_readable_number():
    assert charts.nice_maximum(1800) == 2000
    assert charts.nice_maximum(85) == 100
    assert charts.nice_maximum(230) == 250
    assert charts.nice_maximum(0) == 1


def test_bars_are_as_long_as_their_share_of_the_axis():
    chart = charts.bar_chart([("A", 50), ("B", 100)], title="T")

    assert chart.bars[1].width == chart.plot_width
    assert chart.bars[0].width == chart.plot_width / 2


def test_bars_keep_the_order_given_and_sit_one_under_another():
    chart = charts.bar_chart([("First", 1), ("Second", 3)], title="T")

    assert [bar.label for bar in chart.bars] == ["First", "Second"]
    assert chart.bars[0].y < chart.bars[1].y


def test_bar_values_are_shown_with_the_given_format():
    chart = charts.bar_chart([("A", 1234.5)], title="T", format_value=lambda v: f"£{v:,.2f}")

    assert chart.table_rows == (("A", "£1,234.50"),)


def test_a_negative_value_draws_no_bar():
    assert charts.bar_chart([("A", -5), ("B", 10)], title="T").bars[0].width == 0


def test_an_empty_bar_chart_is_empty():
    assert charts.bar_chart([], title="T").is_empty


def test_line_points_rise_with_their_values():
    chart = charts.line_chart({"City": [("2015", 60), ("2016", 80)]}, title="T", maximum=100)
    low, high = chart.series[0].points

    assert high.y < low.y
    assert chart.series[0].paths == (f"M{low.x},{low.y} L{high.x},{high.y}",)


def test_a_missing_value_breaks_the_line():
    chart = charts.line_chart({"City": [("2014", 50), ("2015", None), ("2016", 70), ("2017", 72)]}, title="T")

    assert len(chart.series[0].points) == 3
    assert len(chart.series[0].paths) == 1  # the lone 2014 point is a marker with no line


def test_series_differ_by_colour_and_marker():
    chart = charts.line_chart({"A": [("1", 1)], "B": [("1", 2)]}, title="T")

    assert chart.series[0].colour != chart.series[1].colour
    assert chart.series[0].marker != chart.series[1].marker


def test_line_chart_table_has_a_row_per_category_and_a_column_per_series():
    chart = charts.line_chart({"City": [("2016", 85)], "Ward": [("2016", None)]}, title="T")

    assert chart.table_rows == (("2016", ("85", "–")),)


def test_a_single_year_is_placed_in_the_middle():
    chart = charts.line_chart({"City": [("2016", 85)]}, title="T")

    assert chart.series[0].points[0].x == chart.plot_left + chart.plot_width / 2


def test_bar_chart_template_draws_an_accessible_svg_and_the_same_figures_as_a_table():
    chart = charts.bar_chart([("Clean and green", 1800), ("Older people", 450)], title="Budget by category")

    html = render_to_string("includes/bar_chart.html", {"chart": chart, "chart_id": "c1"})

    assert 'role="img"' in html
    assert 'aria-labelledby="c1-title"' in html
    assert '<title id="c1-title">Budget by category: Clean and green 1,800; Older people 450</title>' in html
    assert '<th scope="row">Older people</th><td class="text-end" data-label="Value">450</td>' in html
    assert "style=" not in html


def test_bar_chart_template_leaves_out_its_table_when_the_page_has_its_own():
    chart = charts.bar_chart([("A", 1)], title="T")

    html = render_to_string("includes/bar_chart.html", {"chart": chart, "chart_id": "c1", "own_table": True})

    assert "<table" not in html


def test_line_chart_template_draws_an_accessible_svg_and_the_same_figures_as_a_table():
    chart = charts.line_chart({"Nottingham": [("2016", 85)]}, title="Satisfied with the area", maximum=100)

    html = render_to_string("includes/line_chart.html", {"chart": chart, "chart_id": "c2"})

    assert 'role="img"' in html
    assert 'aria-labelledby="c2-title"' in html
    assert '<th scope="row">2016</th><td class="text-end" data-label="Nottingham">85</td>' in html
    assert "style=" not in html


def test_chart_templates_open_with_a_comment_listing_their_variables():
    for name in ("includes/bar_chart.html", "includes/line_chart.html"):
        source = (Path(settings.BASE_DIR) / "templates" / name).read_text()
        assert source.startswith("{% comment %}")
        assert "Takes:" in source


# Charts read on a phone: drawn 360 units wide, shrunk to the 296 pixels a 320 pixel screen leaves.
PHONE_SCALE = 296 / charts.WIDTH


def test_chart_text_stays_at_least_eleven_pixels_high_on_a_phone():
    assert charts.TICK_FONT_SIZE * PHONE_SCALE >= 11
    assert charts.FONT_SIZE * PHONE_SCALE >= 12


def test_a_long_bar_label_wraps_above_its_bar_within_the_chart():
    label = "Physical improvements to streets, parks and other shared spaces"
    chart = charts.bar_chart([(label, 10), ("Short", 5)], title="T")
    long, short = chart.bars

    assert len(long.label_lines) > 1
    assert " ".join(line.text for line in long.label_lines) == label
    assert all(chart.plot_left + charts.text_width(line.text) <= chart.width for line in long.label_lines)
    assert long.label_lines[-1].y < long.y < short.label_lines[0].y


def test_bar_values_and_the_scale_fit_inside_the_chart():
    chart = charts.bar_chart([("A", 123456.78), ("B", 5)], title="T", format_value=lambda v: f"£{v:,.2f}")

    longest = chart.bars[0]
    assert longest.value_x + charts.text_width(longest.display) <= chart.width
    spacing = chart.ticks[1].position - chart.ticks[0].position
    assert all(charts.text_width(tick.label, charts.TICK_FONT_SIZE) < spacing for tick in chart.ticks)
    assert chart.ticks[0].position >= charts.text_width(chart.ticks[0].label, charts.TICK_FONT_SIZE) / 2


def test_axis_labels_of_a_long_series_are_spaced_so_that_they_do_not_overlap():
    years = [f"{year}/{(year + 1) % 100:02d}" for year in range(2008, 2021)]
    chart = charts.line_chart({"City": [(year, 5) for year in years]}, title="T")

    labelled = chart.x_ticks[:: chart.x_label_step]
    gaps = [after.position - before.position for before, after in itertools.pairwise(labelled)]
    assert chart.x_label_step > 1
    assert min(gaps) > charts.text_width("2008/09", charts.TICK_FONT_SIZE)


def test_values_are_written_beside_points_only_when_there_is_room():
    few = charts.line_chart({"City": [(str(year), 85) for year in range(2012, 2017)]}, title="T")
    many = charts.line_chart({"City": [(str(year), 85.5) for year in range(2000, 2030)]}, title="T")

    assert few.shows_point_values
    assert not many.shows_point_values


def test_line_chart_table_rows_pair_each_value_with_its_series_name():
    chart = charts.line_chart({"City": [("2016", 85)], "Ward": [("2016", 80)]}, title="T")

    assert chart.labelled_table_rows == (("2016", (("City", "85"), ("Ward", "80"))),)


def test_a_chart_drawn_from_a_demonstration_value_says_so_in_its_caption():
    chart = charts.bar_chart([("A", 1)], title="Budget by category", demonstration=True)

    html = render_to_string("includes/bar_chart.html", {"chart": chart, "chart_id": "c1"})

    caption = html.split("<figcaption", 1)[1].split("</figcaption>", 1)[0]
    assert "Budget by category" in caption
    assert "Includes demonstration values" in caption


def test_a_chart_of_published_figures_has_no_demonstration_mark():
    chart = charts.line_chart({"Nottingham": [("2016", 85)]}, title="Satisfied with the area", maximum=100)

    html = render_to_string("includes/line_chart.html", {"chart": chart, "chart_id": "c1"})

    assert "Satisfied with the area" in html
    assert "demonstration" not in html.lower()
