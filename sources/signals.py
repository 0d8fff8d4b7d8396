"""What sources announces to the apps above it, which act on it without sources importing them."""

from django.dispatch import Signal

# A new article was imported (sources/importing.py), inside the import's transaction.
# Arguments: article, user. Its quote candidates are proposed on it (claims/candidates.py).
article_imported = Signal()

# An article's text was edited and its anchored passages moved with it (sources/reanchoring.py),
# inside the save's transaction. Arguments: article (with its new text), old_text.
# Its quote candidates follow the edit on it (claims/candidates.py).
article_text_edited = Signal()
