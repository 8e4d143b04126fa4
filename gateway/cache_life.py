"""How long each kind of public answer may be kept by browsers, the edge and the page cache,
named once so that routes declaring the same kind of content cannot drift apart. The lives
follow how the content changes; every cache in the gateway is also emptied at once when the
content does change (freshness.py), so these bound only what is outside the gateway."""

# News, home, search, an exam's own record: editors publish at any moment.
NEWS = "public, max-age=30"
# Albums and videos change when staff add to them, less often than news.
MEDIA = "public, max-age=60"
# The list of exams changes when a new exam is imported or published.
EXAM_LIST = "public, max-age=60"
# The lookup page (the form, and a result on it): published results do not change, the form only
# when an exam is added.
LOOKUP_PAGE = "public, max-age=300"
# Feeds and the sitemap are read by machines that come back on their own schedule.
FEED = "public, max-age=300"
# Published exam results and statistics, and the API's description, do not change once out.
PUBLISHED = "public, max-age=3600"
