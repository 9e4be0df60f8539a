"""Rank by the opening of each article, and match through the words index alone.

An article's whole vector (title, teaser, body, names) is 4 to 6 KB for a press release of 700
words, stored out of line; ranking every match of a common word read and unpacked each of them,
and so did matching when the planner chose to scan the table (it does for a word found in most
articles). At 50,000 such articles one common word took about a second.

- `lead`: `document` cut to its first LEAD_POSITIONS words (title, teaser and the start of the
  body): the words found there with their positions there (a generated column, always in step
  with `document`, about a fifth of its size). Ranking reads it: an article ranks by how its
  opening uses the words, and one that mentions them only further down ranks after those,
  newest first. News puts what matters first.
- `search_match_words()`: the one statement of a search, in a function whose plan never scans
  the table (`enable_seqscan` off for that statement only), so matching reads the GIN index and
  the small rows, never the vectors. It returns the ids of every match and, for the candidates
  the facet selections leave (a bitmap indexed by article id, NULL for all), their ranks (each
  word weighed on its own in the opening) and whether their title has every word, each as one
  string of binary values.

Other databases get nothing: their search does not use these.
"""

from django.db import migrations

LEAD_POSITIONS = 120

# The statement of `search_match_words()` (migration 0005 keeps it, in PL/pgSQL).
MATCH_STATEMENT = """\
    -- Ranks weigh each word on its own (the words joined by OR): ts_rank of an AND or a phrase
    -- measures the distance of every pair of positions, five times the cost for two words.
    WITH r AS MATERIALIZED (
        SELECT regexp_replace(query_words::text, ' (&|<[0-9]*-?>) ', ' | ', 'g')::tsquery AS words
    )
    SELECT string_agg(int4send(w.article_id), ''::bytea),
        string_agg(int4send(w.article_id), ''::bytea)
            FILTER (WHERE with_ranks AND candidate_bits IS NOT NULL AND w.among),
        string_agg(float4send(ts_rank(w.lead, r.words)), ''::bytea)
            FILTER (WHERE with_ranks AND w.among),
        string_agg(boolsend(w.title @@ query_words), ''::bytea)
            FILTER (WHERE with_ranks AND w.among)
    FROM r, (
        SELECT a.article_id, a.lead, a.title,
            CASE
                WHEN candidate_bits IS NULL THEN true
                WHEN a.article_id < length(candidate_bits) * 8
                    THEN get_bit(candidate_bits, a.article_id) = 1
                ELSE false
            END AS among
        FROM search_articlewords a
        WHERE a.document @@ query_words
        OFFSET 0
    ) w
"""

FORWARD = rf"""
CREATE FUNCTION search_article_lead(document tsvector) RETURNS tsvector
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    -- Each lexeme with its positions up to the limit, written as tsvector input (quoted, with
    -- quotes doubled and backslashes escaped); lexemes only found further on are left out.
    SELECT coalesce(string_agg(
        '''' || replace(replace(u.lexeme, '\', '\\'), '''', '''''') || ''':' || p.list, ' '
    ), '')::tsvector
    FROM unnest(document) AS u,
    LATERAL (
        SELECT string_agg(x.position::text || x.weight, ',') AS list
        FROM unnest(u.positions, u.weights) AS x(position, weight)
        WHERE x.position <= {LEAD_POSITIONS}
    ) p
    WHERE p.list IS NOT NULL
$$;

ALTER TABLE search_articlewords
    ADD COLUMN lead tsvector GENERATED ALWAYS AS (search_article_lead(document)) STORED;

CREATE FUNCTION search_match_words(query_words tsquery, candidate_bits bytea, with_ranks boolean)
RETURNS TABLE (matched bytea, ranked bytea, ranks bytea, in_title bytea)
LANGUAGE sql STABLE
SET enable_seqscan = off
AS $$
{MATCH_STATEMENT}$$;
ANALYZE search_articlewords;
"""

BACKWARD = """
DROP FUNCTION IF EXISTS search_match_words(tsquery, bytea, boolean);
ALTER TABLE search_articlewords DROP COLUMN IF EXISTS lead;
DROP FUNCTION IF EXISTS search_article_lead(tsvector);
"""


def forward_on_postgres(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        with schema_editor.connection.cursor() as cursor:
            cursor.execute(FORWARD)


def backward_on_postgres(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        with schema_editor.connection.cursor() as cursor:
            cursor.execute(BACKWARD)


class Migration(migrations.Migration):
    dependencies = [("search", "0003_article_title_words")]

    operations = [migrations.RunPython(forward_on_postgres, backward_on_postgres)]
