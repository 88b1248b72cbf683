"""The rep review and coaching plan: scorecard, feedback sentences, plan, 1:1 agenda, commission."""

STRINGS: dict[str, dict[str, str]] = {}
