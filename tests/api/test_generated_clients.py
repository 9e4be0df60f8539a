"""Clients generated from the OpenAPI description, as an app team would generate them.

The Python client (openapi-python-client) is generated once per session and used against a
running site; TypeScript types (openapi-typescript) are generated and a program switching over
every block type is compiled with tsc. Neither generator may warn: a warning means a model is
missing from the generated code.
"""

import importlib
import json
import subprocess
import sys
from pathlib import Path

import pytest

from api.views import openapi_document
from cms.blocks import ArticleBody
from newsroom.factories import PressReleasePageFactory
from tests.blocks_data import every_block_body

ROOT = Path(__file__).resolve().parents[2]
NODE_BIN = ROOT / "node_modules" / ".bin"
PACKAGE = "newsdesk_api_client"


@pytest.fixture(scope="session")
def description_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("openapi") / "openapi.json"
    path.write_text(json.dumps(openapi_document()))
    return path


@pytest.fixture(scope="session")
def python_client(tmp_path_factory, description_file):
    """The generated package, imported (generated once for the whole session)."""
    where = tmp_path_factory.mktemp("python-client")
    config = where / "config.yaml"
    config.write_text(f"package_name_override: {PACKAGE}\npost_hooks: []\n")
    generator = Path(sys.executable).with_name("openapi-python-client")
    result = subprocess.run(
        [
            str(generator),
            "generate",
            "--path",
            str(description_file),
            "--meta",
            "none",
            "--output-path",
            str(where / PACKAGE),
            "--config",
            str(config),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "Warning" not in output, output
    sys.path.insert(0, str(where))
    try:
        yield importlib.import_module(PACKAGE)
    finally:
        sys.path.remove(str(where))


def node_tool(name):
    tool = NODE_BIN / name
    if not tool.exists():
        pytest.skip(f"{tool} is missing: run `npm ci` (make test does)")
    return str(tool)


@pytest.fixture(scope="session")
def typescript_types(tmp_path_factory, description_file):
    where = tmp_path_factory.mktemp("typescript")
    result = subprocess.run(
        [node_tool("openapi-typescript"), str(description_file), "-o", str(where / "api.d.ts")],
        capture_output=True,
        text=True,
        timeout=300,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "warn" not in output.lower() and "⚠" not in output, output
    return where


BLOCK_CASES = {
    "paragraph": "return block.value;",
    "heading": "return `${block.value.level}: ${block.value.text}`;",
    "quote": "return block.value.spokesperson?.name ?? block.value.attribution;",
    "image": 'return block.value?.srcset.map((s) => `${s.url} ${s.width}w`).join(", ") ?? "";',
    "embed": 'return block.value ?? "";',
    "document": 'return block.value ? `${block.value.title} (${block.value.size ?? "?"} B)` : "";',
    "call_to_action": "return block.value.link ?? block.value.button_label;",
    "fact_box": 'return block.value.facts.join("; ");',
    "table": "return String(block.value.data.length);",
}


def block_switch(cases):
    lines = [
        'import type { components } from "./api";',
        'type Block = components["schemas"]["Block"];',
        "export function describe(block: Block): string {",
        "  switch (block.type) {",
    ]
    lines += [f'    case "{name}": {body}' for name, body in cases.items()]
    lines += [
        "    default: {",
        "      const unhandled: never = block;",
        "      return unhandled;",
        "    }",
        "  }",
        "}",
    ]
    return "\n".join(lines) + "\n"


def compile_typescript(where, program):
    (where / "app.ts").write_text(program)
    return subprocess.run(
        [
            node_tool("tsc"),
            "--noEmit",
            "--strict",
            "--target",
            "es2020",
            "--module",
            "commonjs",
            str(where / "app.ts"),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_typescript_program_switching_over_every_block_type_compiles(typescript_types):
    assert set(BLOCK_CASES) == set(ArticleBody.base_blocks)

    result = compile_typescript(typescript_types, block_switch(BLOCK_CASES))

    assert result.returncode == 0, result.stdout + result.stderr


def test_typescript_switch_missing_a_block_type_does_not_compile(typescript_types):
    """The block types are a closed union: forgetting one is a compile error, not `unknown`."""
    cases = {name: body for name, body in BLOCK_CASES.items() if name != "table"}

    result = compile_typescript(typescript_types, block_switch(cases))

    assert result.returncode != 0
    assert "not assignable to type 'never'" in result.stdout


@pytest.fixture
def site(live_server, newsdesk, newsroom, home, campaign_index, python_client):
    body, _ = every_block_body()
    every_block = PressReleasePageFactory(parent=newsroom, title="Every block", body=body)
    api = python_client.Client(base_url=live_server.url, raise_on_unexpected_status=True)
    return api, every_block


# Like every live-server test here: the flush afterwards restores Wagtail's base rows.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_generated_python_client_reads_the_running_site(site, newsdesk, python_client):
    from newsdesk_api_client.api.default import (
        get_image,
        get_page,
        list_images,
        list_pages,
        search,
    )
    from newsdesk_api_client.models import (
        Error,
        ImageBlock,
        PageDetail,
        PageList,
        QuoteBlock,
        SearchResponse,
    )

    api, every_block = site

    # List and page through the articles.
    first = list_pages.sync(client=api, type_="newsroom.ArticlePage", limit=2)
    assert isinstance(first, PageList)
    total = first.meta.total_count
    seen = [item.id for item in first.items]
    while len(seen) < total:
        more = list_pages.sync(client=api, type_="newsroom.ArticlePage", limit=2, offset=len(seen))
        seen += [item.id for item in more.items]
    assert len(set(seen)) == total == len(newsdesk.public_articles) + 1
    card = next(item for item in first.items if item.id == newsdesk.release.pk)
    assert card.hero_image.credit == newsdesk.photo.credit
    assert [source.width for source in card.hero_image.srcset][::2] == [480, 960, 1440]

    # Every page type's detail.
    for page in (
        newsdesk.release.get_parent().get_parent(),
        newsdesk.release.get_parent(),
        newsdesk.campaign.get_parent(),
        newsdesk.campaign,
        newsdesk.update,
        newsdesk.release,
        newsdesk.report,
        every_block,
    ):
        detail = get_page.sync(client=api, id=page.pk)
        assert isinstance(detail, PageDetail), page
        assert detail.meta.type_ == page.specific_class._meta.label, page
    report = get_page.sync(client=api, id=newsdesk.report.pk)
    assert report.report_pdf.extension == "pdf"
    assert [finding.value for finding in report.key_findings]

    # A body with every block type comes out as one typed model per block.
    body = get_page.sync(client=api, id=every_block.pk).body
    assert {block.type_.value for block in body} == set(ArticleBody.base_blocks)
    on_file, free = [block.value for block in body if isinstance(block, QuoteBlock)]
    assert on_file.spokesperson.name
    assert (free.spokesperson, free.attribution) == (None, "A man detained at the border")
    [image] = [block for block in body if isinstance(block, ImageBlock)]
    assert image.value.srcset[0].format_.value == "webp"

    # Search with facets.
    found = search.sync(client=api, q="floods")
    assert isinstance(found, SearchResponse)
    assert newsdesk.release.pk in [result.id for result in found.results]
    assert {value.label for value in found.facets.kind}

    # Images.
    images = list_images.sync(client=api)
    photo = get_image.sync(client=api, id=newsdesk.photo.pk)
    assert newsdesk.photo.pk in [item.id for item in images.items]
    assert photo.title == "Flooded fields"
    assert len(photo.srcset) == 6

    # Errors are typed too.
    error = list_pages.sync(client=api, type_="newsroom.Nothing")
    assert isinstance(error, Error)
    assert error.parameter == "type"
