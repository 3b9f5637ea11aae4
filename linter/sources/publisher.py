"""Who publishes an article, read from its metadata, so a check can tell the publisher's
own offers from a third party's.

Markdown front matter and an HTML page's meta tags name the publisher ("og:site_name",
"publisher: Meridian Health", an author such as "Trimwell Clinical Team") and its address
(a canonical link, "url:"); so does the page's last copyright line ("© 2024 Steadfast
Health Inc."), which a footer carries when the metadata names no one. A link leads to
the publisher's own site when it is relative, when its host is the publisher's, or when
its domain opens with the publisher's name (meridianhealth.com for Meridian); an app's
deep link when its scheme is that name (bloomly:// for Bloomly). Which fields and words count is data: the rule that asks says.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import SplitResult, urlsplit

from .document import DOMAIN_WITH_PATH, Document

WORD = re.compile(r"[^\W_]+")
MIN_NAME_LENGTH = 4  # shorter words ("Nu", "One") open too many unrelated domains
WEB_SCHEMES = frozenset(("http", "https"))
BARE_DOMAIN = re.compile(DOMAIN_WITH_PATH, re.IGNORECASE)  # "amzn.to/3abc", as plain text gives it
# "© 2024 Steadfast Health Inc.", "Copyright 2019-2024 Bloomly": the capitalised words after
# the mark (in any case) and any years.
COPYRIGHT = re.compile(r"(?:©|\((?i:c)\)|\b(?i:copyright)\b)\s*(?:(?:19|20)\d\d(?:\s*[-–]\s*(?:19|20)?\d\d)?,?\s+)?"
                       r"((?:[A-Z][\w&'’-]*\s?){1,4})")


@dataclass(frozen=True)
class Publisher:
    """The names (lowercase, single words and whole names) and hosts the article's metadata
    gives its publisher."""

    names: frozenset[str]
    hosts: frozenset[str]

    def as_ours(self, text: str) -> str | None:
        """`text` with each of the publisher's names read as "our" ("order on the SwasthyaPlus
        app": "order on the our app"), so that words which tell the publisher's own offers
        apart find them by name too; None when it names the publisher nowhere."""
        if not self.names:
            return None
        names = "|".join(re.escape(name) for name in sorted(self.names, key=len, reverse=True))
        replaced, count = re.subn(rf"(?<![^\W_])(?:{names})(?![^\W_])", "our", text, flags=re.IGNORECASE)
        return replaced if count else None

    def owns(self, href: str) -> bool:
        """Whether a link leads to the publisher's own site or app; a malformed one
        ("http://[::1") leads nowhere."""
        split = url_parts(href)
        if split is None:
            return False
        parts, host = split
        if not parts.scheme and not parts.netloc:
            return True  # relative: "/plus", "#pricing"
        if parts.scheme and parts.scheme.lower() not in WEB_SCHEMES:
            return parts.scheme.lower() in self.names  # an app's deep link: "bloomly://premium"
        host = host.removeprefix("www.")
        if any(host == own or host.endswith("." + own) for own in self.hosts):
            return True
        labels = host.split(".")[:-1]  # not the top-level domain
        return any(label.startswith(name) for label in labels for name in self.names)


@dataclass(frozen=True)
class PublisherFields:
    """Which metadata fields name the publisher: `name_fields` always, `team_fields` (bylines)
    only for a team ("Alinea Clinical Team", not "Dr Hannah Reeves"); `url_fields` give its
    address. `generic_words` ("health", "clinical") name no one in particular."""

    name_fields: tuple[str, ...]
    team_fields: tuple[str, ...]
    team_words: frozenset[str]
    url_fields: tuple[str, ...]
    generic_words: frozenset[str]

    def of(self, document: Document) -> Publisher:
        fields = {str(key).lower(): value for key, value in document.metadata.items()}
        fields.update((str(key).lower(), value) for key, value in document.front_matter.items())
        names: set[str] = set()
        for key in self.name_fields:
            for text in _strings(fields.get(key), "name"):
                names.update(self._name_forms(WORD.findall(text.lower())))
        for key in self.team_fields:
            for text in _strings(fields.get(key), "name"):
                words = WORD.findall(text.lower())
                team = next((i for i, word in enumerate(words) if word in self.team_words), None)
                if team is not None:
                    names.update(self._name_forms(words[:team]))
        owner = _copyright_owner(document.text)
        if owner:
            names.update(self._name_forms(WORD.findall(owner.lower())))
        hosts = set()
        for key in self.url_fields:
            for text in _strings(fields.get(key), "url"):
                split = url_parts(text)
                if split and "." in split[1]:
                    hosts.add(split[1].removeprefix("www."))
        return Publisher(frozenset(names), frozenset(hosts))

    def _name_forms(self, words: list[str]) -> list[str]:
        """How an article may call the publisher: any distinctive word of its name ("Korle"),
        or the whole name ("Korle Family Health Trust"), whose common words alone name no one."""
        distinctive = [word for word in words if len(word) >= MIN_NAME_LENGTH and word not in self.generic_words
                       and not word.isdigit()]
        return distinctive + [" ".join(words)] if len(words) > 1 else distinctive


def _copyright_owner(text: str) -> str | None:
    """The name on the text's last copyright line that names one in capitalised words."""
    owner = None
    for match in COPYRIGHT.finditer(text):
        owner = match.group(1)
    return owner


def _strings(value, key: str) -> list[str]:
    """The text of a metadata value: a string, a mapping's `key` ("author: {name: ...}"), or
    each of a list's strings and mappings."""
    items = value if isinstance(value, list) else [value]
    texts = (item.get(key) if isinstance(item, dict) else item for item in items)
    return [text for text in texts if isinstance(text, str)]


def url_parts(href: str) -> tuple[SplitResult, str] | None:
    """A link's address split, with its lowercase host ("" for none); a bare "www." address
    or domain with a path ("amzn.to/3abc") reads as a web one, and a malformed one
    ("http://[::1") as None."""
    href = href.strip()
    if href.lower().startswith("www.") or BARE_DOMAIN.match(href):
        href = "https://" + href
    try:
        parts = urlsplit(href)
        return parts, (parts.hostname or "").lower()
    except ValueError:
        return None
