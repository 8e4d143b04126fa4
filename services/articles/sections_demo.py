"""Demo content of the sections for `make run`, all of our own invention: a fictional province
("tỉnh Lam Sơn") and its Sở, its settings and logo (drawn here with Pillow), the pages Giới
thiệu, Liên hệ and English, and a few answered questions. Idempotent: each part is added only
when the store has none yet, so an admin's own settings are never overwritten."""

import io

from PIL import Image, ImageDraw

from portal_common.store import get_store

from . import questions, site_pages, site_settings
from .articles import now_ts

SETTINGS = {
    "name": "Sở Giáo dục và Đào tạo",
    "province": "tỉnh Lam Sơn",
    "address": "Số 18 đường Trần Hưng Đạo, phường Đông Thành, thành phố Lam Sơn, tỉnh Lam Sơn",
    "phone": "0237 3852 100",
    "email": "vanphong@sogddt.lamson.example.vn",
    "responsible": "Ông Nguyễn Minh Quang, Giám đốc Sở Giáo dục và Đào tạo",
    "licence": "Giấy phép số 25/GP-TTĐT ngày 12/3/2019 của Sở Thông tin và Truyền thông tỉnh Lam Sơn",
}

LEADERS = [
    {
        "name": "Nguyễn Minh Quang",
        "title": "Giám đốc Sở",
        "phone": "0237 3852 101",
        "email": "nmquang@sogddt.lamson.example.vn",
        "responsibilities": (
            "Lãnh đạo, điều hành chung; công tác tổ chức cán bộ, kế hoạch - tài chính, thi đua - khen thưởng."
        ),
    },
    {
        "name": "Trần Thị Thu Hà",
        "title": "Phó Giám đốc Sở",
        "phone": "0237 3852 102",
        "email": "ttha@sogddt.lamson.example.vn",
        "responsibilities": "Giáo dục mầm non, giáo dục tiểu học; công tác học sinh, sinh viên; y tế trường học.",
    },
    {
        "name": "Lê Văn Đức",
        "title": "Phó Giám đốc Sở",
        "phone": "0237 3852 103",
        "email": "lvduc@sogddt.lamson.example.vn",
        "responsibilities": "Giáo dục trung học, giáo dục thường xuyên; khảo thí và kiểm định chất lượng giáo dục.",
    },
]
UNITS = [
    ("Văn phòng Sở", "Phạm Thị Lan", "Chánh Văn phòng", "0237 3852 110", "vanphong", "Hành chính, văn thư, tổng hợp."),
    ("Phòng Tổ chức cán bộ", "Hoàng Văn Nam", "Trưởng phòng", "0237 3852 120", "tccb", "Tổ chức bộ máy, nhân sự."),
    ("Phòng Kế hoạch - Tài chính", "Đỗ Thị Mai", "Trưởng phòng", "0237 3852 130", "khtc", "Kế hoạch, ngân sách."),
    ("Phòng Giáo dục Mầm non - Tiểu học", "Vũ Thị Hồng", "Trưởng phòng", "0237 3852 140", "mntt", "Chuyên môn MN, TH."),
    ("Phòng Giáo dục Trung học", "Bùi Quốc Hưng", "Trưởng phòng", "0237 3852 150", "gdtrh", "Chuyên môn THCS, THPT."),
    (
        "Phòng Khảo thí và Quản lý chất lượng",
        "Ngô Thanh Tùng",
        "Trưởng phòng",
        "0237 3852 160",
        "khaothi",
        "Thi, kiểm định.",
    ),
    ("Thanh tra Sở", "Đặng Văn Phúc", "Chánh Thanh tra", "0237 3852 170", "thanhtra", "Thanh tra, tiếp dân."),
]
ENGLISH_UNITS = [
    "Office of the Department",
    "Personnel Division",
    "Planning and Finance Division",
    "Preschool and Primary Education Division",
    "Secondary Education Division",
    "Examinations and Quality Assurance Division",
    "Inspectorate",
]
ENGLISH_TITLES = {"Giám đốc Sở": "Director", "Phó Giám đốc Sở": "Deputy Director"}
ENGLISH_DUTIES = [
    "General leadership; personnel, planning and finance, emulation and commendation.",
    "Preschool and primary education; student affairs; school health.",
    "Secondary and continuing education; examinations and quality assurance.",
]


def _units(english=False):
    made = []
    for index, (name, head, head_title, phone, mailbox, duties) in enumerate(UNITS):
        made.append(
            {
                "name": ENGLISH_UNITS[index] if english else name,
                "head": head,
                "head_title": "Head" if english else head_title,
                "phone": phone,
                "email": f"{mailbox}@sogddt.lamson.example.vn",
                "duties": "" if english else duties,
            }
        )
    return made


def _leaders(english=False):
    if not english:
        return [dict(leader) for leader in LEADERS]
    return [
        {**leader, "title": ENGLISH_TITLES[leader["title"]], "responsibilities": ENGLISH_DUTIES[index]}
        for index, leader in enumerate(LEADERS)
    ]


PAGES = {
    "gioi-thieu": {
        "title": "Giới thiệu Sở Giáo dục và Đào tạo tỉnh Lam Sơn",
        "functions_html": (
            "<p>Sở Giáo dục và Đào tạo là cơ quan chuyên môn thuộc Ủy ban nhân dân tỉnh, tham mưu, giúp Ủy "
            "ban nhân dân tỉnh thực hiện chức năng quản lý nhà nước về giáo dục và đào tạo trên địa bàn tỉnh.</p>"
            "<h3>Nhiệm vụ và quyền hạn</h3><ul>"
            "<li>Trình Ủy ban nhân dân tỉnh kế hoạch phát triển giáo dục và đào tạo của tỉnh;</li>"
            "<li>Hướng dẫn, kiểm tra việc thực hiện chương trình giáo dục ở các cấp học;</li>"
            "<li>Tổ chức các kỳ thi, kiểm định chất lượng giáo dục theo quy định;</li>"
            "<li>Quản lý đội ngũ nhà giáo, cán bộ quản lý giáo dục thuộc thẩm quyền.</li></ul>"
        ),
        "units": _units(),
        "leaders": _leaders(),
    },
    "lien-he": {
        "title": "Liên hệ",
        "intro_html": "<p>Mọi ý kiến, câu hỏi xin gửi về Văn phòng Sở theo địa chỉ dưới đây, hoặc qua mục Hỏi đáp.</p>",
        "address": SETTINGS["address"],
        "phone": SETTINGS["phone"],
        "email": SETTINGS["email"],
        "map_url": "https://www.openstreetmap.org/?mlat=19.807&mlon=105.776#map=17/19.807/105.776",
        "office_hours": "Sáng: 7 giờ 30 – 11 giờ 30\nChiều: 13 giờ 30 – 17 giờ 00\nTừ thứ Hai đến thứ Sáu",
    },
    "en": {
        "title": "Lam Son Department of Education and Training",
        "intro_html": (
            "<p>The Department of Education and Training is a specialised agency of the Provincial People's "
            "Committee of Lam Son. It advises the Committee on, and carries out, the state management of "
            "education and training in the province: preschool, general, continuing and vocational education, "
            "examinations and quality assurance, teachers and education managers.</p>"
        ),
        "units": _units(english=True),
        "leaders": _leaders(english=True),
        "address": "18 Tran Hung Dao Street, Dong Thanh Ward, Lam Son City, Lam Son Province, Viet Nam",
        "phone": "+84 237 3852 100",
        "email": SETTINGS["email"],
    },
}

QUESTIONS = [
    (
        "Trần Thị Bình",
        "Lịch thi tuyển sinh vào lớp 10",
        "Xin cho biết lịch thi tuyển sinh vào lớp 10 trung học phổ thông năm nay và các môn thi?",
        "<p>Kỳ thi tuyển sinh vào lớp 10 tổ chức vào đầu tháng 6, gồm ba môn: Ngữ văn, Toán và Ngoại ngữ. "
        "Lịch chi tiết được đăng trong mục Văn bản và trên trang Tin tức - Sự kiện.</p>",
    ),
    (
        "Nguyễn Văn Dũng",
        "Hồ sơ chuyển trường cho học sinh tiểu học",
        "Gia đình tôi chuyển chỗ ở sang huyện khác, con tôi học lớp 3. Thủ tục chuyển trường cần những gì?",
        "<p>Phụ huynh làm đơn xin chuyển trường, kèm học bạ và giấy giới thiệu của trường đang học; trường "
        "tiếp nhận xem xét trong vòng 3 ngày làm việc. Chi tiết xin liên hệ Phòng Giáo dục và Đào tạo nơi "
        "chuyển đến.</p>",
    ),
    (
        "Lê Hoàng Phương",
        "Phúc khảo bài thi tốt nghiệp",
        "Thời hạn nộp đơn phúc khảo bài thi tốt nghiệp trung học phổ thông là bao lâu sau khi công bố điểm?",
        "<p>Thí sinh nộp đơn phúc khảo tại nơi đăng ký dự thi trong thời hạn 10 ngày kể từ ngày công bố kết "
        "quả thi.</p>",
    ),
]


def demo_logo():
    """A round emblem in the portal's blue and gold, an open book in its middle."""
    size = 192
    image = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.ellipse((4, 4, size - 4, size - 4), fill=(11, 79, 156, 255), outline=(242, 183, 5, 255), width=10)
    draw.polygon([(48, 70), (94, 82), (94, 138), (48, 126)], fill=(255, 255, 255, 255))
    draw.polygon([(98, 82), (144, 70), (144, 126), (98, 138)], fill=(255, 255, 255, 255))
    draw.polygon(
        [(96, 40), (104, 58), (124, 58), (108, 70), (114, 88), (96, 76), (78, 88), (84, 70), (68, 58), (88, 58)],
        fill=(242, 183, 5, 255),
    )
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def load(app):
    store = get_store()
    added = []
    if store.site_record(site_settings.RECORD_KEY) is None:
        site_settings.save(dict(SETTINGS))
        added.append("settings")
    if store.site_file(site_settings.LOGO_KEY) is None:
        site_settings.save_logo(demo_logo())
        added.append("logo")
    for key, content in PAGES.items():
        if store.site_record(f"page:{key}") is None:
            site_pages.save(key, "published", content)
            added.append(key)
    if not store.list_questions("answered", (), 0, 1)[1] and not store.list_questions("pending", (), 0, 1)[1]:
        day = 86400
        for index, (name, title, question, answer) in enumerate(QUESTIONS):
            asked = now_ts() - (30 - index * 7) * day
            doc = {
                "name": name,
                "email": None,  # demo askers have none to keep
                "title": title,
                "question": question,
                "answer": answer,
                "status": "answered",
                "asked_ts": asked,
                "answered_ts": asked + 2 * day,
                "answered_by": None,
            }
            store.insert_question(doc, questions.words_of(doc))
        added.append(f"{len(QUESTIONS)} questions")
    return "sections: " + (", ".join(added) + " added" if added else "already there")
