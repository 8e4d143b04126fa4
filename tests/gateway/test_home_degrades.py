"""The home page stays up when its backends are down: each block says so, the page is 200."""


def test_home_with_every_backend_down_is_200_and_partial(client):
    response = client.get("/")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    for heading in ("Hình ảnh hoạt động", "Video clip", "Tra cứu điểm thi"):
        assert heading in html
    assert html.count("Nội dung tạm thời không khả dụng") >= 4
    assert response.headers["X-Partial-Content"] == "articles,exams,media"


def test_readyz_names_each_dead_backend(client):
    response = client.get("/readyz")
    assert response.status_code == 503
    assert {name for name, check in response.json["checks"].items() if check["status"] == "down"} == {
        "articles",
        "media",
        "exams",
        "accounts",
        "documents",
    }


def test_unknown_page_is_a_friendly_html_404(client):
    response = client.get("/khong-co-trang-nay")
    assert response.status_code == 404
    assert response.mimetype == "text/html"
    assert "Không tìm thấy trang" in response.get_data(as_text=True)


def test_unknown_api_route_is_json_404(client):
    response = client.get("/api/v1/khong-co")
    assert response.status_code == 404 and response.json["error"]["code"] == "not_found"
