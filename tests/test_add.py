"""``banbot init`` and ``banbot add``: pages, files, PDFs and standard input become articles.

Web pages are served by a small HTTP server on 127.0.0.1 that the tests start; nothing
leaves the machine.
"""

from __future__ import annotations

import http.server
import io
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar

import pytest

from adapters.cli import main
from bot.knowledge import load_knowledge

ARTICLE = [
    "Globex Holdings will close its Springfield anvil factory on June 14, the company said.",
    "The factory employs fewer than 40 workers, and union leader Maria Lopez confirmed the layoffs.",
    "Globex blamed the closure on a sharp drop in orders from hardware stores.",
    "The company has made anvils in Springfield since 1952.",
]
PAGE = f"""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>Globex to close Springfield anvil factory | Harbor News</title>
<meta property="og:site_name" content="Harbor News">
<meta property="og:title" content="Globex to close Springfield anvil factory">
<meta name="author" content="Pat Reporter">
<meta property="article:published_time" content="2024-05-02T08:00:00+00:00">
</head><body>
<nav><a href="/">Home</a> <a href="/business">Business</a> Sign up for our newsletter</nav>
<div class="ad">Advertisement: the best garden hoses of 2024</div>
<article><h1>Globex to close Springfield anvil factory</h1>
<figure><img src="f.jpg"><figcaption>The factory gates on Main Street. Photo: Harbor News</figcaption>
</figure>
<p>{ARTICLE[0]}</p><p>{ARTICLE[1]}</p>
<div class="share">Share on Facebook · Share on X · Read more: Ten tools every smith needs</div>
<p>{ARTICLE[2]} {ARTICLE[3]}</p></article>
<section class="comments"><h3>Comments</h3><p>So sad to hear this news about our town!</p></section>
<footer>© 2024 Harbor News. All rights reserved.</footer></body></html>"""
FURNITURE = (
    "newsletter",
    "Advertisement",
    "Photo:",
    "Share on",
    "Read more",
    "Comments",
    "All rights reserved",
)


def _pdf(lines: list[str]) -> bytes:
    """A one-page PDF with these lines of text (none: a page with no text layer)."""
    text = " ".join(f"({line}) Tj T*" for line in lines)
    stream = f"BT /F1 11 Tf 72 720 Td 14 TL {text} ET" if lines else "0 0 1 rg 72 72 200 200 re f"
    objects = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        "/Resources << /Font << /F1 5 0 R >> >> >>",
        f"<< /Length {len(stream)} >>\nstream\n{stream}\nendstream",
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = "%PDF-1.4\n"
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n{body}\nendobj\n"
    table = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n"
    out += "".join(f"{offset:010d} 00000 n \n" for offset in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{table}\n%%EOF\n"
    return out.encode("latin-1")


class _Pages(http.server.BaseHTTPRequestHandler):
    routes: ClassVar[dict[str, tuple[int, str, bytes]]] = {}

    def do_GET(self) -> None:
        if self.path == "/loop":
            self.send_response(302)
            self.send_header("Location", "/loop")
            self.end_headers()
            return
        if self.path == "/huge":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            chunk = b"<p>" + b"words " * 10_000 + b"</p>"
            for _ in range(200):  # about 12 MB, more than the 10 MB cap; bounded
                try:
                    self.wfile.write(chunk)
                except (BrokenPipeError, ConnectionResetError):
                    return
            return
        status, kind, body = self.routes.get(self.path, (404, "text/plain", b"not found"))
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *_: object) -> None:
        pass


@pytest.fixture(scope="module")
def site() -> Iterator[str]:
    windows = PAGE.replace("Globex Holdings will", "Café Globex Holdings will").encode("cp1252")
    _Pages.routes = {
        "/globex": (200, "text/html; charset=utf-8", PAGE.encode("utf-8")),
        "/cp1252": (200, "text/html", windows.replace(b'<meta charset="utf-8">', b"")),
        "/report.pdf": (200, "application/pdf", _pdf(ARTICLE)),
        "/scan.pdf": (200, "application/pdf", _pdf([])),
        "/image": (200, "image/png", b"\x89PNG"),
    }
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Pages)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.delenv("BANBOT_KNOWLEDGE", raising=False)
    knowledge = tmp_path / "knowledge"
    assert main(["init", str(knowledge)]) == 0
    return knowledge


def _article_files(folder: Path) -> set[str]:
    return {path.name for path in folder.glob("*.md")}


def test_init_copies_the_bundled_articles_and_refuses_a_full_folder(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert len(load_knowledge(folder)) == 2
    assert (folder / "vocabulary.yaml").exists()
    assert main(["init", str(folder)]) == 2
    assert "not an empty folder" in capsys.readouterr().err


def test_add_without_a_knowledge_folder_says_to_run_init(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    monkeypatch.delenv("BANBOT_KNOWLEDGE", raising=False)
    page = tmp_path / "page.html"
    page.write_text(PAGE, encoding="utf-8")
    assert main(["add", str(page)]) == 2
    error = capsys.readouterr().err
    assert "banbot init DIR" in error
    assert len(error.strip().splitlines()) == 1


def test_a_saved_page_becomes_an_article_without_its_furniture(
    folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    page = tmp_path / "page.html"
    page.write_text(PAGE, encoding="utf-8")
    assert main(["--knowledge", str(folder), "add", str(page)]) == 0
    added = next(
        a
        for a in load_knowledge(folder)
        if a.source.id == "harbor-news-globex-to-close-springfield-anvil-factory"
    )
    assert added.source.publisher == "Harbor News"
    assert added.source.author == "Pat Reporter"
    assert str(added.source.published) == "2024-05-02"
    for sentence in ARTICLE:
        assert sentence in added.body
    for furniture in FURNITURE:
        assert furniture not in added.body
    out = capsys.readouterr().out
    assert "added" in out and "4 sentences" in out


def test_the_command_line_overrides_what_the_page_says(folder: Path, tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_text(PAGE, encoding="utf-8")
    arguments = ["--knowledge", str(folder), "add", str(page), "--id", "globex-closing"]
    assert main([*arguments, "--author", "Someone Else", "--published", "2024-05-03"]) == 0
    added = next(a for a in load_knowledge(folder) if a.source.id == "globex-closing")
    assert added.source.author == "Someone Else"
    assert str(added.source.published) == "2024-05-03"


def test_dry_run_prints_and_writes_nothing(
    folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = _article_files(folder)
    page = tmp_path / "page.html"
    page.write_text(PAGE, encoding="utf-8")
    assert main(["--knowledge", str(folder), "add", "--dry-run", str(page)]) == 0
    assert capsys.readouterr().out.startswith("---\nid: harbor-news-globex")
    assert _article_files(folder) == before


def test_standard_input_and_text_files(folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("\n\n".join(ARTICLE)))
    assert (
        main(["--knowledge", str(folder), "add", "-", "--title", "Globex closes", "--id", "from-stdin"]) == 0
    )
    text = tmp_path / "note.md"
    text.write_text(
        "# Anvils and hoses\n\nGlobex sells garden hoses. It sells lawn sprinklers. It sells rakes.\n"
    )
    assert main(["--knowledge", str(folder), "add", str(text)]) == 0
    ids = {article.source.id for article in load_knowledge(folder)}
    assert {"from-stdin", "anvils-and-hoses"} <= ids


@pytest.mark.parametrize(
    ("path", "reason"),
    [
        ("/globex", None),
        ("/cp1252", None),
        ("/report.pdf", None),
        ("/missing", "404"),
        ("/loop", "redirects"),
        ("/huge", "too large"),
        ("/image", "unsupported content type"),
        ("/scan.pdf", "no text layer"),
    ],
)
def test_urls(
    folder: Path, site: str, path: str, reason: str | None, capsys: pytest.CaptureFixture[str]
) -> None:
    before = _article_files(folder)
    extra = ["--title", "Globex report"] if path.endswith(".pdf") else []
    code = main(["--knowledge", str(folder), "add", f"{site}{path}", *extra])
    err = capsys.readouterr().err
    if reason is None:
        assert code == 0, err
        (new,) = _article_files(folder) - before
        body = (folder / new).read_text(encoding="utf-8")
        assert ARTICLE[1] in body
        if path == "/cp1252":
            assert "Café Globex" in body
    else:
        assert code == 1
        assert reason in err
        assert len(err.strip().splitlines()) == 1
        assert _article_files(folder) == before


def test_refusals_write_nothing_and_other_sources_still_go_in(
    folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    page = tmp_path / "page.html"
    page.write_text(PAGE, encoding="utf-8")
    short = tmp_path / "short.txt"
    short.write_text("# Tiny\n\nOnly one sentence.\n", encoding="utf-8")
    odd = tmp_path / "data.csv"
    odd.write_text("a,b\n", encoding="utf-8")
    assert main(["--knowledge", str(folder), "add", str(short), str(odd), str(page)]) == 1
    err = capsys.readouterr().err
    assert "too little article text" in err
    assert "unsupported file type" in err
    assert any(a.source.id.startswith("harbor-news-globex") for a in load_knowledge(folder))
    # The same page again is a duplicate.
    before = _article_files(folder)
    assert main(["--knowledge", str(folder), "add", "--id", "again", str(page)]) == 1
    assert "duplicate" in capsys.readouterr().err
    assert _article_files(folder) == before


# --- the seed articles as the news pages they came from ----------------------------------


def _news_page(article_path: Path, furniture_top: str, furniture_bottom: str, meta: str) -> str:
    """A realistic page for a bundled article: its paragraphs and headings, amid page furniture."""
    text = article_path.read_text(encoding="utf-8").split("\n---\n", 1)[1]
    blocks = [block.strip() for block in text.split("\n\n") if block.strip()]
    body = "\n".join(
        f"<h2>{block[3:]}</h2>" if block.startswith("## ") else f"<p>{block}</p>" for block in blocks
    )
    return (
        f"<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>{meta}</head><body>"
        f"<header><nav><a href='/'>Home</a> <a href='/tech'>Tech</a></nav></header>{furniture_top}"
        f"<article>{body}</article>{furniture_bottom}<footer>Privacy · Terms · Contact</footer></body></html>"
    )


def _seed_pages() -> dict[str, str]:
    bundled = Path(__file__).resolve().parents[1] / "knowledge"
    dmr = _news_page(
        bundled / "dmr-news-kaspersky-to-shut-down-us-operations.md",
        "<div class='site'>DMR News — Advancing Digital Conversations</div>"
        "<h1>Kaspersky to Shut Down U.S. Operations and Lay Off Staff After Ban</h1>"
        "<div class='byline'>By Hilary Ong · Jul 18, 2024</div>",
        "<figure><figcaption>Featured Image courtesy of Maxim Shemetov/REUTERS</figcaption></figure>"
        "<p class='follow'>Follow us for more Cybersecurity news.</p>"
        "<aside class='author-bio'><h4>Hilary Ong</h4><p>Hello, from one tech geek to another. "
        "Not your beloved TechCrunch writer, but a writer with an avid interest in the fast-paced tech "
        "scenes.</p></aside><section id='comments'><h3>Leave a Reply</h3>"
        "<p>Your email address will not be published.</p></section>",
        "<title>Kaspersky to Shut Down U.S. Operations and Lay Off Staff After Ban - DMR News</title>"
        "<meta property='og:site_name' content='DMR News'>"
        "<meta property='og:title' "
        "content='Kaspersky to Shut Down U.S. Operations and Lay Off Staff After Ban'>"
        "<meta name='author' content='Hilary Ong'>"
        "<meta property='article:published_time' content='2024-07-18T10:00:00+00:00'>"
        '<script type="application/ld+json">{"@context": "https://schema.org", "@type": "NewsArticle", '
        '"datePublished": "2024-07-18T10:00:00+00:00", "author": {"@type": "Person", "name": "Hilary Ong"}, '
        '"publisher": {"@type": "Organization", "name": "DMR News"}}</script>',
    )
    other = _news_page(
        bundled / "kaspersky-shuts-down-us-operations.md",
        "<h1>Kaspersky shuts down US operations following a year-long battle with the US government</h1>"
        "<div class='meta'>2 months ago 19</div>"
        "<div class='teaser'><p>Kaspersky, once a prominent vendor, had previously pledged to challenge "
        "the ban read more</p></div>"
        "<figure><figcaption>The US government had already banned Kaspersky from federal networks in 2017. "
        "Image Credit: Reuters</figcaption></figure>",
        "<div class='more'><a href='/full'>Read Entire Article</a></div>",
        "<title>Kaspersky shuts down US operations following a year-long battle "
        "with the US government</title>",
    )
    return {"/dmr": dmr, "/other": other}


def _sentences_of(folder: Path) -> set[str]:
    from bot.text import body_sentences

    return {sentence for article in load_knowledge(folder) for sentence in body_sentences(article.body)}


def test_the_seed_pages_give_the_bundled_sentences_and_answers(
    tmp_path: Path, site: str, capsys: pytest.CaptureFixture[str]
) -> None:
    from bot.answerer import Answerer
    from bot.evaluation import grade, load_questions

    empty = tmp_path / "fresh"
    empty.mkdir()
    # The folder's own vocabulary (its names for the US, Russia, Europe) is the operator's data.
    (empty / "vocabulary.yaml").write_bytes(
        (Path(__file__).resolve().parents[1] / "knowledge" / "vocabulary.yaml").read_bytes()
    )
    pages = _seed_pages()
    # One page served over HTTP, one saved to a file, as an operator would do either.
    _Pages.routes["/dmr"] = (200, "text/html; charset=utf-8", pages["/dmr"].encode("utf-8"))
    saved = tmp_path / "other.html"
    saved.write_text(pages["/other"], encoding="utf-8")
    assert main(["--knowledge", str(empty), "add", f"{site}/dmr", str(saved)]) == 0, capsys.readouterr().err
    bundled = Path(__file__).resolve().parents[1] / "knowledge"
    assert _sentences_of(empty) == _sentences_of(bundled)
    text = " ".join(path.read_text(encoding="utf-8") for path in empty.glob("*.md"))
    for furniture in (
        "Advancing Digital",
        "Follow us",
        "tech geek",
        "Leave a Reply",
        "2 months ago",
        "read more",
        "Image Credit",
        "Read Entire Article",
        "Privacy",
    ):
        assert furniture not in text
    dmr = next(article for article in load_knowledge(empty) if article.source.publisher == "DMR News")
    assert (dmr.source.author, str(dmr.source.published)) == ("Hilary Ong", "2024-07-18")
    report = grade(
        Answerer.from_folder(empty),
        load_questions(Path(__file__).resolve().parent / "data" / "public_questions.jsonl"),
    )
    assert (report.hits_at_1, report.abstained_correctly) == (20, 5)


def test_an_unreachable_host_and_a_second_copy_of_a_url_are_refused(
    folder: Path, site: str, capsys: pytest.CaptureFixture[str]
) -> None:
    import socket

    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        closed = probe.getsockname()[1]
    before = _article_files(folder)
    assert main(["--knowledge", str(folder), "add", f"http://127.0.0.1:{closed}/page"]) == 1
    assert "cannot be reached" in capsys.readouterr().err
    assert _article_files(folder) == before
    assert main(["--knowledge", str(folder), "add", f"{site}/globex", "--url", "https://example.com/a"]) == 0
    capsys.readouterr()
    text = (folder / "harbor-news-globex-to-close-springfield-anvil-factory.md").read_text(encoding="utf-8")
    assert "url: https://example.com/a" in text
    again = [
        "--knowledge",
        str(folder),
        "add",
        f"{site}/cp1252",
        "--id",
        "other",
        "--url",
        "https://example.com/a/",
    ]
    assert main(again) == 1
    assert "same URL" in capsys.readouterr().err


def test_a_running_service_picks_up_an_added_article(folder: Path, tmp_path: Path) -> None:
    from bot.service import ReloadingAnswerer

    service = ReloadingAnswerer(folder)
    # "the Globex anvil factory": without the firm's name, the lexical trees answer from the
    # Kaspersky articles' "Sawyer VanHorn, a Kaspersky spokesperson, confirmed the layoffs".
    assert not service.ask("Who confirmed the Globex anvil factory layoffs?").answered
    page = tmp_path / "page.html"
    page.write_text(PAGE, encoding="utf-8")
    assert main(["--knowledge", str(folder), "add", str(page)]) == 0
    assert service.changed()  # what `serve --watch` polls for, and SIGHUP does unasked
    assert service.reload()
    assert service.ask("Who confirmed the Globex anvil factory layoffs?").answer == "Maria Lopez"
    assert not list(folder.glob(".adding-*"))
