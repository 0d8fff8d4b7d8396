from django.apps import AppConfig
from django.db.models import Model
from django.db.models.signals import pre_save


def skip_history_of_raw_saves(sender: type[Model], instance: Model, raw: bool = False, **kwargs) -> None:
    """loaddata saves fixture rows "raw", then sets their many-to-many links: no handler may react.

    django-simple-history skips raw saves but not those links: each would write a history row
    with a fresh id, which then collides with the history rows the fixture loads
    (IntegrityError on claims_historicalevent_pkey). claims/review.py, seeing the same mark, does
    not publish linked records, some not loaded yet. The fixture brings its own history and states.
    """
    if raw and hasattr(sender._meta, "simple_history_manager_attribute"):
        instance.skip_history_when_saving = True


class ClaimsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "claims"
    verbose_name = "Claims and evidence"

    def ready(self) -> None:
        from claims import (
            candidates,  # noqa: F401  (connects the receivers that propose candidates and move them)
            counters,  # noqa: F401  (connects the signals that keep the counter columns)
            reported,  # noqa: F401  (connects the signal that keeps reported_on when an article's date changes)
            review,  # noqa: F401  (connects the signals that publish what records need)
        )

        pre_save.connect(skip_history_of_raw_saves, dispatch_uid="skip_history_of_raw_saves")
