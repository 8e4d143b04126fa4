"""Demo content for `make run`: the seed article verbatim in "Văn phòng", plus generated news in
every category, enough for the pagers to show five pages (Văn phòng, and the seed article's
"Các tin liên quan"). Idempotent: each demo article has a fixed slug and is added only if missing."""

import os
import random
from datetime import datetime, timedelta

from portal_common.store import get_store
from portal_common.timefmt import VIETNAM

from . import editing, sections_demo
from .text import slugify

DATA = os.path.join(os.path.dirname(__file__), "demo_data")

SEED_TITLE = "Kế hoạch truyền thông về giáo dục và đào tạo năm 2019"
SEED_SLUG = "ke-hoach-truyen-thong-ve-giao-duc-va-dao-tao-nam-2019"
SEED_PUBLISHED = datetime(2019, 2, 26, 8, 0, tzinfo=VIETNAM)
# The home page leads with the newest story that has a picture. The seed article had none on the
# page we rebuild, so it gets a drawn title card (tools/demo_cover.py), served by the gateway.
SEED_COVER = "/static/demo/ke-hoach-truyen-thong-2019.jpg"

AUTHORS = ("T.T.T", "N.V.H", "L.T.M", "P.Q.K", "Đ.T.H", "V.M.T")

TOPICS = {
    "van-phong": [
        "Kế hoạch công tác tháng {m} năm {y} của Sở Giáo dục và Đào tạo",
        "Thông báo lịch làm việc của Ban Giám đốc Sở tuần {w}",
        "Hội nghị giao ban công tác văn phòng khối cơ quan Sở lần {n}",
        "Triển khai ứng dụng công nghệ thông tin trong công tác văn thư, lưu trữ",
        "Tổng kết công tác thi đua, khen thưởng năm {y}",
        "Hướng dẫn gửi nhận văn bản điện tử giữa các đơn vị trực thuộc",
        "Kế hoạch cải cách hành chính của ngành giáo dục năm {y}",
        "Thông báo về việc nghỉ Tết Nguyên đán Kỷ Hợi {y} đối với học sinh",
        "Kế hoạch tổ chức Hội nghị cán bộ, công chức cơ quan Sở năm {y}",
        "Báo cáo công tác bảo đảm an toàn trường học quý {q} năm {y}",
    ],
    "tin-tuc-su-kien": [
        "Khai giảng năm học mới tại các trường học trên địa bàn tỉnh",
        "Tuyên dương học sinh đạt giải trong kỳ thi học sinh giỏi quốc gia năm {y}",
        "Ngày hội đọc sách tại trường Tiểu học số {n}",
        "Lễ kỷ niệm Ngày Nhà giáo Việt Nam 20 tháng 11",
        "Trao học bổng cho học sinh có hoàn cảnh khó khăn vượt khó học giỏi",
    ],
    "giao-duc-trung-hoc": [
        "Hướng dẫn thực hiện nhiệm vụ giáo dục trung học năm học {y}-{y1}",
        "Tập huấn đổi mới phương pháp dạy học và kiểm tra, đánh giá môn Toán",
        "Kế hoạch tổ chức kỳ thi chọn học sinh giỏi lớp 12 cấp tỉnh",
        "Hội thảo giáo dục STEM trong trường trung học",
    ],
    "giao-duc-tieu-hoc": [
        "Hướng dẫn đánh giá học sinh tiểu học theo Thông tư 22",
        "Triển khai dạy học hai buổi mỗi ngày ở cấp tiểu học",
        "Giao lưu Tiếng Việt của chúng em dành cho học sinh dân tộc thiểu số",
    ],
    "giao-duc-mam-non": [
        "Kế hoạch phát triển giáo dục mầm non giai đoạn {y}-{y5}",
        "Bảo đảm an toàn thực phẩm trong các bếp ăn bán trú mầm non",
        "Hội thi giáo viên dạy giỏi cấp học mầm non cấp tỉnh",
    ],
    "giao-duc-thuong-xuyen": [
        "Kế hoạch xóa mù chữ và phổ cập giáo dục năm {y}",
        "Tuyển sinh lớp bổ túc văn hóa và bồi dưỡng nghề tại trung tâm giáo dục thường xuyên",
    ],
    "khao-thi-va-kiem-dinh-chat-luong": [
        "Hướng dẫn tổ chức kỳ thi trung học phổ thông quốc gia năm {y}",
        "Kế hoạch tuyển sinh vào lớp 10 trung học phổ thông năm học {y}-{y1}",
        "Kết quả kiểm định chất lượng giáo dục và công nhận trường đạt chuẩn quốc gia",
        "Tập huấn công tác coi thi, chấm thi cho cán bộ, giáo viên",
    ],
    "to-chuc-can-bo": [
        "Thông báo tuyển dụng viên chức giáo dục năm {y}",
        "Quyết định bổ nhiệm cán bộ quản lý trường học",
        "Bồi dưỡng chuẩn nghề nghiệp giáo viên và chuẩn hiệu trưởng",
    ],
    "ke-hoach-tai-chinh": [
        "Hướng dẫn thu, sử dụng học phí năm học {y}-{y1}",
        "Kế hoạch đầu tư cơ sở vật chất trường học giai đoạn {y}-{y5}",
    ],
    "van-ban-chi-dao": [
        "Công văn về việc tăng cường công tác phòng chống dịch bệnh trong trường học",
        "Chỉ thị về nhiệm vụ trọng tâm của ngành giáo dục năm học {y}-{y1}",
        "Công văn hướng dẫn thực hiện chương trình giáo dục phổ thông",
    ],
}

SENTENCES = [
    "Sở Giáo dục và Đào tạo đề nghị Thủ trưởng các đơn vị trực thuộc triển khai thực hiện nghiêm túc nội dung trên.",
    "Các phòng giáo dục và đào tạo huyện, thành phố chủ động xây dựng kế hoạch phù hợp với điều kiện của địa phương.",
    "Nhà trường cần bảo đảm an toàn tuyệt đối cho học sinh trong suốt quá trình tổ chức các hoạt động.",
    "Trong quá trình thực hiện, nếu có vướng mắc, đề nghị các đơn vị phản ánh về Văn phòng Sở để được hướng dẫn.",
    "Kết quả thực hiện được tổng hợp, báo cáo về Sở trước ngày 25 hằng tháng.",
    "Đội ngũ giáo viên được tập huấn về đổi mới phương pháp dạy học, lấy học sinh làm trung tâm.",
    "Công tác kiểm tra, đánh giá được thực hiện công khai, minh bạch, đúng quy chế.",
    "Ngành giáo dục tiếp tục đẩy mạnh ứng dụng công nghệ thông tin trong quản lý và giảng dạy.",
    "Phụ huynh học sinh được thông tin đầy đủ về chủ trương, kế hoạch của nhà trường.",
    "Hoạt động nhận được sự hưởng ứng tích cực của cán bộ, giáo viên và học sinh toàn tỉnh.",
    "Các cơ sở giáo dục rà soát đội ngũ, cơ sở vật chất để chuẩn bị cho năm học mới.",
    "Sở sẽ tổ chức kiểm tra việc thực hiện tại một số đơn vị trong học kỳ II.",
]


def _seed_article():
    with open(os.path.join(DATA, "seed_article.txt"), encoding="utf-8") as source:
        paragraphs = [line.rstrip("\n") for line in source if line.strip()]
    return {
        "slug": SEED_SLUG,
        "title": SEED_TITLE,
        "category": "van-phong",
        "author": "T.T.T",
        "published_at": SEED_PUBLISHED,
        "body_html": "".join(f"<p>{_escape(paragraph)}</p>" for paragraph in paragraphs),
        "cover": SEED_COVER,
    }


def _escape(text):
    from html import escape

    return escape(text, quote=False)


def _generated():
    """Deterministic: the same titles, slugs and dates on every run."""
    rng = random.Random(20190226)
    plan = [("van-phong", 60)] + [(slug, 7) for slug in TOPICS if slug != "van-phong"]
    generated, seen = [], {SEED_SLUG}
    for category, count in plan:
        for index in range(count):
            template = TOPICS[category][index % len(TOPICS[category])]
            year = 2018 + (index % 2)
            title = template.format(
                m=1 + index % 12, y=year, y1=year + 1, y5=year + 5, w=1 + index % 52, n=1 + index, q=1 + index % 4
            )
            if index >= len(TOPICS[category]):
                title = f"{title} (đợt {index // len(TOPICS[category]) + 1})"
            slug = slugify(title)
            while slug in seen:
                slug += "-x"
            seen.add(slug)
            # Everything before the seed article: it is the newest news on the home page, as on
            # the page we rebuild, and its "Các tin liên quan" (older news of Văn phòng) has pages.
            if category == "van-phong":
                published = SEED_PUBLISHED - timedelta(days=3 * (index + 1), hours=index % 5)
            else:
                published = SEED_PUBLISHED - timedelta(days=rng.randint(1, 200), hours=rng.randint(0, 9))
            body = [" ".join(rng.sample(SENTENCES, 3)) for _ in range(3)]
            generated.append(
                {
                    "slug": slug,
                    "title": title,
                    "category": category,
                    "author": rng.choice(AUTHORS),
                    "published_at": published,
                    "summary": body[0].split(". ")[0].rstrip(".") + ".",
                    "body_html": "".join(f"<p>{paragraph}</p>" for paragraph in body),
                }
            )
    return generated


def demo_articles():
    return [_seed_article(), *_generated()]


def load_demo(app):
    store = get_store()
    added = 0
    for article in demo_articles():
        if store.get(article["slug"]) is None:
            editing.create(article)
            added += 1
    report = f"articles: {added} demo articles added ({len(demo_articles())} in the demo set)"
    # The site settings, static pages and questions (sections_demo.py).
    return f"{report}; {sections_demo.load(app)}"
