"""A shot whose time code runs backwards (`[5-3s]`) has a negative length; a line of dialogue in
another shot once made the duration rule look for the crossing line of an empty list."""

from rulekit import findings, rule_names

BACKWARDS = '# Harbour\n[5-3s] Waves.\n[3-8s] A fisherman says calmly, "The tide is turning."\n'


def test_backwards_shot_with_dialogue_elsewhere_is_reported_not_a_crash():
    assert "shot-structure" in rule_names(BACKWARDS)


def test_no_duration_finding_for_a_shot_without_dialogue():
    assert not [f for f in findings(BACKWARDS) if f.rule == "dialogue-exceeds-duration" and "shot 1" in f.message]
