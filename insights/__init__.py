"""Weekly trends, summaries and charts computed from nights, with no database access.

Views load nights through the ORM and hand plain mappings to insights.frames; everything
here is pure so it is tested and benchmarked without Django settings or a database.
"""
