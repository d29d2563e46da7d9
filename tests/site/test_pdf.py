"""The PDF of each language (scripts/build_pdf.py): every page in order, fonts embedded,
formulas and diagrams as on the site, working links, no blank sheet."""

import datetime as dt
import re
import subprocess

import pytest
from pypdf import PdfReader

from scripts import build_pdf
from sitebuild.languages import DEFAULT, LANGUAGES
from sitebuild.words import words

pytestmark = pytest.mark.slow


def titled_pages(pdf_path, lang):
    """The PDF's pages (nav order) with their titles, as build_pdf reads them."""
    pages = build_pdf.nav_pages(lang)
    for page in pages:
        built = (pdf_path.parent / page.url / "index.html").read_text(encoding="utf-8")
        page.title = build_pdf.title_of(build_pdf.ARTICLE.search(built)[1])
    return pages


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_page_starts_a_sheet_in_nav_order_and_the_contents_number_them(built_pdfs, lang):
    pdf = built_pdfs[lang].read_bytes()
    pages = titled_pages(built_pdfs[lang], lang)
    assert len(pages) >= 40 and not any(p.source.endswith(".ipynb") for p in pages)
    numbers = build_pdf.first_pages(pdf, pages)  # raises if a title does not start a sheet
    assert list(numbers.values()) == sorted(numbers.values())  # nav order
    contents = [
        " ".join(line.split())
        for text in build_pdf.sheet_texts(pdf, layout=True)[1 : numbers[1] - 1]
        for line in text.splitlines()
        if line.strip()
    ]
    for page in pages:
        title = " ".join(page.title.split())
        entry = re.compile(re.escape(title) + r" (\d+)")
        shown = [int(m[1]) for line in contents if (m := entry.fullmatch(line))]
        assert numbers[page.number] in shown, (title, shown, numbers[page.number])


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_font_is_embedded_and_chinese_has_a_cjk_one(built_pdfs, lang):
    listing = subprocess.run(
        ["pdffonts", str(built_pdfs[lang])], capture_output=True, text=True, check=True
    ).stdout.splitlines()[2:]
    assert listing, "no fonts"
    for line in listing:
        assert line.split()[-5] == "yes", f"not embedded: {line}"  # the "emb" column
    names = {line.split()[0].split("+")[-1] for line in listing}
    assert "LiberationSans" in names, names
    if lang == "zh":
        assert "WenQuanYiMicroHei" in names, names
        chinese = re.compile(r"[\u4e00-\u9fff]")
        text = "".join(build_pdf.sheet_texts(built_pdfs[lang].read_bytes()))
        assert len(chinese.findall(text)) > 10000  # text that can be searched, not outlines


@pytest.mark.parametrize("lang", LANGUAGES)
def test_links_inside_the_document_land_on_its_pages(built_pdfs, lang):
    reader = PdfReader(built_pdfs[lang])
    pages = titled_pages(built_pdfs[lang], lang)
    numbers = build_pdf.first_pages(built_pdfs[lang].read_bytes(), pages)
    targets = []
    for sheet in reader.pages:
        for annotation in sheet.get("/Annots") or []:
            annotation = annotation.get_object()
            if annotation.get("/Subtype") != "/Link":
                continue
            destination = annotation.get("/Dest") or (annotation.get("/A") or {}).get("/D")
            if destination is not None:
                resolved = reader.named_destinations.get(destination, destination)
                targets.append(
                    reader.get_destination_page_number(resolved) + 1
                    if hasattr(resolved, "page")
                    else resolved
                )
    # the contents link to every page's first sheet, and the articles link to each other
    starts = set(numbers.values())
    assert starts <= set(t for t in targets if isinstance(t, int)), sorted(starts)
    assert len(targets) > 2 * len(pages)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_no_sheet_is_blank_and_the_cover_carries_the_build_date(built_pdfs, lang):
    sheets = build_pdf.sheet_texts(built_pdfs[lang].read_bytes())
    assert [i + 1 for i, text in enumerate(sheets) if not text.strip()] == []
    assert len(sheets) == len(PdfReader(built_pdfs[lang]).pages)
    today = dt.date.today()
    date = words(lang).date(today)
    assert squeeze(date) in squeeze(sheets[0])


@pytest.mark.parametrize("lang", LANGUAGES)
def test_formulas_and_diagrams_are_printed_as_on_the_site(built_pdfs, lang):
    pages = build_pdf.nav_pages(lang)
    root = built_pdfs[lang].parent
    on_site = {"formulas": 0, "diagrams": 0}
    for page in pages:
        body = build_pdf.ARTICLE.search((root / page.url / "index.html").read_text("utf-8"))[1]
        on_site["formulas"] += body.count("<mjx-container")
        on_site["diagrams"] += body.count('<div class="mermaid">')
    assert on_site["formulas"] > 50 and on_site["diagrams"] > 5, on_site
    site = built_pdfs[DEFAULT].parent  # the default language's PDF sits at the site root
    printed = build_pdf.document(lang, site, pages, None)
    assert printed.count("<mjx-container") == on_site["formulas"]
    assert printed.count('<div class="mermaid">') == on_site["diagrams"]
    # and the diagrams reach the paper: their labels are text in it
    text = squeeze("".join(build_pdf.sheet_texts(built_pdfs[lang].read_bytes())))
    labels = re.findall(r'<span class="nodeLabel"[^>]*>(?:<p>)?([^<]{4,})<', printed)
    missing = [label for label in labels[:20] if not printed_text(squeeze(label), text)]
    assert labels and missing == [], missing


def printed_text(label: str, text: str) -> bool:
    """Whether a diagram label is in the PDF's text: whole, or wrapped onto two lines. A label
    that wraps is extracted as two runs, which another node on the same line may separate."""
    return label in text or any(
        label[:cut] in text and label[cut:] in text for cut in range(2, len(label) - 1)
    )


def test_a_wrapped_label_is_found_and_a_missing_one_is_not():
    text = "生成编程助手、营销文案、翻译草稿、翻译、代码初稿抽取与分类"
    assert printed_text("编程助手、营销文案、翻译初稿", text)
    assert printed_text("抽取与分类", text)
    assert not printed_text("客服、内部知识库", text)


def test_the_print_cache_follows_what_the_document_loads(tmp_path):
    site = tmp_path / "site"
    (site / "assets" / "fonts").mkdir(parents=True)
    css = site / "assets" / "x.css"
    font = site / "assets" / "fonts" / "a.woff"
    css.write_text("@font-face { src: url('fonts/a.woff') }", encoding="utf-8")
    font.write_bytes(b"font 1")
    (site / "figure.png").write_bytes(b"png 1")
    draft = '<link rel="stylesheet" href="/assets/x.css"><img src="/figure.png">'
    first = build_pdf.cache_key(draft, site)
    assert build_pdf.cache_key(draft, site) == first
    (site / "unrelated.txt").write_text("not loaded", encoding="utf-8")
    assert build_pdf.cache_key(draft, site) == first
    keys = {first}
    for path, data in (
        (font, b"font 2"),
        (css, b"@font-face{src:url(fonts/a.woff)} b{}"),
        (site / "figure.png", b"png 2"),
    ):
        path.write_bytes(data)
        keys.add(build_pdf.cache_key(draft, site))
    keys.add(build_pdf.cache_key(draft + "<p>changed</p>", site))
    assert len(keys) == 5  # each change gives a new key
