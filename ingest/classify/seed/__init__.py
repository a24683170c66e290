"""Seed corpus: a deterministic generator of realistic German letters to the city
(``generate.py``) and its committed output ``letters.jsonl``.

The letters are synthetic. They exist so a fresh install routes reasonably before
any real, corrected mail has been fed back; they are not an evaluation set for
real-world accuracy.
"""
