"""Meta tests: the rule packs, the kinds and the docs stay complete and in step."""
from __future__ import annotations

import json
from collections import Counter

import pytest

from conftest import ROOT

POLICY_RULES = ["affiliate-disclosure", "crisis-resources", "duplicate-list-item", "medical-disclaimer",
                "unsourced-statistic"]


def test_builtin_rules_are_the_policy_rules(builtin_rules):
    assert [rule.id for rule in builtin_rules] == POLICY_RULES


@pytest.mark.parametrize("rule_id", POLICY_RULES)
def test_rule_documents_itself(rule_id, rules_by_id):
    rule = rules_by_id[rule_id]
    assert rule.summary and rule.why
    assert rule.example.get("bad") and rule.example.get("good")
    for text in rule.messages.values():
        assert text.count(";") >= 1, "a message says what is wrong; what to do"


@pytest.mark.parametrize("rule_id", POLICY_RULES)
def test_bad_example_fires_and_good_one_does_not(rule_id, rules_by_id):
    from linter.engine import lint_source

    rule = rules_by_id[rule_id]
    bad = lint_source(rule.example["bad"], "md", "bad.md", [rule])
    good = lint_source(rule.example["good"], "md", "good.md", [rule])
    assert bad.findings, f"{rule_id}: bad example yields nothing"
    assert not good.findings, [f.message for f in good.findings]


def test_every_kind_module_is_registered():
    from linter.checks import CHECK_KINDS

    modules = {p.stem for p in (ROOT / "linter" / "checks").glob("*.py")} - {"__init__", "base"}
    assert {module.__name__.rsplit(".", 1)[1] for module in CHECK_KINDS.values()} == modules
    for kind in CHECK_KINDS.values():
        assert kind.__doc__ and kind.REASONS and hasattr(kind.Options, "parse") and callable(kind.check)


def test_every_kind_is_used_by_a_builtin_rule(builtin_rules):
    from linter.checks import CHECK_KINDS

    assert set(Counter(rule.kind for rule in builtin_rules)) == set(CHECK_KINDS)


def test_rule_files_live_where_their_ids_say():
    files = sorted(p.stem for p in (ROOT / "rules" / "health").glob("*.yaml"))
    assert files == POLICY_RULES


def test_readme_rules_table_is_generated_from_the_rules(builtin_rules):
    from linter.docs import rules_markdown_table

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert rules_markdown_table(builtin_rules) in readme, "run: python tests/update_docs.py"


def test_readme_config_reference_is_generated_from_the_schema():
    import json

    from linter.config import SCHEMA
    from linter.docs import config_reference

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    reference = config_reference(json.loads(SCHEMA.read_text(encoding="utf-8")))
    assert f"<!-- config-reference:begin -->\n{reference}<!-- config-reference:end -->" in readme, \
        "run: python tests/update_docs.py"


def test_policy_rules_are_documented_in_docs(builtin_rules):
    docs = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    for rule in builtin_rules:
        assert f"## {rule.id}" in docs


def test_shipped_inflections_are_lemminflects_forms_of_exactly_the_words_the_builtin_rules_inflect():
    """The table saves loading lemminflect at start-up; stale, it would change what rules match."""
    from update_inflections import table

    from linter.nlp import shipped_inflections

    assert shipped_inflections(), "linter/inflections.json is missing or empty"
    assert shipped_inflections() == table(), "stale: run python tests/update_inflections.py"


def test_shipped_parsed_rule_packs_are_what_their_yaml_parses_to_now():
    """A stale entry would never be used (its digest no longer matches), but every run would
    then parse the YAML again: the table must follow the rule files."""
    from update_parsed_rules import table

    from linter.rulepack import PARSED_PACKS

    assert json.loads(PARSED_PACKS.read_text(encoding="utf-8")) == table(), \
        "stale: run python tests/update_parsed_rules.py"


def test_a_pack_read_from_the_parsed_table_equals_its_yaml():
    from unittest import mock

    from linter import rulepack

    for path in rulepack.rule_files(rulepack.builtin_rules_dir()):
        shipped = rulepack.load_yaml(path)
        with mock.patch.object(rulepack, "parsed_packs", dict):
            parsed = rulepack.load_yaml(path)
        assert shipped == parsed and rulepack.encode_parsed(shipped) == rulepack.encode_parsed(parsed)


def test_builtin_pattern_sets_wait_for_first_use_and_all_compile():
    """A shipped built-in rule compiles its pattern sets when first used, so a pattern that
    did not compile would surface mid-run: this compiles every one of them."""
    from linter import nlp, rulepack

    nlp.compile_waiting()
    rules = rulepack.load_pack(rulepack.builtin_rules_dir())
    assert len(nlp._waiting) > 50  # the built-in packs' sets, none compiled yet
    crisis = next(rule for rule in rules if rule.id == "crisis-resources")
    first = crisis.options.resources[0].match
    assert isinstance(first, nlp.DeferredPatterns) and first._compiled is None
    waiting = list(nlp._waiting)
    nlp.compile_waiting()
    assert not nlp._waiting and isinstance(first.compiled, nlp.Patterns) and first.runners
    # compiling them also built every runner's matcher, so each pattern was checked
    runners = [runner for deferred in waiting for runner in deferred.runners]
    assert len(runners) > 100 and all("matcher" in vars(runner) for runner in runners)


def test_a_builtin_token_matcher_is_built_when_its_runner_first_runs():
    """A one-file run opens the gates of few runners: the others never build their Matcher."""
    from linter import nlp, rulepack

    nlp.compile_waiting()
    rulepack.load_pack(rulepack.builtin_rules_dir())
    token_sets = [deferred for deferred in nlp._waiting if deferred._spec.get("patterns")]
    assert token_sets
    runners = [runner for deferred in token_sets for runner in deferred.compiled.runners]
    from spacy.attrs import LOWER

    token_runners = [runner for runner in runners if runner.anchor and runner.anchor[0] == LOWER]
    assert token_runners and not any("matcher" in vars(runner) for runner in token_runners)
    first, *others = token_runners
    anchor = nlp.pipeline().vocab.strings[min(first.anchor[1])]
    first.run(nlp.pipeline()(f"A text holding {anchor} once."))
    assert "matcher" in vars(first) and not any("matcher" in vars(runner) for runner in others)


def test_a_pack_not_as_shipped_compiles_its_patterns_when_it_loads(tmp_path):
    from linter import nlp, rulepack

    source = rulepack.builtin_rules_dir() / "health" / "crisis-resources.yaml"
    copy = tmp_path / "crisis-resources.yaml"
    copy.write_text(source.read_text(encoding="utf-8").replace("summary: Articles", "summary: Pages", 1),
                    encoding="utf-8")
    assert isinstance(rulepack.load_rule(copy).options.resources[0].match, nlp.Patterns)


def test_shipped_lemmas_are_lemminflects_lemmas_of_every_word_it_knows():
    """Near duplicates read this table instead of lemminflect's; stale, they would change."""
    from update_inflections import lemma_table

    from linter.nlp import LEMMAS

    assert LEMMAS.read_text(encoding="utf-8") == lemma_table(), \
        "stale: run python tests/update_inflections.py"


@pytest.mark.parametrize("word", ["avocados", "ran", "mice", "better", "'d", "apple", "news", "cerave", "zorbles"])
def test_lemma_keys_answer_as_lemminflect_does_for_known_and_unknown_words(word):
    from linter.nlp import lemma_keys, lemminflect_lemma_keys

    assert lemma_keys(word) == lemminflect_lemma_keys(word)
