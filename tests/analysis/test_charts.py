"""Charts drawn as SVG on the server (analysis/charts.py): what a reader of the page or the PDF
sees of them."""

from maillage.analysis import charts


def test_numbers_are_written_the_french_way():
    assert charts.number_text(1234.0) == "1\u202f230"  # three significant digits
    assert charts.number_text(73.456) == "73,5"
    assert charts.number_text(40.0) == "40"
    assert charts.number_text(0.5) == "0,5"
    assert charts.number_text(0) == "0"


def test_a_bar_chart_shows_each_value_its_label_and_the_target():
    rows = [("Pas du tout", 12.0), ("Plutôt oui", 40.0), ("Tout à fait <d'accord>", 48.0)]
    drawn = charts.draw(charts._spec(rows, horizontal=True, unit="%", target=50.0, height=180))
    assert drawn.startswith('<svg aria-hidden="true" focusable="false"')
    assert drawn.count(f'fill="{charts.PRIMARY}"') == 3  # one bar per row
    assert "Plutôt oui" in drawn and "48" in drawn and "&lt;d&#x27;accord&gt;" in drawn
    assert f'stroke="{charts.TARGET}"' in drawn  # the target as a dashed line
    vertical = charts.draw(
        charts._spec(rows[:2], horizontal=False, unit="", target=None, height=180)
    )
    assert vertical.count(f'fill="{charts.PRIMARY}"') == 2 and charts.TARGET not in vertical


def test_nothing_to_draw_gives_no_chart():
    assert charts.svg([("A", None), ("B", None)]) == ""
