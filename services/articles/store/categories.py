"""The sections of a provincial Sở GD&ĐT portal, seeded into every new store (slug, name, order)."""

SEED = (
    ("van-phong", "Văn phòng", 1),
    ("tin-tuc-su-kien", "Tin tức - Sự kiện", 2),
    ("giao-duc-trung-hoc", "Giáo dục Trung học", 3),
    ("giao-duc-tieu-hoc", "Giáo dục Tiểu học", 4),
    ("giao-duc-mam-non", "Giáo dục Mầm non", 5),
    ("giao-duc-thuong-xuyen", "Giáo dục Thường xuyên - Chuyên nghiệp", 6),
    ("khao-thi-va-kiem-dinh-chat-luong", "Khảo thí và Kiểm định chất lượng", 7),
    ("to-chuc-can-bo", "Tổ chức cán bộ", 8),
    ("ke-hoach-tai-chinh", "Kế hoạch - Tài chính", 9),
    ("van-ban-chi-dao", "Văn bản chỉ đạo", 10),
)
