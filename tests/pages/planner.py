"""The queries a page planned with its joins as written (claims.views.planned_as_written) adds in a test.

Inside a test's transaction, on PostgreSQL, the planner setting is a SET and a RESET of their own
(infkb.viewsets.joins_as_written); a request outside a transaction, as served, sends it with each
query, at no query of its own.
"""

from django.conf import settings

PLANNER_QUERIES = 2 if settings.IS_POSTGRES else 0
