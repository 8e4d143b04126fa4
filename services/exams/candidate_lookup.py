"""A candidate's lookup, from the store to the answer and its Cache-Control: the one core that both
doors into the lookup run — the Flask view (api.lookup) and results day's lean path
(lean_lookup.py) — so that they cannot answer differently. Neither Flask's request nor its app
context is used here; each caller passes what differs (who the reader is, which worker's tables)."""

from portal_common.errors import ApiError

from . import ranks
from .answer import lookup_answer


def find(store, exam_id, sbd, ranking_of, cache_control_for):
    """(answer, Cache-Control) for candidate `sbd` (8 digits, already checked) of `exam_id`.
    `ranking_of(store, generation)` gives the generation's percentile tables or None;
    `cache_control_for(published_at)` judges the embargo (raising its 404 `not_published`).
    Raises ApiError 404 for an unknown exam or number."""
    found = store.lookup(exam_id, int(sbd))
    if not found.exam_found:
        raise ApiError(404, f"Không có kỳ thi '{exam_id}'.", field="exam_id")
    # Before the number is judged: an embargoed exam must not tell which numbers it holds.
    cache_control = cache_control_for(found.published_at)
    if found.packed is None:
        raise ApiError(404, f"Không tìm thấy thí sinh có số báo danh {sbd}.", field="sbd")
    ranking = ranking_of(store, found.generation)
    if ranking is None:
        # No tables: a re-import dropped this generation meanwhile (read the new one), or it was
        # imported before percentiles existed (none to give until the next import).
        again = store.lookup(exam_id, int(sbd))
        if again.generation != found.generation and again.packed is not None:
            found = again
            ranking = ranking_of(store, found.generation)
        ranking = ranking or ranks.EMPTY
    return lookup_answer(exam_id, sbd, found.packed, ranking), cache_control


def ranking(app, store, generation):
    """The generation's percentile tables, kept by this worker of `app` once read; None when the
    store has none for it."""
    if generation is None:
        return None
    key = (app.config.get("MONGO_URL") or app.config["DATA_DIR"], generation)
    return app.extensions["exam_rankings"].get(key, lambda: store.ranks(generation))
