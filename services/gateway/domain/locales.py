"""The languages the web page speaks, and which one a person gets.

A person's profile locale decides; before anyone has signed in, the browser's Accept-Language does.
Norwegian arrives as `nb`, `nn` or plain `no` and is shown in Bokmål, the written standard most
Norwegian workplaces use.
"""

from __future__ import annotations

LANGUAGES = ("en", "da", "nb", "sv", "nl")
_ALIASES = {"no": "nb", "nn": "nb"}


def locale_of(tag: str) -> str:
    """The supported language of a locale tag ("da-DK", "sv_SE", "nn"), or "" when none fits."""
    primary = tag.strip().lower().replace("_", "-").split("-")[0]
    primary = _ALIASES.get(primary, primary)
    return primary if primary in LANGUAGES else ""


def from_accept_language(header: str) -> str:
    """The first supported language the browser asks for, by its q weights; English when none is."""
    choices: list[tuple[float, int, str]] = []
    for position, part in enumerate(header.split(",")[:20]):
        tag, _, params = part.strip().partition(";")
        weight = 1.0
        if params.strip().startswith("q="):
            try:
                weight = float(params.strip()[2:])
            except ValueError:
                continue
        language = locale_of(tag)
        if language and weight > 0:
            choices.append((-weight, position, language))
    return min(choices)[2] if choices else "en"
