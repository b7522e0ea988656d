"""Why an answer was given or withheld: the top candidates with their feature values (``--explain``)."""

from __future__ import annotations

TOP = 5  # candidates shown


def trace_of(q, scored, model, result) -> dict:
    """A plain dict (JSON-ready): the question as analysed, the top candidates with their features,
    and the decision with the thresholds it was held to."""
    from .features import NAMES

    cands = []
    for c, x, p in zip(scored.cands[:TOP], scored.X[:TOP], scored.probs[:TOP]):
        cands.append({"doc": c.hit.chunk.doc, "start": c.start, "end": c.end, "text": " ".join(c.text.split()),
                      "probability": round(float(p), 4),
                      "features": {n: round(float(v), 4) for n, v in zip(NAMES, x)}})
    if result.abstained and q.terms and q.unknown >= 1.0:
        why = "withheld: the documents never use any of the question's content words"
    elif result.abstained:
        why = (f"withheld: answerable probability {scored.answerable:.2f} is below the abstention threshold "
               f"{model.abstain_below:.2f}") if scored.cands else "withheld: no candidate sentence"
    elif result.speaker:
        why = f"answered with {result.speaker}'s attributed statements (who-said question)"
    else:
        why = (f"answered: answerable probability {scored.answerable:.2f} >= abstention threshold "
               f"{model.abstain_below:.2f}; confidence {scored.confidence:.2f}")
        if scored.confidence < model.low_confidence:
            why += f" (below {model.low_confidence:.2f}: marked as the documents' closest)"
    return {
        "kind": q.kind.name,
        "key_terms": [{"text": k.text, "kind": k.kind, "weight": round(k.weight, 3)} for k in q.key_terms],
        "who_said": None if q.said is None else {"speaker": q.said.speaker, "topic": q.said.topic},
        "confidence": round(scored.confidence, 4),
        "answerable": round(scored.answerable, 4),
        "abstain_below": model.abstain_below,
        "low_confidence": model.low_confidence,
        "decision": why,
        "candidates": cands,
    }
