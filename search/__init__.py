"""Full-text search: one SearchIndex interface, an embedded on-disk backend
(default), an in-memory backend for tests, and German text analysis shared by
all backends. This package knows nothing of files, OCR or the DMS.
"""
