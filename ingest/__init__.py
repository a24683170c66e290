"""From a file to a classified document: intake helpers, separation, OCR/PDF/A,
text extraction and object-store backends.

This package is a leaf: it never imports ``scanstation``, ``search`` or
``dms_connector``.
"""
