"""Who may see whose recognition: the organisation's, a country's and a group's switches, and each
person's own choice.

Works councils accept gamification when it cannot be used to rank people against their will, so the
default is generous but every switch turns the personal part off: a scope that is off shows only
aggregates, and only about groups of at least `minimum` people, so nobody can be singled out.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping

ORGANISATION = 1
COUNTRY = 2
GROUP = 3


@dataclasses.dataclass(frozen=True, slots=True)
class Switches:
    """A scope's setting; None follows the scope above (group and country follow the organisation)."""

    leaderboards: bool | None = None
    public_badges: bool | None = None

    def over(self, below: Switches) -> Switches:
        return Switches(
            self.leaderboards if self.leaderboards is not None else below.leaderboards,
            self.public_badges if self.public_badges is not None else below.public_badges,
        )


DEFAULT = Switches(leaderboards=True, public_badges=True)


@dataclasses.dataclass(frozen=True, slots=True)
class Policy:
    organisation: Switches
    countries: Mapping[str, Switches]
    groups: Mapping[str, Switches]
    minimum: int = 5

    def _org(self) -> Switches:
        return self.organisation.over(DEFAULT)

    def for_country(self, country: str) -> Switches:
        return self.countries.get(country, Switches()).over(self._org())

    def leaderboard_personal(self, group_id: str = "") -> bool:
        """Whether a board lists people at all (else it shows aggregates only)."""
        scope = self.groups.get(group_id, Switches()).over(self._org()) if group_id else self._org()
        return bool(scope.leaderboards)

    def ranks(self, country: str, hidden: bool) -> bool:
        """Whether this person may appear by name on a board that lists people."""
        return not hidden and bool(self.for_country(country).leaderboards)

    def badges_public(self, country: str, hidden: bool) -> bool:
        """Whether other people see this person's points, level and badges."""
        return not hidden and bool(self.for_country(country).public_badges)

    def shown(self, people: int) -> bool:
        """Whether an aggregate over this many people may be shown."""
        return people >= self.minimum
