"""Search settings: the platform's. Ranking and evidence weights are in `domain.ranking`, not here:
they are part of what a result means, and changing them changes every test's expectations."""

from __future__ import annotations

import dataclasses

from kantine.config import PlatformSettings


@dataclasses.dataclass(frozen=True)
class SearchSettings(PlatformSettings):
    pass
