"""django-simple-history's HistoricalRecords, with links added from their other end recorded.

The library answers a many-to-many change as if it came from the side that declares the field
(`claim.subjects.add(actor)`). Added from the other side (`actor.claims_about.add(claim)`), the
signal's instance is the actor, and the library builds a HistoricalActor from the actor's fields
minus the *claim's* excluded fields: a TypeError when the actor has excluded fields of its own
("HistoricalActor() got unexpected keyword arguments: 'statement_count', …"), and otherwise a
history entry for the actor while the claim's history misses the change. Open upstream:
django-commons/django-simple-history issues #1048 and #1408 (3.13.0 has the bug).
Here a change from the other side records a version of each record whose field changed.
"""

from typing import Any

from simple_history.models import HistoricalRecords as LibraryHistoricalRecords

CLEARED = "_history_cleared_{}"


class HistoricalRecords(LibraryHistoricalRecords):
    def m2m_changed(self, instance: Any, action: str, attr: str, pk_set: Any, reverse: bool, **kwargs):
        if not reverse:
            return super().m2m_changed(instance, action, attr, pk_set, reverse, **kwargs)
        if hasattr(instance, "skip_history_when_saving"):
            return None  # a fixture being loaded (claims/apps.py)
        field = kwargs["model"]._meta.get_field(attr)
        if action == "pre_clear":
            # post_clear has no pk_set: note now whose field the clear empties.
            through = field.remote_field.through._default_manager
            owners = through.filter(**{field.m2m_reverse_field_name(): instance})
            owner_pks = set(owners.values_list(field.m2m_field_name(), flat=True))
            setattr(instance, CLEARED.format(attr), owner_pks)
            return None
        if action == "post_clear":
            pk_set = getattr(instance, CLEARED.format(attr), set())
        elif action not in ("post_add", "post_remove"):
            return None
        for owner in kwargs["model"]._base_manager.filter(pk__in=pk_set or ()):
            if hasattr(instance, "_history_user"):
                owner._history_user = instance._history_user
            self.create_historical_record(owner, "~")
        return None
