"""The registry of check kinds. A rule file names its kind; this dict resolves it.

Each kind module has a docstring saying what it decides, an `Options` dataclass
with a `parse(raw, where)` that validates the rule's options at load time, the
`REASONS` its hits may carry (each keys a message in the rule file), and
`check(options, article)` yielding hits. Kinds never print, sort, read config or
know about suppression: the engine turns hits into findings.
"""
from . import conditional, disclosure, duplicates, required, sourced_claim

CHECK_KINDS = {
    "required": required,
    "conditional": conditional,
    "disclosure": disclosure,
    "sourced_claim": sourced_claim,
    "duplicate_items": duplicates,
}

# Kinds whose hits are about the whole article (a statement or resource it lacks), not
# the text where they are reported: only a file-wide directive silences them.
DOCUMENT_LEVEL_KINDS = frozenset({"required", "conditional"})
