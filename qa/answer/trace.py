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


def explain_lines(trace: dict | None) -> list[str]:
    """The text of an answer's trace, as ``qa ask --explain`` and the chat's ``/why`` show it (raw:
    callers make it safe to show)."""
    if not trace:
        return ["(no trace: this answer was not made by the answer model)"]
    keys = ", ".join(f"{k['text']} ({k['kind']})" for k in trace.get("key_terms", [])) or "none"
    lines = [f"why: {trace['decision']}",
             f"question kind: {trace['kind']}; key terms: {keys}"]
    if trace.get("who_said"):
        lines.append(f"who-said: speaker {trace['who_said']['speaker']}, topic {trace['who_said']['topic']}")
    lines.append("top candidates (probability; main features):")
    for i, c in enumerate(trace.get("candidates", []), 1):
        f = c["features"]
        main = " ".join(f"{n}={f[n]:.2f}" for n in ("dense", "bm25", "keys_sentence", "keys_meta", "type_match",
                                                      "passage") if n in f)
        lines.append(f"  {i}. {c['probability']:.3f}  {c['doc']}:{c['start']}-{c['end']}  {main}")
        lines.append(f"     {c['text'][:200]}")
    return lines
