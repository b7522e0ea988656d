"""Follow-up questions: rewrite "And what about Russia?" into a question that stands alone."""

from __future__ import annotations

import re

_SAY = re.compile(
    r"^(?P<head>(?:what|how) (?:did|does|do|has|have|had) (?P<who>.+?) "
    r"(?:say|said|tell|told|claim|claimed|declare|declared|think|thought|describe|described|mean)) "
    r"(?:about|of|on|regarding) (?P<topic>.+?)\??$",
    re.I,
)
_FOLLOW = re.compile(
    r"^(?:and |but |so )?(?:what|how) about (?P<topic>.+?)\??$|^(?:and|also) (?P<topic2>[^?]+?)\??$", re.I
)


def rewrite(question: str, history: list[str]) -> str:
    """``question`` made self-contained using the earlier questions (oldest first)."""
    q = question.strip()
    if not history:
        return q
    m = _FOLLOW.match(q)
    if not m:
        return q
    topic = (m.group("topic") or m.group("topic2") or "").strip()
    for prev in reversed(history):
        pm = _SAY.match(prev.strip())
        if pm:
            return f"{pm.group('head')} about {topic}?"
    last = history[-1].strip().rstrip("?")
    return f"{last}, {topic}?" if topic else q
