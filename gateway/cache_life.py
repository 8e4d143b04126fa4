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
# Published exam results and statistics, and the pages that show them (the lookup page, the phổ
# điểm): the contract lets browsers keep them at most 60 s. A re-import (a re-marking) reaches every
# reader sooner through the content versions, which empty the gateway's own caches at once.
PUBLISHED_RESULTS = "public, max-age=60"
# Feeds and the sitemap are read by machines that come back on their own schedule.
FEED = "public, max-age=300"
# The API's description changes only with a deployment.
PUBLISHED = "public, max-age=3600"
# The desk (/quan-tri/): one staff member's own pages, never kept by anyone, never page-cached.
DESK = "private, no-store"
# Văn bản: written by the office when a document is issued or replaced; statuses turn at midnight.
DOCUMENTS = "public, max-age=60"
