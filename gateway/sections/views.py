"""The pages /gioi-thieu, /lien-he, /hoi-dap and /en, and the question form they post.

Each page fetches its content and the layout's (menu, site settings, sidebar) in one parallel
round. A page not published yet is the friendly 404; a service that is down costs only the
section, which says so.

The question form (on /lien-he and /hoi-dap) posts to /hoi-dap/gui, which passes the question on
with the visitor's address (client.ask) and answers like a page: 303 back to the page it came
from with a notice on success (no cookie, no flash: the notice is in the address, ?da-gui=1), the
page again with the messages and what was typed on refusal. The pages with the form may be
page-cached: the form's token proves only its age, so one kept copy may serve many visitors
(the contract: "a cached page may share it"). Public pages never set a cookie."""

from flask import redirect, render_template, request

from portal_common.errors import ApiError
from portal_common.pagination import positive_int_arg
from portal_common.route_policy import route_policy, when_arg
from portal_common.sections_vocabulary import FORM_TOKEN, HONEYPOT, QUESTION_FIELDS, QUESTION_SEARCH_MAX_CHARS

from .. import cache_life
from ..backends import BackendError
from ..pager import pager
from ..pages import layout  # the module, not its names: layout.py imports this package's client
from . import client, pages

PER_PAGE = 10
SENT_ARG = "da-gui"
# Where a form may send the visitor back to (the hidden field `trang`).
FORM_PAGES = {"hoi-dap": "sections_pages.questions_page", "lien-he": "sections_pages.contact_page"}
UNAVAILABLE_FORM = "Chưa gửi được câu hỏi: hệ thống đang bận hoặc tạm thời gián đoạn. Vui lòng thử lại sau ít phút."


def _static_page(key, template, calls=None, **context):
    sections = layout.sections_or_error_page({"page": lambda: client.page(key), **(calls or {})})
    return render_template(template, s=sections, page=sections["page"], **context)


@pages.get("/gioi-thieu")
@route_policy(cache=cache_life.NEWS, page_cache=True)
def about_page():
    return _static_page("gioi-thieu", "sections/about.html")


@pages.get("/en")
@route_policy(cache=cache_life.NEWS, page_cache=True)
def english_page():
    return _static_page("en", "sections/english.html")


def _form_context(form_page, values=None, errors=None, message=None):
    return {
        "form_page": form_page,
        "values": values or {},
        "errors": errors or {},
        "message": message,
        "sent": request.args.get(SENT_ARG) == "1" and not errors,
    }


def _contact(values=None, errors=None, message=None, status=200):
    body = _static_page(
        "lien-he",
        "sections/contact.html",
        {"form": client.question_form},
        **_form_context("lien-he", values, errors, message),
    )
    return body, status


def _questions(values=None, errors=None, message=None, status=200):
    q = request.args.get("q", "").strip()[:QUESTION_SEARCH_MAX_CHARS]
    page = positive_int_arg("page", 1)
    sections = layout.sections_or_error_page(
        {"form": client.question_form, "questions": lambda: client.questions(q, page, PER_PAGE)}
    )
    listing = sections["questions"]
    if page > 1 and listing.ok and page > listing.value["pages"]:
        raise ApiError(404, f"Không có trang {page}.")
    pages_total = listing.value["pages"] if listing.ok else None

    def page_url(number):
        return _questions_path(q, number)

    links = pager(page, pages_total, page_url) if listing.ok else []
    body = render_template(
        "sections/questions.html",
        s=sections,
        query=q,
        listing=listing,
        pager_links=links,
        **_form_context("hoi-dap", values, errors, message),
    )
    return body, status


def _questions_path(q="", page=1):
    from flask import url_for

    args = {name: value for name, value in (("q", q), ("page", page if page > 1 else None)) if value}
    return url_for("sections_pages.questions_page", **args)


@pages.get("/lien-he")
@route_policy(cache=cache_life.NEWS, page_cache=True)
def contact_page():
    return _contact()


@pages.get("/hoi-dap")
@route_policy(cache=cache_life.NEWS, page_cache=True, limit="search", limit_when=when_arg("q"))
def questions_page():
    return _questions()


def _typed():
    """What the visitor sent, for the service and for showing the form again."""
    names = (*QUESTION_FIELDS, FORM_TOKEN, HONEYPOT)
    return {name: request.form.get(name, "") for name in names}


@pages.post("/hoi-dap/gui")
def send_question():
    form_page = request.form.get("trang") if request.form.get("trang") in FORM_PAGES else "hoi-dap"
    typed = _typed()
    shown = {name: typed[name] for name in QUESTION_FIELDS}
    again = _contact if form_page == "lien-he" else _questions
    try:
        status, body = client.ask(typed)
    except BackendError:
        return again(shown, {"_form": UNAVAILABLE_FORM}, UNAVAILABLE_FORM, 503)
    if status == 201:
        from flask import url_for

        return redirect(url_for(FORM_PAGES[form_page], **{SENT_ARG: 1}) + "#gui-cau-hoi", code=303)
    error = body.get("error", {}) if isinstance(body, dict) else {}
    message = error.get("message") or "Chưa gửi được câu hỏi."
    field = error.get("field")
    errors = {field if field in QUESTION_FIELDS else "_form": message}
    return again(shown, errors, message, status if 400 <= status < 500 else 503)
