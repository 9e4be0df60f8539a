"""Title words beside each article's words, and an index of the pages that are not live.

Relevance ranking on PostgreSQL puts articles whose title has every query word first: with the
title's vector in `search_articlewords`, that test and the rank come from the one small row,
without joining the pages. Visibility is checked as "not among the hidden pages" (not live, or
under a view restriction); the partial index finds the pages that are not live without reading
every page. Other databases get nothing: their search does not use these.
"""

from django.db import migrations

REFRESH_FUNCTION = """
CREATE OR REPLACE FUNCTION search_refresh_article_facets(article integer) RETURNS void AS $$
BEGIN
    DELETE FROM search_articlefacets WHERE article_id = article;
    DELETE FROM search_articlewords WHERE article_id = article;
    INSERT INTO search_articlewords (article_id, document{title_column})
    SELECT a.page_ptr_id, e.title || e.body{title_value}
    FROM newsroom_articlepage a
    JOIN wagtailcore_page p ON p.id = a.page_ptr_id
    JOIN LATERAL (
        SELECT i.title, i.body FROM wagtailsearch_indexentry i
        WHERE i.object_id = a.page_ptr_id::text
          AND i.content_type_id = p.content_type_id
        ORDER BY i.id DESC LIMIT 1
    ) e ON true
    WHERE a.page_ptr_id = article;
    IF NOT FOUND THEN
        RETURN;
    END IF;
    INSERT INTO search_articlefacets
    SELECT a.page_ptr_id, p.content_type_id, a.publication_date,
        EXTRACT(YEAR FROM a.publication_date)::integer, a.campaign_id,
        ARRAY(SELECT l.topic_id FROM newsroom_articlepage_topics l
              WHERE l.articlepage_id = a.page_ptr_id ORDER BY 1),
        ARRAY(SELECT l.country_id FROM newsroom_articlepage_countries l
              WHERE l.articlepage_id = a.page_ptr_id ORDER BY 1),
        ARRAY(SELECT DISTINCT c.region_id FROM newsroom_articlepage_countries l
              JOIN cms_country c ON c.id = l.country_id
              WHERE l.articlepage_id = a.page_ptr_id AND c.region_id IS NOT NULL ORDER BY 1)
    FROM newsroom_articlepage a
    JOIN wagtailcore_page p ON p.id = a.page_ptr_id
    WHERE a.page_ptr_id = article;
END;
$$ LANGUAGE plpgsql;
"""

FORWARD = (
    "ALTER TABLE search_articlewords ADD COLUMN title tsvector NOT NULL DEFAULT ''::tsvector;"
    + REFRESH_FUNCTION.format(title_column=", title", title_value=", e.title")
    + """
UPDATE search_articlewords w SET title = e.title
FROM wagtailcore_page p
JOIN LATERAL (
    SELECT i.title FROM wagtailsearch_indexentry i
    WHERE i.object_id = p.id::text AND i.content_type_id = p.content_type_id
    ORDER BY i.id DESC LIMIT 1
) e ON true
WHERE p.id = w.article_id;
CREATE INDEX IF NOT EXISTS search_page_not_live ON wagtailcore_page (id) WHERE NOT live;
ANALYZE search_articlewords;
"""
)

BACKWARD = (
    "DROP INDEX IF EXISTS search_page_not_live;"
    + REFRESH_FUNCTION.format(title_column="", title_value="")
    + "ALTER TABLE search_articlewords DROP COLUMN IF EXISTS title;"
)


def forward_on_postgres(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        with schema_editor.connection.cursor() as cursor:
            cursor.execute(FORWARD)


def backward_on_postgres(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        with schema_editor.connection.cursor() as cursor:
            cursor.execute(BACKWARD)


class Migration(migrations.Migration):
    dependencies = [("search", "0002_article_facets")]

    operations = [migrations.RunPython(forward_on_postgres, backward_on_postgres)]
