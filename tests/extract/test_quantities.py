"""Numbers with units in the styles of KCNA and the wires."""

import pytest

from nkwatch.extract.quantities import find_quantities
from nkwatch.packs import load_pack

UNITS = load_pack().lexicons["units"]


@pytest.mark.parametrize("text, expected", [
    ("a ceremony for 12 000 new flats", [(12000, "home")]),
    ("the 5,000-ton destroyer", [(5000, "ton")]),
    ("factories in 20 cities and counties", [(20, "county")]),
    ("ten months after breaking ground", [(10, "month")]),
    ("8.7 thousand tonnes", [(8700, "ton")]),
    ("16.3 million tons of coal", [(16300000, "ton")]),
    ("an annual capacity of around 2Mta", [(2000000, "ton")]),
    ("less than 30% of capacity", [(30, "percent")]),
    ("trade of over $28 million", [(28000000, "usd")]),
    ("the 260-hectare site", [(260, "hectare")]),
    ("some 60 000 summer and spring garments", [(60000, "item")]),
    ("over 320 garment producing units", [(320, "factory")]),
    ("1 800-odd days", [(1800, "day")]),
    ("the 850-meter-long bridge", [(850, "m")]),
    ("1,000 kilowatt-hours", [(1000, "kWh")]),
    ("factories in 20 regional areas", [(20, "county")]),
])
def test_units(text, expected):
    assert [(q.value, q.unit) for q in find_quantities(text, UNITS)] == expected


def test_bare_numbers_and_years_are_not_quantities():
    assert find_quantities("In 2023 he said 12 times that it was fine.", UNITS) == []
