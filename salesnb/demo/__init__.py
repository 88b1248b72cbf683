"""The demo organisation: a realistic, seeded sales organisation with planted patterns."""

from salesnb.demo.generator import generate

__all__ = ["generate"]
