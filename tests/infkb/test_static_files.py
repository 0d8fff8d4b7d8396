from django.core.management import call_command
from django.test import override_settings


def test_collectstatic_succeeds_with_the_production_storage(tmp_path):
    # The vendored minified scripts name source maps that are not shipped: the deploy's
    # collectstatic must not fail on them, and the pages must find every script hashed.
    storages = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "infkb.storage.StaticFilesStorage"},
    }
    with override_settings(STATIC_ROOT=tmp_path, STORAGES=storages):
        call_command("collectstatic", "--noinput", verbosity=0)

    hashed = list((tmp_path / "vendor" / "cytoscape-dagre").glob("cytoscape-dagre.min.*.js"))
    assert len(hashed) == 1
    assert (tmp_path / "staticfiles.json").exists()
