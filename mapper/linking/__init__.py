"""Link incidents of different reports into events, and set each event's accounts side by side."""

from mapper.linking.accounts import (
    Account,
    accounts_of,
    claimant_side,
    disagreements,
    sides_of,
    stances,
)
from mapper.linking.candidates import district_neighbours
from mapper.linking.events import events, write_events
from mapper.linking.link import link

__all__ = [
    "Account",
    "accounts_of",
    "claimant_side",
    "disagreements",
    "district_neighbours",
    "events",
    "link",
    "sides_of",
    "stances",
    "write_events",
]
