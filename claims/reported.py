"""`Statement.reported_on` and `Stance.reported_on` follow an edit of an article's date.

A statement's reported_on is its said_on, or else its article's published_on;
its stances hold a copy. Statement.save() and Stance.save() recompute them;
this signal covers the third way the date changes: the article's own date is
edited. It runs in the transaction of the article's save. Writes that bypass
save() (bulk loads, QuerySet.update of a date) must set the columns themselves
(bench/synthetic.py does).
"""

from django.db.models.signals import post_save
from django.dispatch import receiver

from claims.models import Stance, Statement
from sources.models import Article


@receiver(post_save, sender=Article)
def _article_saved(
    sender: type, instance: Article, created: bool, raw: bool = False, **kwargs: object
) -> None:
    if created or raw:
        return  # no statement refers to it yet (or a fixture brings its stored values)
    undated = Statement._base_manager.filter(article=instance, said_on__isnull=True)
    undated.exclude(reported_on=instance.published_on).update(reported_on=instance.published_on)
    stances = Stance._base_manager.filter(statement__in=undated)
    stances.exclude(reported_on=instance.published_on).update(reported_on=instance.published_on)
