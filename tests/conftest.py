import pytest
from django.contrib.auth.models import Permission, User

from claims.seed import load_corpus
from sources.models import Article


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Load the seed corpus once into the test database: most tests read it."""
    with django_db_blocker.unblock():
        load_corpus()


@pytest.fixture
def corpus(db) -> None:
    """The seed corpus, reloaded if a transactional test flushed it."""
    if not Article.objects.exists():
        load_corpus()


@pytest.fixture
def editor(db) -> User:
    """A staff member who may add, change and view every curated model, but is no superuser."""
    user = User.objects.create_user("editor", password="correct horse battery", is_staff=True)
    user.user_permissions.set(
        Permission.objects.filter(content_type__app_label__in=["claims", "sources"]).exclude(
            codename__startswith="delete_"
        )
    )
    return user


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture
def admin_client_(client, admin_user):
    client.force_login(admin_user)
    return client
