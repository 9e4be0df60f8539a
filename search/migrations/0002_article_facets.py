"""Compact rows per indexed article for faceted search on PostgreSQL.

One table holds every facet value as integers and arrays, another the indexed words (the
engine's title || body vector, with a GIN index), so matching is one index lookup and counting
one scan of a small table. Triggers keep it in step
with the search index, the articles, their topic and country links and the countries' regions,
whichever code writes them. Other databases get no table: their search does not use it.
"""

from django.db import migrations

CREATE = """
CREATE TABLE search_articlefacets (
    article_id integer PRIMARY KEY,
    content_type_id integer NOT NULL,
    publication_date date,
    year integer,
    campaign_id integer,
    topic_ids bigint[] NOT NULL,
    country_ids bigint[] NOT NULL,
    region_ids bigint[] NOT NULL
);
CREATE INDEX search_articlefacets_date ON search_articlefacets (publication_date, article_id);
-- The words apart from the facets, so that counting scans only the small integer rows.
CREATE TABLE search_articlewords (
    article_id integer PRIMARY KEY,
    document tsvector NOT NULL
);
CREATE INDEX search_articlewords_document ON search_articlewords USING gin (document);

-- The rows of one article, from its index entry and current facet values (none: no row).
CREATE FUNCTION search_refresh_article_facets(article integer) RETURNS void AS $$
BEGIN
    DELETE FROM search_articlefacets WHERE article_id = article;
    DELETE FROM search_articlewords WHERE article_id = article;
    INSERT INTO search_articlewords
    SELECT a.page_ptr_id, e.title || e.body
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

CREATE FUNCTION search_index_entry_changed() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        IF OLD.object_id ~ '^[0-9]{1,9}$' THEN
            PERFORM search_refresh_article_facets(OLD.object_id::integer);
        END IF;
        RETURN OLD;
    END IF;
    IF NEW.object_id ~ '^[0-9]{1,9}$' THEN
        PERFORM search_refresh_article_facets(NEW.object_id::integer);
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;

-- Facet changes only matter to articles already indexed (indexing builds the row).
CREATE FUNCTION search_article_link_changed() RETURNS trigger AS $$
DECLARE
    article integer;
BEGIN
    IF TG_OP = 'DELETE' THEN article := OLD.articlepage_id; ELSE article := NEW.articlepage_id; END IF;
    IF EXISTS (SELECT 1 FROM search_articlefacets WHERE article_id = article) THEN
        PERFORM search_refresh_article_facets(article);
    END IF;
    IF TG_OP = 'UPDATE' AND OLD.articlepage_id <> NEW.articlepage_id THEN
        PERFORM search_refresh_article_facets(OLD.articlepage_id);
    END IF;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE FUNCTION search_article_changed() RETURNS trigger AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM search_articlefacets WHERE article_id = NEW.page_ptr_id) THEN
        PERFORM search_refresh_article_facets(NEW.page_ptr_id);
    END IF;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE FUNCTION search_country_region_changed() RETURNS trigger AS $$
BEGIN
    PERFORM search_refresh_article_facets(l.articlepage_id)
    FROM newsroom_articlepage_countries l
    WHERE l.country_id = NEW.id
      AND EXISTS (SELECT 1 FROM search_articlefacets f WHERE f.article_id = l.articlepage_id);
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER search_article_facets_index
    AFTER INSERT OR DELETE OR UPDATE OF title, body, object_id, content_type_id
    ON wagtailsearch_indexentry FOR EACH ROW EXECUTE FUNCTION search_index_entry_changed();
CREATE TRIGGER search_article_facets_topics
    AFTER INSERT OR DELETE OR UPDATE ON newsroom_articlepage_topics
    FOR EACH ROW EXECUTE FUNCTION search_article_link_changed();
CREATE TRIGGER search_article_facets_countries
    AFTER INSERT OR DELETE OR UPDATE ON newsroom_articlepage_countries
    FOR EACH ROW EXECUTE FUNCTION search_article_link_changed();
CREATE TRIGGER search_article_facets_article
    AFTER UPDATE OF publication_date, campaign_id ON newsroom_articlepage
    FOR EACH ROW EXECUTE FUNCTION search_article_changed();
CREATE TRIGGER search_article_facets_region
    AFTER UPDATE OF region_id ON cms_country
    FOR EACH ROW EXECUTE FUNCTION search_country_region_changed();

SELECT search_refresh_article_facets(a.page_ptr_id) FROM newsroom_articlepage a;
"""

DROP = """
DROP TRIGGER IF EXISTS search_article_facets_index ON wagtailsearch_indexentry;
DROP TRIGGER IF EXISTS search_article_facets_topics ON newsroom_articlepage_topics;
DROP TRIGGER IF EXISTS search_article_facets_countries ON newsroom_articlepage_countries;
DROP TRIGGER IF EXISTS search_article_facets_article ON newsroom_articlepage;
DROP TRIGGER IF EXISTS search_article_facets_region ON cms_country;
DROP FUNCTION IF EXISTS search_index_entry_changed();
DROP FUNCTION IF EXISTS search_article_link_changed();
DROP FUNCTION IF EXISTS search_article_changed();
DROP FUNCTION IF EXISTS search_country_region_changed();
DROP FUNCTION IF EXISTS search_refresh_article_facets(integer);
DROP TABLE IF EXISTS search_articlefacets;
DROP TABLE IF EXISTS search_articlewords;
"""


def create_on_postgres(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        with schema_editor.connection.cursor() as cursor:
            cursor.execute(CREATE)


def drop_on_postgres(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        with schema_editor.connection.cursor() as cursor:
            cursor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0001_initial"),
        ("newsroom", "0002_embargo_preview_link"),
        ("cms", "0001_initial"),
        ("wagtailsearch", "0010_add_text_fields"),
    ]

    operations = [migrations.RunPython(create_on_postgres, drop_on_postgres)]
