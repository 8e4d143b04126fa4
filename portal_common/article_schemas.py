"""The limits of the articles part of the public contract, and the JSON Schema of an article write
built from them: the articles service enforces them (services/articles/validation.py, api.py) and
both OpenAPI documents state them, the service's and the gateway's (which passes writes and
searches on), so they are declared here once."""

# Longest accepted value of each field of an article write, in characters.
FIELD_MAX_CHARS = {"title": 300, "summary": 1000, "author": 100, "body_html": 500_000, "cover": 1000, "slug": 120}
# The fields without a limit of their own (category, status, published_at) have tighter rules
# (a known category, one of STATUSES, a time); this only keeps a runaway value out of those checks.
OTHER_FIELD_MAX_CHARS = 10_000
CREATE_REQUIRED = ("title", "category", "body_html")
STATUSES = ("draft", "pending", "published")
SLUG_PATTERN = "^[a-z0-9]+(?:-[a-z0-9]+)*$"

# GET /api/v1/articles?q=: longer queries are refused, and the gateway's search page cuts to it.
SEARCH_QUERY_MAX_CHARS = 200
# GET /api/v1/sitemap?per_page=: the largest page the service gives.
SITEMAP_MAX_PER_PAGE = 1000

TIME = {"type": "string", "format": "date-time", "example": "2019-02-26T08:00:00+07:00"}


def max_chars(field):
    return FIELD_MAX_CHARS.get(field, OTHER_FIELD_MAX_CHARS)


# The body of POST /api/v1/articles and PATCH /api/v1/articles/{slug} (component "ArticleInput").
ARTICLE_WRITE = {
    "type": "object",
    "additionalProperties": False,
    "description": f"A create needs {', '.join(CREATE_REQUIRED)}; a change sends any of the fields.",
    "properties": {
        "title": {"type": "string", "maxLength": max_chars("title")},
        "category": {
            "type": "string",
            "maxLength": max_chars("category"),
            "description": "a category slug from /api/v1/categories",
        },
        "body_html": {
            "type": "string",
            "maxLength": max_chars("body_html"),
            "description": "sanitized on write (scripts, event handlers, javascript: and data: URLs removed)",
        },
        "summary": {"type": "string", "maxLength": max_chars("summary")},
        "author": {"type": "string", "maxLength": max_chars("author")},
        "published_at": {**TIME, "description": "a future time schedules the article"},
        "status": {"type": "string", "enum": list(STATUSES)},
        "slug": {
            "type": "string",
            "maxLength": max_chars("slug"),
            "pattern": SLUG_PATTERN,
            "description": "made from the title when absent",
        },
        "cover": {
            "type": "string",
            "maxLength": max_chars("cover"),
            "nullable": True,
            "description": "an http(s) URL or a path from /",
        },
    },
}
