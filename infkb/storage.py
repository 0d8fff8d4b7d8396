"""Static files in production: hashed, compressed (WhiteNoise), source-map comments left alone."""

from whitenoise.storage import CompressedManifestStaticFilesStorage


def _without_source_maps(patterns: tuple) -> tuple:
    return tuple(
        (extension, tuple(pattern for pattern in rules if "sourceMappingURL" not in str(pattern)))
        for extension, rules in patterns
    )


class StaticFilesStorage(CompressedManifestStaticFilesStorage):
    """WhiteNoise's storage, not rewriting `sourceMappingURL` comments.

    The vendored minified scripts (static/vendor/, copied unchanged with their checksums)
    name source maps that are not shipped; Django's manifest storage fails collectstatic on
    a reference it cannot find. A browser asks for the map only with its developer tools open.
    """

    patterns = _without_source_maps(CompressedManifestStaticFilesStorage.patterns)
