"""Weekly trends, summaries, review flags and charts computed from a patient's nights.

Only insights.loading (and the views) touch the database: they turn Night rows into plain
mappings for insights.frames. Everything else here is pure, so it is tested and benchmarked
without a database.
"""
