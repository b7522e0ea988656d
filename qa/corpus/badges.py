"""Badges: the status images of a README's first lines, which are no text of the document (``markdown.py``)."""

from __future__ import annotations

import re

# Status images of a README's first lines ("[![Build status](https://…/badge.svg)](…)"), an SVG
# or an image of a badge service; their alt text ("Build status", "codecov") is no text of the document
_BADGE_HOSTS = ("shields.io", "badge.fury.io", "badgen.net", "travis-ci.org", "travis-ci.com", "circleci.com",
                "codecov.io", "coveralls.io", "ci.appveyor.com", "readthedocs.org/projects", "goreportcard.com",
                "pepy.tech", "snyk.io", "codacy.com", "bestpractices.coreinfrastructure.org", "repology.org/badge",
                "api.reuse.software", "dev.azure.com", "scan.coverity.com", "app.fossa.com", "deepsource.io",
                "sonarcloud.io", "codeclimate.com", "gitter.im", "opencollective.com", "pkg.go.dev/badge",
                "img.badgesize.io")
_BADGE_PATH = re.compile(r"\.svg(?:$|[?#])|/badges?(?:/|\.|\?|$)|/status(?:_image)?(?:/|\.|\?|$)|/actions/workflows/", re.I)


def is_badge(src: str) -> bool:
    """Is an image at ``src`` a badge: an SVG, or a badge service's image (``_BADGE_HOSTS``: shields.io,
    codecov.io…; a forge's only with a badge path: ".../actions/workflows/ci.yml/badge.svg")?"""
    src = (src or "").strip().lower()
    if not src.startswith(("http://", "https://", "//")):
        return src.split("?", 1)[0].endswith(".svg")  # a local "docs/badge.svg"; a local "logo.png" is no badge
    if _BADGE_PATH.search(src):
        return True
    host = src.split("//", 1)[1]
    return any(h in host for h in _BADGE_HOSTS)
