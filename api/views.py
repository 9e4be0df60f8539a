"""The Wagtail API v2 the mobile app reads: pages, images and documents at /api/v2/.

Wagtail's endpoints are narrowed here to what the app needs and made strict: every query
parameter is checked before it reaches the database, a bad one gets
400 {"message", "parameter"}, only live, public pages are ever listed or counted, and lists
run a fixed number of SQL queries whatever their size.
"""

import hashlib
import json
import logging
import re
import threading
from array import array
from functools import cached_property
from pathlib import Path

import yaml
from cachetools import LRUCache
from django.conf import settings
from django.db import DatabaseError, transaction
from django.db.models import Case, IntegerField, OuterRef, Prefetch, Q, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.http import Http404, HttpResponse, JsonResponse
from django.urls import re_path
from django.views.decorators.http import require_safe
from rest_framework import status
from rest_framework.negotiation import BaseContentNegotiation
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from wagtail.api.v2.pagination import WagtailPagination
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.serializers import TagsField
from wagtail.api.v2.utils import BadRequestError, page_models_from_string
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.documents.api.v2.serializers import DocumentSerializer
from wagtail.documents.api.v2.views import DocumentsAPIViewSet
from wagtail.images.api.v2.serializers import ImageSerializer
from wagtail.images.api.v2.views import ImagesAPIViewSet
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.utils.urlpatterns import decorate_urlpatterns

from api.caching import conditional_api_view
from api.filters import ARTICLE_FILTER_PARAMETERS, article_filters_from_query
from api.matching import SEARCH_OPERATORS, SearchUnavailable, matching_ids
from cms.api_fields import PhoneSourcesField
from cms.api_representations import IMAGE_FILTERS
from cms.app_cache import remember, remember_locally
from cms.kept_answers import canonical_query, depends_on_who_asks
from cms.models import NewsImage, PageChange, Spokesperson
from cms.stored_renderings import keep_items, stored_item_texts, stored_items

logger = logging.getLogger(__name__)

OPENAPI_PATH = Path(__file__).with_name("openapi.yaml")
LIMIT_MAX = 50
OFFSET_MAX = 100_000
# Largest id the databases can hold; a bigger one names nothing and must not reach SQL.
ID_MAX = 2**63 - 1
# Departures are small: the changes feed pages through more of them at once.
CHANGES_LIMIT_MAX = 500
# Parameters that only page through the pages of a type, and the orders of page columns.
LIST_ONLY_PARAMETERS = frozenset({"type", "order", "offset", "limit", "fields", "_"})
PAGE_ORDER_FIELDS = frozenset({"id", "title", "first_published_at", "last_published_at"})
# A sync cursor: the position of a change, and of the page among changes at that position.
SYNC_CURSOR = re.compile(r"^(\d{1,18})(?:\.(\d{1,18}))?$")


# Listing serializer classes by endpoint, model and ?fields= (whatever clients ask: bounded).
_serializer_classes = LRUCache(maxsize=256)
_serializer_classes_lock = threading.Lock()


class InvalidParameter(BadRequestError):
    """A query parameter the API cannot use, with the parameter's name for the client."""

    def __init__(self, message, parameter):
        super().__init__(message)
        self.parameter = parameter


class JSONOnlyNegotiation(BaseContentNegotiation):
    """The API speaks JSON only: no ?format= switch, no 406 for a browser's Accept header."""

    def select_parser(self, request, parsers):
        return parsers[0]

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type


class StoredItems(list):
    """A list's items as the JSON texts stored with their pages, rendered as they are."""


class ListJSONRenderer(JSONRenderer):
    """Django REST framework's JSON, but for a list whose items are StoredItems: their texts
    are put in as they are (stored as this renderer writes JSON), not decoded and encoded
    again, which cost a fifth of such a list."""

    def render(self, data, accepted_media_type=None, renderer_context=None):
        items = data.get("items") if isinstance(data, dict) else None
        if not isinstance(items, StoredItems):
            return super().render(data, accepted_media_type, renderer_context)
        indent = self.get_indent(accepted_media_type, renderer_context or {})
        empty = super().render({**data, "items": []}, accepted_media_type, renderer_context)
        if indent is not None or list(data)[-1] != "items" or not empty.endswith(b"[]}"):
            items = [json.loads(text) for text in items]
            return super().render({**data, "items": items}, accepted_media_type, renderer_context)
        text = "[" + ",".join(items) + "]}"
        # As the framework does: U+2028 and U+2029 escaped, JSON being read as JavaScript too.
        text = text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
        return empty[:-3] + text.encode()


class StrictPagination(WagtailPagination):
    """Wagtail's limit/offset paging, with errors that name the parameter."""

    def paginate_queryset(self, queryset, request, view=None):
        self.offset = positive_int(request.GET, "offset", default=0, maximum=OFFSET_MAX)
        self.limit = positive_int(request.GET, "limit", default=20, maximum=LIMIT_MAX)
        self.view = view
        # The total counts every match: once per filter set until the content changes.
        self.total_count = remember(count_key(request), queryset.count)
        known = getattr(view, "known_window", None)
        if known is not None:  # read by the view already (PagesEndpoint.stored_list)
            ids, stored = known
        else:
            # The page's ids first, then its rows: sorting whole rows (pages with their
            # campaign) to reach a deep offset spills thousands of them to disk; sorting ids
            # does not.
            ids_of = getattr(view, "ids_queryset", None)
            ordered = ids_of() if ids_of is not None else None
            if ordered is None:
                ordered = queryset
            window = ordered.values_list("pk", flat=True)[self.offset : self.offset + self.limit]
            ids = list(window)
            if not ids:
                return []
            # Items stored as the API listed them (a dict each): only the others are read.
            stored_of = getattr(view, "stored_items", None)
            stored = stored_of(ids) if stored_of is not None else {}
        missing = [pk for pk in ids if pk not in stored]
        by_pk = {}
        if missing:
            # The rows by id alone: the ids passed the filters, which PostgreSQL need not plan
            # again.
            rows_of = getattr(view, "rows_queryset", None)
            rows = rows_of(queryset) if rows_of is not None else queryset.order_by()
            by_pk = {item.pk: item for item in rows.filter(pk__in=missing)}
        by_pk.update(stored)
        return [by_pk[pk] for pk in ids if pk in by_pk]


def count_key(request):
    """The name the total of a list is remembered under: its filters, not its page."""
    filters = canonical_query(request, leave_out=("offset", "limit", "fields"))
    return f"api-count:{request.path}?{filters}"


def sync_cursor(query, name):
    """(position, page id) from a cursor the API gave out ("0" is the beginning), or a 400."""
    match = SYNC_CURSOR.match(query.get(name, ""))
    if match is None:
        raise InvalidParameter(
            f"{name} must be a cursor from meta.next_cursor, or 0 to start from the beginning",
            name,
        )
    return int(match[1]), int(match[2] or 0)


def format_cursor(position, page_id=None):
    return str(position) if page_id is None else f"{position}.{page_id}"


def positive_int(query, name, default=None, minimum=0, maximum=ID_MAX):
    text = query.get(name)
    if text is None:
        return default
    if not text.isascii() or not text.isdigit() or int(text) < minimum:
        raise InvalidParameter(f"{name} must be a whole number of {minimum} or more", name)
    number = int(text)
    if number > maximum:
        raise InvalidParameter(f"{name} cannot be higher than {maximum}", name)
    return number


class StrictQueryMixin:
    """What every endpoint shares: checked parameters, named errors, JSON only."""

    content_negotiation_class = JSONOnlyNegotiation
    renderer_classes = [ListJSONRenderer]
    pagination_class = StrictPagination
    filter_backends = []
    #: Parameters this endpoint accepts, besides paging and field selection.
    allowed_parameters = frozenset()
    #: Sort keys clients may use; each may be negated with a leading "-".
    order_fields = ("id", "title")
    default_order = ("id",)

    def handle_exception(self, exc):
        if isinstance(exc, BadRequestError):
            data = {"message": str(exc), "parameter": getattr(exc, "parameter", None)}
            return Response(data, status=status.HTTP_400_BAD_REQUEST)
        if isinstance(exc, Http404):
            return Response({"message": "not found"}, status=status.HTTP_404_NOT_FOUND)
        if isinstance(exc, SearchUnavailable):
            data = {"message": "search is unavailable, try again later", "parameter": "search"}
            return Response(data, status=status.HTTP_503_SERVICE_UNAVAILABLE)
        return super().handle_exception(exc)

    def get_renderer_context(self):
        # Compact JSON: the app's users are often on slow, metered connections.
        return {**super().get_renderer_context(), "indent": None}

    def check_query_parameters(self, queryset):
        allowed = {"limit", "offset", "fields", "order", "_"} | self.allowed_parameters
        for name in sorted(self.request.GET.keys()):
            if name not in allowed:
                raise InvalidParameter(f"unknown query parameter: {name}", name)
        for name, value in self.request.GET.items():
            # PostgreSQL rejects NUL in text: catch it here rather than as a database error.
            if "\x00" in value:
                raise InvalidParameter(f"{name} contains a null character", name)

    def find_view(self, request):
        for name, value in request.GET.items():
            if "\x00" in value:
                raise InvalidParameter(f"{name} contains a null character", name)
        positive_int(request.GET, "id", minimum=1)
        return super().find_view(request)

    def detail_view(self, request, pk):
        # A bigger id than the database can store names nothing.
        if int(pk) > ID_MAX:
            raise Http404
        response = super().detail_view(request, pk)
        response.last_modified = getattr(self.get_object(), "last_published_at", None)
        return response

    def get_serializer_class(self):
        if self.action != "listing_view":
            return self.build_serializer_class()
        # Wagtail builds a serializer class, with its fields, on every request: a list builds
        # one per model and ?fields= once per process.
        key = (type(self), self.get_queryset().model, self.request.GET.get("fields"))
        with _serializer_classes_lock:
            found = _serializer_classes.get(key)
        if found is None:
            found = self.build_serializer_class()
            with _serializer_classes_lock:
                _serializer_classes[key] = found
        return found

    def build_serializer_class(self):
        try:
            return super().get_serializer_class()
        except InvalidParameter:
            raise
        except BadRequestError as error:
            raise InvalidParameter(str(error), "fields") from error

    def resolve_rich_text_format(self):
        try:
            return super().resolve_rich_text_format()
        except BadRequestError as error:
            raise InvalidParameter(str(error), "rich_text_format") from error

    def order_queryset(self, queryset):
        """Apply ?order= (a comma-separated list of sort keys) with a stable tie-break."""
        text = self.request.GET.get("order", "")
        if not text:
            return queryset.order_by(*self.default_order)
        keys = text.split(",")
        model_fields = {field.name for field in queryset.model._meta.get_fields()}
        usable = [name for name in self.order_fields if name in model_fields]
        for key in keys:
            if key.removeprefix("-") not in usable:
                allowed = ", ".join(usable)
                raise InvalidParameter(f"cannot order by {key!r}; use one of: {allowed}", "order")
        return queryset.order_by(*keys, "-pk")

    def filter_queryset(self, queryset):
        return self.order_queryset(queryset)

    def search(self, queryset, candidates):
        """Narrow `queryset` to the matches among `candidates`, best first unless ?order=."""
        query = self.request.GET
        operator = query.get("search_operator")  # present but empty is an error too
        if operator is not None and operator not in SEARCH_OPERATORS:
            raise InvalidParameter("search_operator must be 'and' or 'or'", "search_operator")
        ids = matching_ids(candidates, query["search"], operator)
        queryset = queryset.filter(pk__in=ids)
        if not query.get("order") and ids:
            relevance = Case(
                *(When(pk=item_id, then=Value(rank)) for rank, item_id in enumerate(ids)),
                output_field=IntegerField(),
            )
            queryset = queryset.order_by(relevance, "-pk")
        return queryset

    def filter_by_search(self, queryset, candidates):
        query = self.request.GET
        if "search" in query:
            return self.search(queryset, candidates)
        if "search_operator" in query:
            raise InvalidParameter("search_operator needs search", "search_operator")
        return queryset


class PagesEndpoint(StrictQueryMixin, PagesAPIViewSet):
    """Live, public pages; articles filtered by kind, topic, country, campaign and date."""

    allowed_parameters = frozenset(
        {
            "type",
            "child_of",
            "descendant_of",
            "search",
            "search_operator",
            "rich_text_format",
            "slug",
            "updated_since",
            *ARTICLE_FILTER_PARAMETERS,
        }
    )
    find_query_parameters = frozenset({"id", "html_path"})
    # The body is long and carries images: detail only, so lists stay small and cheap.
    detail_only_fields = ["parent", "body", "call_to_action", "key_findings"]
    order_fields = ("id", "title", "first_published_at", "last_published_at", "publication_date")
    default_order = ("path",)

    @classmethod
    def get_listing_default_fields(cls, model):
        fields = super().get_listing_default_fields(model)
        return fields + [name for name in getattr(model, "api_listing_fields", ()) if name]

    @cached_property
    def page_models(self):
        """The page types ?type= asks for; articles when only article filters are given."""
        text = self.request.GET.get("type", "")
        if not text:
            if any(name in self.request.GET for name in ARTICLE_FILTER_PARAMETERS):
                from newsroom.models import ArticlePage

                return (ArticlePage,)
            return ()
        try:
            return page_models_from_string(text)
        except (LookupError, ValueError) as error:
            raise InvalidParameter(f"unknown page type: {text}", "type") from error

    @cached_property
    def browsing_order(self):
        """The order keys when the list is all the pages of one type in an order it may be
        listed by (the app's browsing; articles newest first without one), else None."""
        from newsroom.models import ArticlePage

        query = self.request.GET
        if len(self.page_models) != 1 or set(query) - LIST_ONLY_PARAMETERS:
            return None
        model = self.page_models[0]
        if query.get("order"):
            keys = query["order"].split(",")  # checked by the general path if not usable
        elif issubclass(model, ArticlePage):
            keys = ["-publication_date"]  # the app's default order of articles
        else:
            return None
        usable = {field.name for field in model._meta.get_fields()} & set(self.order_fields)
        if any(key.removeprefix("-") not in usable for key in keys):
            return None
        return keys

    def ids_queryset(self):
        """The list's order, when the list is the app's browsing (`browsing_order`), else None.
        An order of page columns is read from the page table alone: the tables of the type and
        its article base are not joined, nor their wide rows scanned."""
        keys = self.browsing_order
        if keys is None:
            return None
        model = self.page_models[0]
        if all(key.removeprefix("-") in PAGE_ORDER_FIELDS for key in keys):
            return self.public_pages().type(model).order_by(*keys, "-pk")
        return self.public_pages(model).order_by(*keys, "-pk")

    def public_pages(self, model=Page):
        """Wagtail's get_public_pages_queryset (live pages of the request's site, none under a
        view restriction this request does not pass) for `model` itself, from this request's
        one read of the restrictions: the list's query then filters the page rows it joins
        anyway, instead of matching them against a second scan of every page. Built once per
        model and request (a list asks for it several times)."""
        built = self.__dict__.setdefault("_public_pages", {})
        if model not in built:
            queryset = model.objects.live()
            for path in self.restricted_paths:
                queryset = queryset.exclude(path__startswith=path)
            site = Site.find_for_request(self.request)
            if site is None:
                queryset = queryset.none()
            else:
                queryset = queryset.filter(path__startswith=self.root_tree_path)
            built[model] = queryset
        return built[model].all()

    def get_base_queryset(self):
        return self.public_pages()

    def get_queryset(self):
        models = self.page_models
        if len(models) == 1:
            # The specific model's queryset, so its own fields can be listed and filtered.
            return self.public_pages(models[0])
        base = self.get_base_queryset()
        return base.type(*models) if models else base

    def get_object(self):
        if not hasattr(self, "_cached_object"):
            queryset = self.get_queryset()
            try:
                page = queryset.get(pk=self.kwargs["pk"])
            except Page.DoesNotExist as error:
                raise Http404 from error
            self._cached_object = page.specific
        return self._cached_object

    @cached_property
    def root_tree_path(self):
        """The tree path of the request's site's root page (None without a site), kept for the
        content version (a move starts a new one): reading the root page was a query of every
        list."""
        site = Site.find_for_request(self.request)
        if site is None:
            return None
        return remember_locally(
            f"site-root-tree-path:{site.root_page_id}",
            lambda: Page.objects.values_list("path", flat=True).get(pk=site.root_page_id),
        )

    @cached_property
    def restricted_paths(self):
        """Tree paths this request may not see (private sections, password-protected pages).
        Without a session, that is every restriction: read once per content version."""

        def read():
            return tuple(
                restriction.page.path
                for restriction in PageViewRestriction.objects.select_related("page")
                if not restriction.accept_request(self.request)
            )

        if settings.SESSION_COOKIE_NAME in self.request.COOKIES:
            return read()
        return remember_locally("api-restricted-paths-without-session", read)

    def get_serializer_context(self):
        context = super().get_serializer_context()
        context["restricted_paths"] = self.restricted_paths
        return context

    def filter_queryset(self, queryset):
        query = self.request.GET
        queryset = self.filter_by_tree(queryset)
        if "slug" in query:
            queryset = queryset.filter(slug=query["slug"])
        if any(name in query for name in ARTICLE_FILTER_PARAMETERS):
            from newsroom.models import ArticlePage

            if not issubclass(queryset.model, ArticlePage):
                name = next(name for name in ARTICLE_FILTER_PARAMETERS if name in query)
                raise InvalidParameter(
                    f"{name} filters articles: use it without type, or with an article type",
                    name,
                )
            queryset = article_filters_from_query(query).apply(queryset)
        if "updated_since" in query:
            return self.changed_since(queryset)
        queryset = self.order_queryset(queryset)
        # Matches come from live pages of the listed type; visibility stays in SQL.
        return self.filter_by_search(queryset, queryset.model.objects.live())

    def changed_since(self, queryset):
        """Pages whose latest change comes after the cursor, oldest change first.

        A page changed again moves to the end, so paging by cursor neither skips nor repeats a
        page while others are published during a sync. Pages never changed since this record
        began sit at position 0, in id order.
        """
        query = self.request.GET
        for name in ("order", "offset", "search"):
            if name in query:
                raise InvalidParameter(f"{name} cannot be used with updated_since", name)
        position, page_id = sync_cursor(query, "updated_since")
        latest = PageChange.objects.filter(page_id=OuterRef("pk")).values("id")[:1]
        queryset = queryset.annotate(sync_position=Coalesce(Subquery(latest), Value(0)))
        after = Q(sync_position__gt=position) | Q(sync_position=position, pk__gt=page_id)
        return queryset.filter(after).order_by("sync_position", "pk")

    def order_queryset(self, queryset):
        from newsroom.models import ArticlePage

        if not self.request.GET.get("order") and issubclass(queryset.model, ArticlePage):
            # The app's default: newest first, as the newsroom lists them.
            return queryset.order_by("-publication_date", "-pk")
        return super().order_queryset(queryset)

    def filter_by_tree(self, queryset):
        query = self.request.GET
        if "child_of" in query and "descendant_of" in query:
            raise InvalidParameter("use child_of or descendant_of, not both", "descendant_of")
        for name in ("child_of", "descendant_of"):
            if name not in query:
                continue
            if query[name] == "root":
                ancestor = self.get_root_page()
            else:
                ancestor_id = positive_int(query, name, minimum=1)
                ancestor = self.get_base_queryset().filter(pk=ancestor_id).first()
                if ancestor is None:
                    raise InvalidParameter(f"{name}: no live, public page has this id", name)
            if name == "child_of":
                queryset = queryset.child_of(ancestor)
            else:
                queryset = queryset.descendant_of(ancestor)
        return queryset

    def stored_list(self, request):
        """A list of one page type in an order of page columns (the app's browsing), answered
        from its items stored with their pages without building the list's querysets or
        serializers: its ids, a slice of the list's order kept for the content version, then its
        items (one query). None for another
        question, or when an item is not stored: the general path answers then, from the ids
        and items read here (`known_window`)."""
        if self.browsing_order is None or self.root_tree_path is None:
            return None
        key = self.stored_items_key(self.get_serializer_class())
        if key is None:
            return None
        offset = positive_int(request.GET, "offset", default=0, maximum=OFFSET_MAX)
        limit = positive_int(request.GET, "limit", default=20, maximum=LIMIT_MAX)
        list_key = (
            self.page_models[0]._meta.label,
            tuple(self.browsing_order),
            self.root_tree_path,
            self.restricted_paths,
        )
        # Every id of the list in its order, read once per content version and process (the
        # way the search keeps its facet index): a new offset or page size is a slice of it.
        reach = OFFSET_MAX + LIMIT_MAX
        ordered = remember_locally(
            f"api-browsing-ids:{list_key!r}",
            lambda: array("q", self.ids_queryset().values_list("pk", flat=True)[:reach]),
        )
        ids = list(ordered[offset : offset + limit])
        if not ids:
            return None
        try:
            texts = stored_item_texts(ids, key)
        except DatabaseError:
            logger.warning("Could not read the stored API items", exc_info=True)
            texts = {}
        if len(texts) == len(ids):
            items = StoredItems(texts[pk] for pk in ids)
        else:
            stored = self.read_stored_items(ids, key)
            if len(stored) < len(ids):
                self.known_window = (ids, stored)
                return None
            items = [stored[pk] for pk in ids]
        self.paginator.total_count = remember(
            count_key(request),
            lambda: len(ordered) if len(ordered) < reach else self.ids_queryset().count(),
        )
        return self.get_paginated_response(items)

    def listing_view(self, request):
        self.check_query_parameters(None)
        self.item_claims = {}
        answered = self.stored_list(request)
        if answered is not None:
            return answered
        queryset = self.get_queryset()
        queryset = self.filter_queryset(queryset)
        serializer_class = self.get_serializer_class()
        fields = set(serializer_class.Meta.fields)
        if "updated_since" not in request.GET:  # its rows carry their position in the changes
            self.rows_queryset = lambda filtered: self.prefetch_for(
                filtered.model.objects.all(), fields
            )
        else:
            queryset = self.prefetch_for(queryset, fields)
        key = self.stored_items_key(serializer_class)
        if key is not None:
            self.stored_items = lambda ids: self.read_stored_items(ids, key)
        page = self.paginate_queryset(queryset)
        rows = [item for item in page if not isinstance(item, dict)]
        # Each page's URL needs the sites' root paths: read once, not from the cache per page.
        root_paths = remember_locally("site-root-paths", Site.get_site_root_paths)
        for item in rows:
            item._wagtail_cached_site_root_paths = root_paths
        serializer = serializer_class(rows, many=True, context=self.get_serializer_context())
        fresh = dict(zip((item.pk for item in rows), serializer.data, strict=True))
        if key is not None and fresh and self.item_claims:
            try:
                with transaction.atomic():
                    keep_items(self.item_claims, fresh, key)
            except DatabaseError:  # the list is answered all the same; the next one stores
                logger.warning("Could not store %d API items", len(fresh), exc_info=True)
        data = [item if isinstance(item, dict) else fresh[item.pk] for item in page]
        response = self.get_paginated_response(data)
        if "updated_since" in request.GET:
            # Where the next request of the sync starts: after this page's last item.
            last = page[-1] if page else None
            response.data["meta"]["next_cursor"] = (
                format_cursor(last.sync_position, last.pk)
                if last is not None
                else request.GET["updated_since"]
            )
        return response

    def stored_items_key(self, serializer_class):
        """The key the list's items are stored under with their pages (cms.StoredRendering), or
        None when they depend on who asks: the address they link to, the type and the fields.
        """
        request = self.request
        if depends_on_who_asks(request) or "updated_since" in request.GET:
            return None
        text = "|".join(
            [
                f"{request.scheme}://{request.get_host()}",
                serializer_class.Meta.model._meta.label,
                ",".join(sorted(serializer_class.Meta.fields)),
                request.GET.get("rich_text_format", ""),
                "utf-8",  # items stored as UTF-8 JSON (cms.stored_renderings.item_json)
            ]
        )
        return hashlib.blake2b(text.encode(), digest_size=12).hexdigest()

    def read_stored_items(self, ids, key):
        try:
            found, self.item_claims = stored_items(ids, key)
        except DatabaseError:  # every item worked out, none stored
            logger.warning("Could not read the stored API items", exc_info=True)
            return {}
        return found

    def prefetch_for(self, queryset, fields):
        """Fetch what the listed fields show in one query per relation, whatever the page size."""
        model = queryset.model
        # Page URLs read the locale; one join instead of a query per page.
        queryset = queryset.select_related("locale")
        streamfields = {"body", "call_to_action", "key_findings"}
        if not fields & streamfields and hasattr(queryset, "defer_streamfields"):
            # A list without bodies need not read (and parse) every long StreamField.
            queryset = queryset.defer_streamfields()
        if "hero_image" in fields:
            queryset = queryset.prefetch_related(
                Prefetch(
                    "hero_image", queryset=NewsImage.objects.prefetch_renditions(*IMAGE_FILTERS)
                )
            )
        if "campaign" in fields:
            queryset = queryset.select_related("campaign")
        for name in ("topics", "countries", "press_contacts"):
            if name in fields and hasattr(model, name):
                queryset = queryset.prefetch_related(name)
        if "spokespeople" in fields:
            photos = NewsImage.objects.prefetch_renditions(*IMAGE_FILTERS)
            queryset = queryset.prefetch_related(
                Prefetch(
                    "spokespeople",
                    queryset=Spokesperson.objects.prefetch_related(
                        Prefetch("photo", queryset=photos)
                    ),
                )
            )
        return queryset


class PrefetchedTagsField(TagsField):
    """Tag names in name order, read from the list's prefetch instead of a query per item."""

    def to_representation(self, value):
        return sorted(tag.name for tag in value.all())


class PrefetchedTagsMixin:
    """Serializers of images and documents whose `tags` come from `prefetch_related("tags")`."""

    def build_property_field(self, field_name, model_class):
        field_class, kwargs = super().build_property_field(field_name, model_class)
        if field_class is TagsField:
            return PrefetchedTagsField, kwargs
        return field_class, kwargs


class ListedImageSerializer(PrefetchedTagsMixin, ImageSerializer):
    srcset = PhoneSourcesField()


class ListedDocumentSerializer(PrefetchedTagsMixin, DocumentSerializer):
    pass


class CollectionItemsMixin(StrictQueryMixin):
    """Images and documents: Wagtail's collection privacy, our strict parameters."""

    allowed_parameters = frozenset({"search", "search_operator"})

    def filter_queryset(self, queryset):
        queryset = self.order_queryset(queryset).prefetch_related("tags")
        return self.filter_by_search(queryset, queryset.model.objects.all())


class ImagesEndpoint(CollectionItemsMixin, ImagesAPIViewSet):
    base_serializer_class = ListedImageSerializer
    # Every photo is printed with its credit; alt is the editor's alt text, never the title.
    body_fields = [*ImagesAPIViewSet.body_fields, "alt", "credit", "caption", "srcset"]
    listing_default_fields = [*ImagesAPIViewSet.listing_default_fields, "width", "height", "srcset"]


class DocumentsEndpoint(CollectionItemsMixin, DocumentsAPIViewSet):
    base_serializer_class = ListedDocumentSerializer


api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("pages", PagesEndpoint)
api_router.register_endpoint("images", ImagesEndpoint)
api_router.register_endpoint("documents", DocumentsEndpoint)


@require_safe
def changes_feed(request):
    """GET /api/v2/changes/?since=<cursor>: the pages that stopped being live and public after
    the cursor (unpublished, expired, made private, moved out of the site, deleted), in the
    order they left."""
    try:
        for name in request.GET:
            if name not in ("since", "limit", "_"):
                raise InvalidParameter(f"unknown query parameter: {name}", name)
        if "since" not in request.GET:
            raise InvalidParameter("since is required: a cursor, or 0 for every departure", "since")
        position, _ = sync_cursor(request.GET, "since")
        limit = positive_int(request.GET, "limit", default=100, maximum=CHANGES_LIMIT_MAX)
    except InvalidParameter as error:
        return JsonResponse({"message": str(error), "parameter": error.parameter}, status=400)
    departures = PageChange.objects.exclude(left="").filter(id__gt=position).order_by("id")
    items = list(departures[:limit])
    total = len(items) if len(items) < limit else departures.count()
    next_cursor = format_cursor(items[-1].id) if items else request.GET["since"]
    return JsonResponse(
        {
            "meta": {"total_count": total, "next_cursor": next_cursor},
            "items": [
                {"id": item.page_id, "left_at": item.at.isoformat(), "reason": item.left}
                for item in items
            ],
        }
    )


def api_not_found(request):
    return JsonResponse({"message": "not found"}, status=404)


def api_urlpatterns():
    """The router's URLs, each answering conditional GETs and carrying cache headers.

    Anything else under /api/v2/ is a JSON 404, not the website's HTML one.
    """
    return [
        *decorate_urlpatterns(api_router.get_urlpatterns(), conditional_api_view),
        re_path(r"^changes/$", conditional_api_view(changes_feed), name="changes"),
        re_path(r"^", api_not_found),
    ]


def openapi_document():
    return yaml.safe_load(OPENAPI_PATH.read_text())


@require_safe
def openapi_json(request):
    return JsonResponse(openapi_document())


@require_safe
def openapi_yaml(request):
    return HttpResponse(OPENAPI_PATH.read_text(), content_type="application/yaml; charset=utf-8")
