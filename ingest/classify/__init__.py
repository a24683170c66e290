"""Routing letters to departments: configured rules, a calibrated text model and
their combination (``CombinedClassifier``), the seed corpus and evaluation."""
