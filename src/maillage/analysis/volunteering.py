"""Valuing volunteer time: hours × an hourly rate, by default the gross minimum wage (SMIC) in
force on the day the hours were given. The rate can be set instead (`hourly_rate` in an
indicator's source parameters), for instance the wage of an equivalent post with its charges.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

# Gross hourly SMIC, from the day each rate came into force (décrets de revalorisation).
SMIC_HOURLY = [
    (date(2021, 1, 1), Decimal("10.25")),
    (date(2021, 10, 1), Decimal("10.48")),
    (date(2022, 1, 1), Decimal("10.57")),
    (date(2022, 5, 1), Decimal("10.85")),
    (date(2022, 8, 1), Decimal("11.07")),
    (date(2023, 1, 1), Decimal("11.27")),
    (date(2023, 5, 1), Decimal("11.52")),
    (date(2024, 1, 1), Decimal("11.65")),
    (date(2024, 11, 1), Decimal("11.88")),
    (date(2026, 1, 1), Decimal("12.02")),
]


def smic_on(day: date) -> Decimal:
    """The gross hourly SMIC in force on `day` (the earliest known rate before 2021)."""
    rate = SMIC_HOURLY[0][1]
    for start, value in SMIC_HOURLY:
        if start <= day:
            rate = value
    return rate


def valued(hours: Decimal, day: date, hourly_rate: Decimal | None = None) -> Decimal:
    return (Decimal(hours) * (hourly_rate or smic_on(day))).quantize(Decimal("0.01"))
