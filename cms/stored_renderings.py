"""What a page shows, rendered when it is published and kept with it (`StoredRendering`).

A cold request (the first after any publish, on any process) reads a page's main content, head
and card from one row instead of rendering StreamField and resolving renditions. The parts are
written when the page is published (`store_page`, from the publishing transaction) and, for
pages published before or whose rendering was emptied by a change, by the first request that
renders them live (`claim` then `keep`).

Correctness rests on the row's token:
- every change to something a rendering shows (the page itself, an image's credit, a snippet,
  the site's settings or address, privacy) gives the rows concerned a new token and empties
  their parts, in the changing transaction (`forget_pages`, `forget_all`);
- a part is written only under the token read before it was rendered (`claim`), by a
  conditional UPDATE: a rendering worked out from rows a change has since replaced finds another
  token and is not kept. Writers that find no row insert one first, which waits for a change
  still inserting it; forgetting every row locks the table against new ones until it commits.

A part is used only for the live revision it was rendered from, with the templates and site
address in use (`layout`), on the page's own site, for requests whose answer does not depend on
who asks (`usable_for`): previews, signed-in editors and restricted pages always render live.
See docs/freshness.md.
"""

import hashlib
import json
import logging
import secrets
from pathlib import Path

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, transaction
from wagtail.models import Page

from cms.models import StoredRendering

logger = logging.getLogger(__name__)

PARTS = ("main", "head", "card", "whole", "api", "text")
# Columns read only by their own queries (stored_whole, stored_items, stored_texts).
SEPARATELY_READ = ("whole", "whole_scripts", "api", "text")
# Parts that do not depend on the site they are asked from (their readers ignore `site_id`).
ANY_SITE_PARTS = ("api", "text")
# Parts kept without scripts of their own.
PLAIN_PARTS = ("card", "text")
# Field sets of the API a row keeps items for, most recent last.
API_KEYS_PER_PAGE = 8
# The apps whose code renders pages (their source is part of `layout`).
RENDERING_APPS = ("cms", "newsroom", "campaigns", "frontend", "search")
_layout = []


def layout():
    """A fingerprint of what renders the parts: the templates, the site address, the static
    files' names and the code of the apps that render them. A deploy that changes any of them
    makes every stored part stale (re-rendered on first use)."""
    if not _layout:
        from django.contrib.staticfiles.storage import staticfiles_storage

        digest = hashlib.blake2b(digest_size=12)
        digest.update(settings.BASE_URL.encode())
        for folder in (Path(d) for engine in settings.TEMPLATES for d in engine.get("DIRS", [])):
            for path in sorted(folder.rglob("*.html")):
                digest.update(str(path.relative_to(folder)).encode())
                digest.update(path.read_bytes())
        # Hashed names of the CSS and JS the whole page links to (a manifest storage's).
        digest.update(
            repr(sorted(getattr(staticfiles_storage, "hashed_files", {}).items())).encode()
        )
        for app in RENDERING_APPS:
            folder = Path(settings.BASE_DIR) / app
            for path in sorted(folder.rglob("*.py")):
                if "migrations" not in path.parts and "tests" not in path.parts:
                    digest.update(path.read_bytes())
        _layout.append(digest.hexdigest())
    return _layout[0]


def _new_token():
    return secrets.token_hex(8)


def usable_for(request, page):
    """Whether `page`'s rendering for `request` is the one every visitor gets."""
    if request is None or getattr(page, "pk", None) is None or not getattr(page, "live", False):
        return False
    if getattr(request, "is_preview", False) or getattr(
        request, "serves_restricted_content", False
    ):
        return False
    user = getattr(request, "user", None)
    return not (user is not None and user.is_authenticated)


def allow_scripts(request, hashes):
    """Let scripts recorded with a rendering run again: a fragment, part or whole page served
    from where it was kept carries the hashes of the inline scripts it holds, which the
    Content-Security-Policy of the response must allow (`request.csp_script_hashes`)."""
    allowed = getattr(request, "csp_script_hashes", None)
    if allowed is not None:
        allowed.extend(h for h in hashes if h not in allowed)


def _site_id(request):
    site = getattr(request, "_wagtail_site", None)
    if site is None:
        from wagtail.models import Site

        site = Site.find_for_request(request)
    return site.pk if site is not None else None


def _matches(row, page, site_id):
    return (
        row is not None
        and row.revision == (page.live_revision_id or 0)
        and row.layout == layout()
        and row.site_id == site_id
    )


def _request_rows(request):
    rows = getattr(request, "_stored_renderings", None)
    if rows is None:
        rows = request._stored_renderings = {}
    return rows


def _rows(*also_deferred):
    """Stored rows without the columns read by their own queries: the whole page (50 KB and
    more), the API items and the plain text."""
    return StoredRendering.objects.defer(*SEPARATELY_READ, *also_deferred)


# The page parts a list of cards does not read: a result page of 20 cards would otherwise
# fetch 20 bodies (tens of KB each). A row read without them loads them if asked (one query).
NOT_CARDS = ("main", "main_scripts", "head", "head_scripts")


def rows_for(request, pages, cards=False):
    """The stored rows of `pages` (one query for those this request has not read yet); for
    `cards`, without the pages' bodies and heads."""
    rows = _request_rows(request)
    wanted = [page.pk for page in pages if page.pk not in rows]
    if wanted:
        columns = _rows(*NOT_CARDS) if cards else _rows()
        found = {row.page_id: row for row in columns.filter(page_id__in=wanted)}
        for pk in wanted:
            rows[pk] = found.get(pk)
    return rows


def stored_part(request, page, part):
    """(html, script hashes) of `part` as stored for `page`, or None: render it live."""
    row = rows_for(request, [page])[page.pk]
    if not _matches(row, page, _site_id(request)):
        return None
    html = getattr(row, part)
    if html is None:
        return None
    return html, getattr(row, f"{part}_scripts", [])


def stored_parts(request, pages, part):
    """{page id: html} of `part` for those of `pages` that have it stored (one query)."""
    rows = rows_for(request, pages, cards=part == "card")
    site_id = _site_id(request)
    found = {}
    for page in pages:
        row = rows[page.pk]
        if _matches(row, page, site_id) and getattr(row, part) is not None:
            found[page.pk] = getattr(row, part)
    return found


def cards_for_site(request, read):
    """{page id: card html} of the cards read with other columns, {page id: (site id, html)},
    that are for the site `request` asks (cards link to their pages on it)."""
    site_id = _site_id(request)
    return {pk: html for pk, (row_site, html) in read.items() if row_site == site_id}


def claim(request, pages):
    """{page id: token} to store parts of `pages` under, read before they are rendered."""
    rows = rows_for(request, pages)
    site_id = _site_id(request)
    missing = [page for page in pages if rows[page.pk] is None]
    if missing:
        # Waits for a change that is inserting the same rows; a change that forgets every row
        # holds the table until it commits.
        StoredRendering.objects.bulk_create(
            [StoredRendering(page_id=page.pk, token=_new_token()) for page in missing],
            ignore_conflicts=True,
        )
        for row in _rows().filter(page_id__in=[page.pk for page in missing]):
            rows[row.page_id] = row
    tokens = {}
    for page in pages:
        row = rows.get(page.pk)
        if row is None:  # deleted meanwhile
            continue
        if _matches(row, page, site_id):
            tokens[page.pk] = row.token
            continue
        if row.revision > (page.live_revision_id or 0):
            continue  # rendered from a newer revision than this request's page
        token = _new_token()
        changes = {"revision": page.live_revision_id or 0, "layout": layout(), "site_id": site_id}
        # A row of the same revision and layout kept for no site (a search's text or the API's
        # items, which do not depend on the site) or another keeps those parts.
        same = row.revision == changes["revision"] and row.layout == changes["layout"]
        changes.update({part: None for part in PARTS if not same or part not in ANY_SITE_PARTS})
        changes["token"] = token
        if StoredRendering.objects.filter(page_id=page.pk, token=row.token).update(**changes):
            for name, value in changes.items():
                setattr(row, name, value)
            tokens[page.pk] = token
    return tokens


def keep(request, page, token, part, html, scripts=()):
    """Store `part` of `page` unless something it shows changed since `token` was read."""
    changes = {part: html}
    if part not in PLAIN_PARTS:
        changes[f"{part}_scripts"] = list(scripts)
    if StoredRendering.objects.filter(page_id=page.pk, token=token).update(**changes):
        row = _request_rows(request).get(page.pk)
        if row is not None and row.token == token:
            for name, value in changes.items():
                setattr(row, name, value)


def _forget(ids, parts, insert):
    """A new token and none of `parts` for these rows, in the changing transaction. Live pages
    without a row get one first, so that a first renderer's insert waits for the change to
    commit; a renderer's row committed before that insert is then caught by the update."""
    token = _new_token()
    if insert:
        live = Page.objects.filter(pk__in=ids, live=True).values_list("pk", flat=True)
        StoredRendering.objects.bulk_create(
            [StoredRendering(page_id=pk, token=token) for pk in live], ignore_conflicts=True
        )
    StoredRendering.objects.filter(page_id__in=ids).update(
        token=token, **{part: None for part in parts}
    )


def keep_whole(request, page, token, html, scripts=()):
    """Store the whole page as `request` got it, unless something it shows changed since
    `token` was read; True when it was stored."""
    path = request.path
    if len(path) > StoredRendering._meta.get_field("whole_path").max_length:
        return False
    changes = {"whole": html, "whole_scripts": list(scripts), "whole_path": path}
    return bool(StoredRendering.objects.filter(page_id=page.pk, token=token).update(**changes))


_whole_sql = []


def _whole_query():
    """The whole-page lookup's SQL, written once: it runs on every request a kept page answers
    when this process has not read it yet, where building it with the ORM costs more than the
    query itself."""
    if not _whole_sql:
        quote = connection.ops.quote_name
        rendering = quote(StoredRendering._meta.db_table)
        page = quote(Page._meta.db_table)
        _whole_sql.append(
            f"SELECT r.{quote('whole')}, r.{quote('whole_scripts')} FROM {rendering} r"
            f" INNER JOIN {page} p ON p.{quote('id')} = r.{quote('page_id')}"
            f" WHERE r.{quote('whole_path')} = %s AND r.{quote('site_id')} = %s"
            f" AND r.{quote('layout')} = %s AND r.{quote('whole')} IS NOT NULL"
            f" AND p.{quote('live')}"
            f" AND r.{quote('revision')} = COALESCE(p.{quote('live_revision_id')}, 0)"
            " LIMIT 1"
        )
    return _whole_sql[0]


def stored_whole(site, path):
    """(html, script hashes) of the whole page stored for `path` on `site`, or None. Only the
    rendering of the page's live revision, with the layout in use, is ever read."""
    with connection.cursor() as cursor:
        cursor.execute(_whole_query(), [path, site.pk, layout()])
        row = cursor.fetchone()
    if row is None:
        return None
    scripts = StoredRendering._meta.get_field("whole_scripts").from_db_value(
        row[1], None, connection
    )
    return row[0], scripts or []


def _joined_rows_sql(columns):
    """The start of a statement reading `columns` (SQL over `r`, the stored rows, and `p`, their
    pages) of the rows of some pages: `_in_list` ends it. Written once per caller and kept: a
    list asks on every request, and building the query with the ORM cost more than running it.
    """
    quote = connection.ops.quote_name
    return (
        f"SELECT {columns} FROM {quote(StoredRendering._meta.db_table)} r"
        f" INNER JOIN {quote(Page._meta.db_table)} p ON p.{quote('id')} = r.{quote('page_id')}"
        f" WHERE r.{quote('page_id')} IN "
    )


def _in_list(ids):
    return "(" + ", ".join(["%s"] * len(ids)) + ")"


_column_sql = {}


def _column_rows(ids, column, with_cards=False):
    """(page id, token, revision, layout, `column`, the page's live revision) of these pages'
    rows, and with_cards, their card, its site and whether the page is live."""
    if not ids:
        return []
    key = (column, with_cards)
    if key not in _column_sql:
        quote = connection.ops.quote_name
        names = ", ".join(f"r.{quote(name)}" for name in ("page_id", "token", "revision", "layout"))
        cards = f", r.{quote('card')}, r.{quote('site_id')}, p.{quote('live')}"
        _column_sql[key] = _joined_rows_sql(
            f"{names}, r.{quote(column)}, p.{quote('live_revision_id')}"
            f"{cards if with_cards else ''}"
        )
    with connection.cursor() as cursor:
        cursor.execute(_column_sql[key] + _in_list(ids), ids)
        return cursor.fetchall()


def _claim_column(page_ids, column, cards=None):
    """{page id: (token, value of `column` or None, revision)} for the rows of these pages,
    rows missing inserted first. `revision` is None for a row of the page's live revision and
    the layout in use; for a row of an older revision or layout it is the live revision, and
    its value is None (`_keep_column` resets its other parts). A row rendered from a revision
    this read does not see yet is left out. One query, two more when rows are missing.
    A dict `cards` gets {page id: (site id, card html)} of the current rows of live pages
    with a card, read by the same query."""
    ids = [int(pk) for pk in page_ids]
    with_cards = cards is not None
    rows = {row[0]: row for row in _column_rows(ids, column, with_cards)}
    missing = [pk for pk in ids if pk not in rows]
    if missing:
        StoredRendering.objects.bulk_create(
            [StoredRendering(page_id=pk, token=_new_token()) for pk in missing],
            ignore_conflicts=True,
        )
        for row in _column_rows(missing, column, with_cards):
            rows[row[0]] = row
    claims = {}
    for pk, token, revision, row_layout, value, live_revision, *card in rows.values():
        live_revision = live_revision or 0
        if revision > live_revision:
            continue
        if revision == live_revision and row_layout == layout():
            claims[pk] = (token, value, None)
            if card and card[0] is not None and card[2]:
                cards[pk] = (card[1], card[0])
        else:
            claims[pk] = (token, None, live_revision)
    return claims


def _keep_column(column, values, claims):
    """Store {page id: text} in `column`, each unless its row's token changed since
    `_claim_column` read it: one statement for the rows that were current, one for those of an
    older revision or layout, which lose their other parts."""
    from django.db.models import Case, Q, TextField, Value, When

    claimed = {pk: value for pk, value in values.items() if pk in claims}
    current = {pk: value for pk, value in claimed.items() if claims[pk][2] is None}
    reset = {pk: value for pk, value in claimed.items() if claims[pk][2] is not None}
    for rows in (current, reset):
        if not rows:
            continue
        which = Q(pk__in=[])
        for pk in rows:
            which |= Q(page_id=pk, token=claims[pk][0])
        changes = {
            column: Case(
                *(When(page_id=pk, then=Value(value)) for pk, value in rows.items()),
                output_field=TextField(),
            )
        }
        if rows is reset:
            changes.update({part: None for part in PARTS if part != column})
            changes.update(token=_new_token(), layout=layout())
            changes["revision"] = Case(
                *(When(page_id=pk, then=Value(claims[pk][2])) for pk in rows),
                output_field=StoredRendering._meta.get_field("revision"),
            )
        StoredRendering.objects.filter(which).update(**changes)


def stored_items(page_ids, key):
    """The API items stored under `key` for these pages: ({page id: item}, {page id: claim})
    where each claim lets `keep_items` store the item of a page that had none, unless something
    it shows changes meanwhile. Read before the pages themselves are."""
    found, claims = {}, {}
    for pk, (token, api, revision) in _claim_column(page_ids, "api").items():
        items = json.loads(api) if api else {}
        if revision is None and key in items:
            found[pk] = items[key]
        else:
            claims[pk] = (token, items, revision)
    return found, claims


def keep_items(claims, items, key):
    """Store the API `items` ({page id: item}) under `key`, with the few most recent keys each
    row holds, each unless its row's token changed since `stored_items` read it."""
    texts = {}
    for pk, item in items.items():
        if pk not in claims:
            continue
        _, stored, _ = claims[pk]
        stored = {name: value for name, value in stored.items() if name != key}
        stored = dict(list(stored.items())[-(API_KEYS_PER_PAGE - 1) :])
        stored[key] = item
        texts[pk] = item_json(stored)
    _keep_column("api", texts, {pk: (token, None, rev) for pk, (token, _, rev) in claims.items()})


def item_json(value):
    """JSON text as the API renders it (compact, UTF-8 rather than escapes), so that an item
    stored this way can be put into a response as it is (`stored_item_texts`)."""
    return json.dumps(value, cls=DjangoJSONEncoder, separators=(",", ":"), ensure_ascii=False)


_item_texts_sql = {}


def stored_item_texts(page_ids, key):
    """{page id: JSON text of its API item stored under `key`} for those of these pages whose
    row is current and has one (one query): a list of stored items is answered without
    decoding them. PostgreSQL cuts each item from its row (`json ->` keeps the text as stored);
    another database's rows are decoded here."""
    ids = [int(pk) for pk in page_ids]
    if not ids:
        return {}
    vendor = connection.vendor
    if vendor not in _item_texts_sql:
        quote = connection.ops.quote_name
        api = f"r.{quote('api')}"
        item = f"({api}::json -> %s)::text" if vendor == "postgresql" else api
        _item_texts_sql[vendor] = _joined_rows_sql(
            f"r.{quote('page_id')}, r.{quote('revision')}, r.{quote('layout')}, {item},"
            f" p.{quote('live_revision_id')}"
        )
    params = [key] if vendor == "postgresql" else []
    with connection.cursor() as cursor:
        cursor.execute(_item_texts_sql[vendor] + _in_list(ids), [*params, *ids])
        rows = cursor.fetchall()
    found = {}
    current_layout = layout()
    for pk, revision, row_layout, text, live_revision in rows:
        if text is None or revision != (live_revision or 0) or row_layout != current_layout:
            continue
        if vendor != "postgresql":
            items = json.loads(text)
            if key not in items:
                continue
            text = item_json(items[key])
        found[pk] = text
    return found


def stored_texts(page_ids, cards=None):
    """The plain text stored for the live revision of each of these pages (a text does not
    depend on the site): ({page id: text}, {page id: claim}), where each claim lets `keep_texts`
    store the text of a page that had none, unless the page changes meanwhile. A dict `cards`
    also gets the pages' current cards, {page id: (site id, html)}, from the same query (a
    search shows its results by them: `cards_for_site`)."""
    found, claims = {}, {}
    for pk, claim_ in _claim_column(page_ids, "text", cards).items():
        if claim_[1] is not None:
            found[pk] = claim_[1]
        else:
            claims[pk] = claim_
    return found, claims


def keep_texts(claims, texts):
    """Store the plain `texts` ({page id: text}) claimed by `stored_texts`."""
    _keep_column("text", texts, claims)


def forget_pages(page_ids, insert=True):
    """Something these pages show changed: a new token and no parts. Their cards may have
    changed too, so the pages listing them lose their stored whole page (`listing_pages`)."""
    ids = sorted({int(pk) for pk in page_ids})
    if not ids:
        return
    _forget(ids, PARTS, insert)
    forget_listings(ids)


def forget_listings(page_ids):
    """These pages changed, appeared or went: the whole pages that list them are stale."""
    listing = sorted(listing_pages(page_ids))
    if listing:
        _forget(listing, ("whole",), insert=True)


# Functions (page ids) -> ids of the pages whose whole page lists any of them, registered by
# the apps whose pages list others (an article's related articles).
_listers = []


def register_lister(find):
    if find not in _listers:
        _listers.append(find)


def listing_pages(page_ids):
    """Ids of the pages whose whole page may list any of `page_ids`: every page of a type that
    lists pages (`lists_pages`: the home page, the newsroom, the campaigns), and those the
    registered listers find."""
    from django.contrib.contenttypes.models import ContentType
    from wagtail.models import get_page_models

    ids = {int(pk) for pk in page_ids}
    models = [model for model in get_page_models() if getattr(model, "lists_pages", False)]
    found = set()
    if models:
        types = ContentType.objects.get_for_models(*models).values()
        found.update(Page.objects.filter(content_type__in=list(types)).values_list("pk", flat=True))
    for find in _listers:
        found.update(find(ids))
    return found - ids


def forget_all():
    """Something every page shows changed (the site's settings or address, privacy)."""
    with transaction.atomic():
        if connection.vendor == "postgresql":
            table = connection.ops.quote_name(StoredRendering._meta.db_table)
            with connection.cursor() as cursor:
                # Until this commits, nobody adds a row rendered from what it replaces.
                cursor.execute(f"LOCK TABLE {table} IN EXCLUSIVE MODE")
        StoredRendering.objects.update(token=_new_token(), **{part: None for part in PARTS})


def pages_showing(instance, depth=2):
    """Ids of pages that show `instance` (an image, a snippet, a page), directly or through a
    snippet that shows it (a spokesperson's photo, a country's region): Wagtail's reference
    index, and the relations pages and snippets have to it (topics, countries, people)."""
    from wagtail.models import ReferenceIndex
    from wagtail.snippets.models import get_snippet_models

    page_type = ReferenceIndex._get_base_content_type(Page)
    snippets = tuple(get_snippet_models())
    pages = set()
    seen = set()
    todo = [instance]
    for _ in range(depth):
        following = []
        for obj in todo:
            references = ReferenceIndex.get_references_to(obj).values_list(
                "base_content_type_id", "content_type_id", "object_id"
            )
            for base_type_id, type_id, object_id in references:
                if base_type_id == page_type.pk:
                    pages.add(int(object_id))
                elif (type_id, object_id) not in seen:
                    seen.add((type_id, object_id))
                    following += _objects([(type_id, object_id)])
            for relation in obj._meta.related_objects:
                model = relation.related_model
                if not (relation.one_to_many or relation.many_to_many):
                    continue
                if issubclass(model, Page):
                    pages.update(_related(obj, relation).values_list("pk", flat=True))
                elif issubclass(model, snippets):
                    following += list(_related(obj, relation))
        todo = following
    return pages


def _related(obj, relation):
    return relation.related_model._default_manager.filter(**{relation.field.name: obj})


def _objects(keys):
    from django.contrib.contenttypes.models import ContentType

    objects = []
    for type_id, object_id in keys:
        model = ContentType.objects.get_for_id(type_id).model_class()
        if model is not None:
            obj = model._default_manager.filter(pk=object_id).first()
            if obj is not None:
                objects.append(obj)
    return objects


def pages_below(page, inclusive=True):
    return Page.objects.descendant_of(page, inclusive=inclusive).values_list("pk", flat=True)


# Parts that serving the page does not render (its card, as listings show it): functions
# (request, pages) registered by the app that renders them, which claim and keep them.
_part_renderers = []


def register_part_renderer(render):
    if render not in _part_renderers:
        _part_renderers.append(render)


def request_for(page, site=None):
    """A visitor's anonymous GET of `page` on its site's address, to render it outside a
    request (publishing, the management command, a Celery task)."""
    from django.contrib.auth.models import AnonymousUser
    from django.test import RequestFactory

    site = site or page.get_site()
    host = site.hostname if site.port in (80, 443) else f"{site.hostname}:{site.port}"
    request = RequestFactory().get(
        page.get_url_parts()[2] if page.get_url_parts() else "/",
        HTTP_HOST=host,
        secure=site.port == 443,
    )
    request.user = AnonymousUser()
    request._wagtail_site = site
    request.csp_script_hashes = []
    return request


def store_page(page):
    """Render and keep every part `page` shows (its live version). Errors are logged, never
    raised: a page without stored parts is rendered live."""
    page = page.specific_deferred if type(page) is Page else page
    try:
        if not page.live or page.get_site() is None:
            return False
        request = request_for(page)
        token = claim(request, [page]).get(page.pk)
        response = page.serve(request)
        if hasattr(response, "render"):
            response.render()
        if token and response.status_code == 200 and not page.get_view_restrictions():
            html = response.content.decode(response.charset)
            keep_whole(request, page, token, html, request.csp_script_hashes)
        for render in _part_renderers:
            render(request, [page])
    except Exception:
        logger.exception("Could not store the rendering of page %s", page.pk)
        return False
    return True


# A page saved with only these fields changed a draft, never what visitors see.
DRAFT_FIELDS = {
    "latest_revision",
    "latest_revision_created_at",
    "draft_title",
    "has_unpublished_changes",
    "locked",
    "locked_at",
    "locked_by",
    "wagtail_admin_comments",
    "comments",
}
# Bookkeeping Wagtail does on an image or document the first time it is shown.
BOOKKEEPING_FIELDS = {"file_size", "file_hash"}


def on_page_saved(sender, instance, update_fields=None, **kwargs):
    if not isinstance(instance, Page):
        return
    if update_fields and set(update_fields) <= DRAFT_FIELDS:
        return
    forget_pages([instance.pk], insert=instance.live)
    if getattr(instance.specific_class, "children_show_it", False):
        forget_pages(instance.get_children().values_list("pk", flat=True))


def on_page_published(instance, **kwargs):
    """Pages that show this one (a campaign's articles) forget it; the page is rendered now, in
    the publishing transaction, so the first visitor reads rows."""
    forget_pages(pages_showing(instance))
    # Listings showing it (with its new topics; its old ones went when the page was saved).
    forget_listings([instance.pk])
    store_page(instance)


def on_page_unpublished(instance, **kwargs):
    # The page's own row gets no insert: Wagtail unpublishes a page it is about to delete.
    forget_pages([instance.pk], insert=False)
    forget_pages(pages_showing(instance))


def on_shown_object_changed(sender, instance, created=False, update_fields=None, **kwargs):
    """A corrected photo credit, a renamed topic or spokesperson: the pages showing it."""
    if created or (update_fields and set(update_fields) <= BOOKKEEPING_FIELDS):
        return
    forget_pages(pages_showing(instance))


def on_privacy_changed(sender, instance, **kwargs):
    page_id = getattr(instance, "page_id", None)
    if page_id is None:  # a collection's restriction: any image or document on any page
        forget_all()
        return
    page = Page.objects.filter(pk=page_id).first()
    if page is not None:
        # Pages elsewhere show it too (an article names its campaign, which a private campaign
        # must no longer have shown).
        forget_pages({*pages_below(page), *pages_showing(page.specific)})


def on_everything_changed(*args, **kwargs):
    """The site's address or root, its settings, a move or a new slug: URLs, names and the
    publisher shown by every page."""
    from wagtail.models import Collection

    from cms.models import PressSettings

    if kwargs.get("created") and kwargs.get("sender") in (PressSettings, Collection):
        return  # settings made with the defaults pages showed already; an empty collection
    forget_all()


def on_bulk_action(request, action_type, objects, action_class_instance):
    if not issubclass(action_class_instance.model, Page):
        forget_all()


def connect_signals():
    from django.db.models.signals import post_delete, post_save
    from wagtail import hooks
    from wagtail.documents import get_document_model
    from wagtail.models import Collection, CollectionViewRestriction, PageViewRestriction, Site
    from wagtail.signals import page_published, page_slug_changed, page_unpublished, post_page_move

    from cms.models import (
        Country,
        NewsImage,
        PressContact,
        PressSettings,
        Region,
        Spokesperson,
        Topic,
    )

    uid = "newsdesk-renderings"
    post_save.connect(on_page_saved, dispatch_uid=f"{uid}-page")
    page_published.connect(on_page_published, dispatch_uid=f"{uid}-published")
    page_unpublished.connect(on_page_unpublished, dispatch_uid=f"{uid}-unpublished")
    post_page_move.connect(on_everything_changed, dispatch_uid=f"{uid}-moved")
    page_slug_changed.connect(on_everything_changed, dispatch_uid=f"{uid}-slug")
    shown = (NewsImage, get_document_model(), Spokesperson, PressContact, Topic, Country, Region)
    for signal in (post_save, post_delete):
        kind = "saved" if signal is post_save else "deleted"
        for model in shown:
            signal.connect(
                on_shown_object_changed, sender=model, dispatch_uid=f"{uid}-{model.__name__}-{kind}"
            )
        for model in (PageViewRestriction, CollectionViewRestriction):
            signal.connect(
                on_privacy_changed, sender=model, dispatch_uid=f"{uid}-{model.__name__}-{kind}"
            )
        for model in (Site, PressSettings, Collection):
            signal.connect(
                on_everything_changed, sender=model, dispatch_uid=f"{uid}-{model.__name__}-{kind}"
            )
    hooks.register("after_bulk_action", on_bulk_action)
