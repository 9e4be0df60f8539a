import xml.etree.ElementTree as ET

from wagtail.models import PageViewRestriction

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def test_robots_txt_keeps_crawlers_out_of_the_admin_and_names_the_sitemap(client, site):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.content.decode().splitlines()
    assert "User-agent: *" in lines
    assert "Disallow: /admin/" in lines
    assert "Sitemap: http://localhost/sitemap.xml" in lines


def test_sitemap_lists_every_live_public_page_and_nothing_else(client, newsroom_content):
    PageViewRestriction.objects.create(
        page=newsroom_content["report"], restriction_type="password", password="x"
    )
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    locations = {node.text for node in ET.fromstring(response.content).iter(f"{SITEMAP}loc")}
    assert locations == {
        "http://localhost/",
        "http://localhost/newsroom/",
        "http://localhost/newsroom/borderland-court-jails-student/",
        "http://localhost/campaigns/",
        "http://localhost/campaigns/free-the-riverside-five/",
        "http://localhost/campaigns/free-the-riverside-five/one-year-on/",
    }
