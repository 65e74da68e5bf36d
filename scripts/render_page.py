#!/usr/bin/env python3
"""Render a Lockstep content JSON file into an InfoFinland-style article page.

The output imitates the server HTML that the InfoFinland Next.js frontend
(City-of-Helsinki/infofinland-ui) serves for an article page: head meta tags,
the `#__next` frame with header, language selector/menu, main menu, the
article (breadcrumbs, hero, ingress, "On this page" index, body blocks, local
information), the footer and a `__NEXT_DATA__` script that repeats the page
content as Drupal JSON:API data. See docs in
/work/shared/reference/infofinland-markup.md (the markup reference).

Usage:
    python3 scripts/render_page.py CONTENT.json --slug SLUG \
        --section-path SECTION/PATH [--breadcrumbs "Crumb 1|Crumb 2"] [-o OUT]

Example:
    python3 scripts/render_page.py scripts/content/en.json \
        --slug human-trafficking-and-forced-labour \
        --section-path work-and-enterprise/problems-in-working-life > out.html

Content JSON: {locale, title, finnish_title, published (dd.MM.yyyy), lead,
sections: [{heading: str|null, blocks: [...]}]}, optional top-level
"external_label" (label of external-link icons) and "breadcrumbs" (list of
localised crumb labels, one per section-path segment). Block types: p, ul,
ol, h3 (text may hold inline links written [text](url)), links, contact.

Ids are uuid5 values derived from the slug and block positions only, so all
translations of one page share them. The output is byte-for-byte
deterministic. Standard library only.
"""

import argparse
import html
import json
import re
import sys
import uuid

SITE_HOST = "https://www.infofinland.fi"
LOCALES = ["fi", "sv", "en", "ru", "et", "uk", "fr", "so", "es", "tr", "zh", "fa", "ar"]
DISABLED_LOCALES = {"so"}
RTL_LOCALES = {"ar", "fa"}
LOWERCASE_LANG_ROW = {"fi", "et", "es", "fr"}
DEFAULT_LOCALE = "en"
# Locales InfoFinland does not publish but Lockstep keeps curated translations for (rendered for
# alignment and tests only; they are not listed in the language menu).
EXTRA_LOCALES = {"th"}
BUILD_ID = "lkstp9Q2v7mXcRf3hJtYw"

LANGUAGE_NAMES = {
    "fi": "Suomi", "sv": "Svenska", "en": "English", "ru": "Pусский",
    "et": "Eesti keel", "uk": "Українська", "fr": "Français", "so": "Soomaali",
    "es": "Español", "tr": "Türkçe", "zh": "中文", "fa": "فارسی", "ar": "العربية",
}

SKIP_TO = {
    "fi": "Siirry sisältöön", "sv": "Gå till innehållet", "en": "Skip to content",
    "ru": "Перейти к содержанию", "et": "Mine sisu juurde", "uk": "Перейти до вмісту",
    "fr": "Passer au contenu", "so": "U gudub macluumaadka ku jira", "es": "Ir al contenido",
    "tr": "İçeriğe geç", "zh": "切换至内容", "fa": "به محتویات منتقل شوید",
    "ar": "انتقل إلى المحتوى", "th": "ข้ามไปยังเนื้อหา",
}

PUBLISHED = {
    "fi": "Julkaistu", "sv": "Publicerad", "en": "Published", "ru": "Опубликовано",
    "et": "Avaldatud", "uk": "Опубліковано", "fr": "Publié", "so": "Waa la daabacay",
    "es": "Publicado", "tr": "Yayınlandı", "zh": "已发布", "fa": "منتشر شده", "ar": "تم نشره",
    "th": "เผยแพร่",
}

# Other chrome strings: English, with Finnish and Swedish where known;
# every other locale falls back to English.
UI_STRINGS = {
    "en": {
        "home": "Home page",
        "breadcrumbs": "Breadcrum trail",
        "languages": "Languages",
        "selectLanguage": "Select language",
        "search": "Search",
        "menu": "Menu",
        "mainMenu": "Main menu",
        "onThisPage": "On this page",
        "localInfo": "Local information",
        "chooseCity": "Choose municipality",
        "externalLink": "Link redirects to another website",
        "footerMenu": "Footer menu",
        "funded": ("InfoFinland is funded by the Finnish state and the municipalities of "
                   "Helsinki, Espoo, Vantaa, Kauniainen, Tampere and Turku."),
        "copyright": "© InfoFinland",
    },
    "fi": {
        "home": "Etusivu",
        "breadcrumbs": "Murupolku",
        "languages": "Kielet",
        "selectLanguage": "Valitse kieli",
        "search": "Haku",
        "menu": "Valikko",
        "mainMenu": "Päävalikko",
        "onThisPage": "Tällä sivulla",
        "localInfo": "Paikallista tietoa",
        "chooseCity": "Valitse kunta",
        "externalLink": "Linkki vie toiselle sivustolle",
        "footerMenu": "Alatunnisteen valikko",
        "funded": ("InfoFinlandin rahoittavat valtio sekä Helsingin, Espoon, Vantaan, "
                   "Kauniaisten, Tampereen ja Turun kunnat."),
        "copyright": "© InfoFinland",
    },
    "sv": {
        "home": "Startsida",
        "selectLanguage": "Välj språk",
        "languages": "Språk",
        "search": "Sök",
        "menu": "Meny",
        "onThisPage": "På den här sidan",
        "localInfo": "Lokal information",
        "externalLink": "Länken leder till en annan webbplats",
    },
}

# Main menu (English labels; url paths without locale prefix).
MAIN_MENU = [
    ("Moving to Finland", "moving-to-finland", [
        ("Working in Finland", "moving-to-finland/working-in-finland", []),
        ("Studying in Finland", "moving-to-finland/studying-in-finland", []),
        ("Family members", "moving-to-finland/family-members", []),
    ]),
    ("Work and enterprise", "work-and-enterprise", [
        ("Finding a job", "work-and-enterprise/finding-a-job", []),
        ("Employment contract", "work-and-enterprise/employment-contract", []),
        ("Rights and obligations of employees",
         "work-and-enterprise/rights-and-obligations-of-employees", []),
        ("Problems in working life", "work-and-enterprise/problems-in-working-life", [
            ("Discrimination in working life",
             "work-and-enterprise/problems-in-working-life/discrimination-in-working-life", []),
            ("Human trafficking and forced labour",
             "work-and-enterprise/problems-in-working-life/human-trafficking-and-forced-labour", []),
        ]),
        ("Starting a business", "work-and-enterprise/starting-a-business", []),
        ("Taxation", "work-and-enterprise/taxation", []),
    ]),
    ("Living in Finland", "living-in-finland", [
        ("Finnish identity code", "living-in-finland/finnish-identity-code", []),
        ("Banking services", "living-in-finland/banking-services", []),
    ]),
    ("Housing", "housing", []),
    ("Education", "education", []),
    ("Health", "health", []),
    ("Family", "family", []),
    ("Problem situations", "problem-situations", []),
    ("Leisure", "leisure", []),
]

FOOTER_MENU = [
    ("About InfoFinland", "about-infofinland"),
    ("Contact information", "about-infofinland/contact-information"),
    ("Accessibility statement", "about-infofinland/accessibility-statement"),
    ("Privacy policy", "about-infofinland/privacy-policy"),
    ("Sitemap", "sitemap"),
]

CITIES = [
    ("Helsinki", "helsinki"),
    ("Tampere", "tampere"),
    ("Turku", "turku"),
    ("Espoo", "espoo"),
    ("Vantaa", "vantaa"),
]

DEFAULT_CRUMBS = {
    "work-and-enterprise": "Work and enterprise",
    "problems-in-working-life": "Problems in working life",
    "living-in-finland": "Living in Finland",
    "moving-to-finland": "Moving to Finland",
}

LINK_RE = re.compile(r"\[([^\]]+)\]\(([^()\s]+)\)")

# --- SVG icons (markup from the components; path data simplified) ----------
SVG_BREADCRUMB_BACK = ('<svg class="inline-block  transform scale-150 rotate-180 fill-current me-3 '
                       'ifu-breadcrumb__arrow" width="6" height="10" viewBox="0 0 6 10" '
                       'xmlns="http://www.w3.org/2000/svg"><path d="M0 1.2 1.2 0l5 5-5 5L0 8.8 3.8 5z">'
                       '</path></svg>')
SVG_HOME = ('<svg class="inline-block ifu-breadcrumb__icon--home" width="14" height="14" '
            'viewBox="0 0 14 14" xmlns="http://www.w3.org/2000/svg"><path d="M7 0 0 6h2v8h4V9h2v5h4V6h2z">'
            '</path></svg>')


def svg_arrow(extra=""):
    cls = "inline-block " + (" " + extra if extra else "me-3") + " ifu-breadcrumb__icon--arrow"
    return ('<svg class="%s" width="6" height="10" viewBox="0 0 6 10" '
            'xmlns="http://www.w3.org/2000/svg"><path d="M0 1.2 1.2 0l5 5-5 5L0 8.8 3.8 5z"></path></svg>'
            % cls)


SVG_PUBLISHED = ('<svg class="inline-block md:w-4 md:h-4 transform translate-y-px lg:ms-2" width="11" '
                 'height="12" viewBox="0 0 11 12" fill="none" xmlns="http://www.w3.org/2000/svg">'
                 '<title>%s</title><path d="M9.5 1.5H8.5V0.5H7.5V1.5H3.5V0.5H2.5V1.5H1.5C0.95 1.5 0.5 1.95 '
                 '0.5 2.5V10.5C0.5 11.05 0.95 11.5 1.5 11.5H9.5C10.05 11.5 10.5 11.05 10.5 10.5V2.5C10.5 '
                 '1.95 10.05 1.5 9.5 1.5ZM9.5 10.5H1.5V4.5H9.5V10.5Z" fill="currentColor"></path></svg>')
SVG_EXTERNAL = ('<svg class="inline-block me-2" width="10" height="10" viewBox="0 0 10 10" fill="none" '
                'xmlns="http://www.w3.org/2000/svg"><title>%s</title><path d="M8.9 0H4.4v1.1h2.6L3.2 '
                '4.9l.8.8L7.8 1.9v2.6h1.1V0zM7.8 8.9H1.1V2.2h2.2V1.1H0V10h8.9V6.7H7.8z" '
                'fill="currentColor"></path></svg>')
SVG_LANG = ('<svg class="inline-block ms-1" width="20" height="20" viewBox="0 0 20 20" fill="none" '
            'xmlns="http://www.w3.org/2000/svg"><path d="M10 0a10 10 0 1 0 0 20 10 10 0 0 0 0-20zm6.9 '
            '6h-2.9a15.6 15.6 0 0 0-1.4-3.6A8 8 0 0 1 16.9 6zM10 2a14 14 0 0 1 1.9 4H8.1A14 14 0 0 1 10 '
            '2z" fill="currentColor"></path></svg>')
SVG_SEARCH = ('<svg class="inline-block" width="20" height="20" viewBox="0 0 20 20" fill="none" '
              'xmlns="http://www.w3.org/2000/svg"><path d="M8 0a8 8 0 0 1 6.3 12.9l5.4 5.4-1.4 1.4-5.4-5.4A8 '
              '8 0 1 1 8 0zm0 2a6 6 0 1 0 0 12A6 6 0 0 0 8 2z" fill="currentColor"></path></svg>')
SVG_MENU = ('<svg class="inline-block" width="20" height="14" viewBox="0 0 20 14" fill="none" '
            'xmlns="http://www.w3.org/2000/svg"><path d="M0 0h20v2H0zm0 6h20v2H0zm0 6h20v2H0z" '
            'fill="currentColor"></path></svg>')
SVG_LOCALINFO = ('<svg class="inline-block me-4 lg:me-6" width="16" height="20" viewBox="0 0 16 20" '
                 'fill="none" xmlns="http://www.w3.org/2000/svg"><path d="M8 0a8 8 0 0 0-8 8c0 6 8 12 8 '
                 '12s8-6 8-12a8 8 0 0 0-8-8zm0 11a3 3 0 1 1 0-6 3 3 0 0 1 0 6z" fill="currentColor">'
                 '</path></svg>')
SVG_CHEVRON = ('<svg aria-hidden="true" class="inline-block ms-2 w-3 h-3 fill-current" width="12" '
               'height="8" viewBox="0 0 12 8" xmlns="http://www.w3.org/2000/svg"><path d="M1.4 0 6 4.6 '
               '10.6 0 12 1.4l-6 6-6-6z"></path></svg>')

STYLE = (":root{--bgColor:#fde8e2}"
         ".ifu-article__bg--red{background:linear-gradient(to bottom,#fde8e2 0,#fde8e2 28rem,#fff 28rem)}"
         ".ifu-topmenu__logo{display:block;width:9rem;height:2.5rem;background:url(/images/infofinland-logo.svg) no-repeat}"
         ".ifu-heading__h2--target{position:relative;top:-7rem;visibility:hidden}"
         ".ifu-block__html ul{list-style:disc;margin-bottom:1.5rem;padding-inline-start:2rem}"
         ".ifu-block__html ol{list-style:decimal;margin-bottom:1.5rem;padding-inline-start:2rem}")

SCRIPTS = [
    "/_next/static/chunks/webpack-8f3c2a91d4b7e605.js",
    "/_next/static/chunks/framework-2c79e2a64abdb08b.js",
    "/_next/static/chunks/main-5e0c1f8d7a4b9e23.js",
    "/_next/static/chunks/pages/_app-9a1d4e7c3b2f6a80.js",
    "/_next/static/chunks/pages/%5B...slug%5D-4c8e1b2a7d9f3e56.js",
]


def esc(text):
    """Escape text for HTML text nodes and attribute values (like React)."""
    return html.escape(text, quote=True)


class Ids:
    """Deterministic, locale-independent uuid5 ids."""

    NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, SITE_HOST + "/lockstep-fixtures")

    def __init__(self, slug):
        self.slug = slug

    def __call__(self, *parts):
        name = "/".join([self.slug] + [str(p) for p in parts])
        return str(uuid.uuid5(self.NAMESPACE, name))


def ui(locale, key):
    return UI_STRINGS.get(locale, {}).get(key) or UI_STRINGS["en"][key]


def locale_href(locale, path):
    """Href as the Next.js language links build it (no prefix for en)."""
    path = "/" + path.strip("/") if path.strip("/") else ""
    if locale == DEFAULT_LOCALE:
        return path or "/"
    return "/" + locale + path


def drupal_href(locale, path):
    """Href as Drupal menus/breadcrumbs give it (always locale-prefixed)."""
    path = path.strip("/")
    return "/" + locale + ("/" + path if path else "")


def inline_html(text, react):
    """Render inline [text](url) links. react=True gives ParseHtml output."""
    out = []
    pos = 0
    for m in LINK_RE.finditer(text):
        out.append(esc(text[pos:m.start()]))
        label, url = m.group(1), m.group(2)
        attrs = []
        if react:
            attrs.append('class="ifu-text-link ifu-text-link--underline"')
        attrs.append('href="%s"' % esc(url))
        if url.startswith("mailto:"):
            attrs.append('data-is-external="true" data-protocol="mailto"')
        elif url.startswith("tel:"):
            attrs.append('data-is-external="true" data-protocol="tel"')
        elif re.match(r"https?://", url) and "infofinland.fi" not in url.split("/")[2]:
            attrs.append('data-is-external="true"')
        out.append("<a %s>%s</a>" % (" ".join(attrs), esc(label)))
        pos = m.end()
    out.append(esc(text[pos:]))
    return "".join(out)


def plain_text(text):
    return LINK_RE.sub(lambda m: m.group(1), text)


# --- body blocks ------------------------------------------------------------

TEXT_TYPES = ("p", "ul", "ol", "h3")


def group_blocks(blocks):
    """Group consecutive p/ul/ol/h3 blocks into one text paragraph."""
    groups = []
    for index, block in enumerate(blocks):
        kind = block.get("type")
        if kind in TEXT_TYPES:
            if groups and groups[-1][0] == "text":
                groups[-1][2].append(block)
            else:
                groups.append(("text", index, [block]))
        elif kind in ("links", "contact"):
            groups.append((kind, index, block))
        else:
            raise SystemExit("unknown block type %r" % kind)
    return groups


def text_group_html(blocks, react):
    """HTML of a text paragraph: React (ParseHtml) lines or Drupal value."""
    parts = []
    for block in blocks:
        kind = block["type"]
        if kind == "p":
            if react:
                parts.append('<p class="mb-6">%s</p>' % inline_html(block["text"], True))
            else:
                parts.append("<p>%s</p>" % inline_html(block["text"], False))
        elif kind in ("ul", "ol"):
            parts.append("<%s>" % kind)
            parts.extend("<li>%s</li>" % inline_html(item, react) for item in block["items"])
            parts.append("</%s>" % kind)
        elif kind == "h3":
            if react:
                parts.append('<h3 class="text-bodytext-color font-sans text-h3 md:text-h3xl mb-8">%s</h3>'
                             % inline_html(block["text"], True))
            else:
                parts.append("<h3>%s</h3>" % inline_html(block["text"], False))
    return parts


def choose_link_url(link, locale):
    by_locale = {lang.get("locale"): lang for lang in link.get("languages", [])}
    for loc in (locale, "en", "fi"):
        if loc in by_locale and by_locale[loc].get("url"):
            return loc, by_locale[loc]["url"]
    return locale, link.get("url", "")


def ordered_languages(link):
    order = {loc: i for i, loc in enumerate(LOCALES)}
    langs = [lang for lang in link.get("languages", []) if lang.get("url")]
    return sorted(langs, key=lambda lang: order.get(lang.get("locale"), len(LOCALES)))


def links_block_lines(block, ids, section_index, block_index, locale, label):
    lines = ['<div class="mt-8 mb-8 bg-orange-white ifu-block--article"><div class="py-4">']
    links = block.get("links", [])
    for link_index, link in enumerate(links):
        link_id = "ifu-external-link--" + ids("section", section_index, "block", block_index,
                                              "link", link_index)
        last = link_index == len(links) - 1
        lines.append('<div class="%s">' % ("" if last else "mb-3 pb-3 border-b border-gray-hr"))
        lines.append('<h3 class="flex items-center text-small">%s%s</h3>'
                     % (SVG_EXTERNAL % esc(label), esc(link.get("site", ""))))
        main_locale, main_url = choose_link_url(link, locale)
        lines.append('<a lang="%s" href="%s" id="%s" class="inline-block mb-2 text-body font-bold '
                     'leading-snug ifu-text-link">%s<span class="block overflow-hidden absolute w-0 h-0">'
                     '%s</span></a>'
                     % (esc(main_locale), esc(main_url), link_id, esc(link.get("text", "")), esc(label)))
        row_class = "flex flex-wrap divide-link divide-s"
        if locale in LOWERCASE_LANG_ROW:
            row_class += " lowercase"
        row = []
        for lang_index, lang in enumerate(ordered_languages(link)):
            cls = "text-small leading-snug ifu-text-link pe-2" + ("" if lang_index == 0 else " ps-2")
            row.append('<a title="%s" href="%s" aria-describedby="%s" class="%s">%s</a>'
                       % (esc(lang.get("name", "")), esc(lang["url"]), link_id, cls,
                          esc(lang.get("name", ""))))
        lines.append('<div class="%s">%s</div>' % (row_class, "".join(row)))
        lines.append("</div>")
    lines.append("</div></div>")
    return lines


def contact_block_lines(block):
    parts = ['<h4 class="mb-4 text-h4 font-bold">%s</h4>' % esc(block["name"])]
    if block.get("visiting"):
        parts.append('<p class="">%s</p>' % "<br>".join(esc(x) for x in block["visiting"]))
    if block.get("postal"):
        parts.append('<p class="mb-2">%s</p>' % "<br>".join(esc(x) for x in block["postal"]))
    for phone in block.get("phones", []):
        parts.append('<p class="">%s</p>' % esc(phone))
    for email in block.get("emails", []):
        parts.append('<p class="mb-4">%s</p>' % esc(email))
    for hours in block.get("hours", []):
        parts.append('<p class="">%s</p>' % esc(hours))
    return ['<div class="mb-16"><div class="mb-8 ifu-block--article">'] + parts + ["</div></div>"]


# --- page chrome ------------------------------------------------------------

def header_lines(locale, page_path):
    lines = [
        '<header class="sticky top-0 z-20 xl:justify-center items-center h-topbar md:h-topbarxl bg-white shadow-topbar">',
        '<div class="flex items-center w-full 3xl:max-w-topbar h-topbar md:h-topbarxl">',
        '<div class="relative z-20 flex-none py-3 md:py-4 px-3 bg-white transform translate-y-px md:ps-6 md:pe-2" role="banner">'
        '<a href="/%s" class="ifu-topmenu__logo" title="%s"></a></div>' % (locale, esc(ui(locale, "home"))),
        '<a class="ifu-topmenu__skiplink" href="#main">%s</a>' % esc(SKIP_TO[locale]),
        '<div class="flex-grow"></div>',
        # mobile language button
        '<button class="block lg:hidden px-2 h-full" aria-haspopup="dialog" title="%s">%s</button>'
        % (esc(ui(locale, "selectLanguage")), SVG_LANG),
    ]
    # desktop language selector
    lines.append('<div dir="ltr" class=" hidden lg:block text-action leading-10 divide-x xl:divide-x-0 divide-black me-4 md:ms-1">')
    lines.append('<button class=" xl:hidden lg:px-0 pe-2 ps-2" aria-haspopup="dialog"><span class="hidden md:inline-block xl:hidden">%s</span>%s</button>'
                 % (esc(ui(locale, "languages")), SVG_LANG))
    for loc in LOCALES:
        if loc in DISABLED_LOCALES:
            continue
        current = loc == locale
        border = "border-black" if current else "border-white"
        short = LANGUAGE_NAMES[loc] if loc == "zh" else loc
        lines.append('<a title="%s" hreflang="%s" lang="%s" href="%s" class="xl:inline-block px-3 2xl:px-4 font-bold text-center uppercase  text-black">'
                     '<span class="xl:hidden">%s</span><span class="hidden xl:inline-block hover:border-black border-b-2 transition-all ease duration-150 %s">%s</span></a>'
                     % (esc(LANGUAGE_NAMES[loc]), loc, loc, esc(locale_href(loc, page_path)),
                        esc(short), border, esc(LANGUAGE_NAMES[loc])))
    lines.append("</div>")
    lines.append('<button class="flex items-center px-3 md:px-4 h-full" aria-label="%s" title="%s">%s</button>'
                 % (esc(ui(locale, "search")), esc(ui(locale, "search")), SVG_SEARCH))
    lines.append('<button class="block md:hidden px-3 h-full" aria-haspopup="dialog" aria-label="%s" title="%s">%s</button>'
                 % (esc(ui(locale, "menu")), esc(ui(locale, "menu")), SVG_MENU))
    lines.append("</div>")
    lines.append("</header>")
    return lines


def language_drawer_lines(locale, page_path):
    lines = ['<div class="hidden fixed inset-0 z-30 overflow-y-auto bg-white ifu-languagemenu" aria-hidden="true">',
             '<div class="py-8">',
             '<label class="block px-14 mb-8 text-body-large font-bold">%s</label>' % esc(ui(locale, "selectLanguage"))]
    for loc in LOCALES:
        if loc in DISABLED_LOCALES:
            continue
        div = '<div class="font-bold">' if loc == locale else "<div>"
        lines.append('%s<a class="flex items-center py-2 px-14 hover:bg-gray-white clear-start" title="%s" lang="%s" hreflang="%s" href="%s">'
                     '<span class="inline-block text-body-small text-bodytext-color float-start">%s</span></a></div>'
                     % (div, esc(LANGUAGE_NAMES[loc]), loc, loc, esc(locale_href(loc, page_path)),
                        esc(LANGUAGE_NAMES[loc])))
    lines.append("</div>")
    lines.append("</div>")
    return lines


def menu_item_lines(item, locale, page_path, depth):
    title, path, children = item
    current = path == page_path
    in_trail = page_path == path or page_path.startswith(path + "/")
    cls = "block py-2 hover:underline ps-%d pe-4 %s" % (8 + 4 * depth,
                                                        "font-bold" if in_trail else "")
    attrs = ' aria-current="page"' if current else ""
    line = '<li><a href="%s" class="%s"%s>%s</a>' % (
        esc(drupal_href(locale, path)), cls.strip(), attrs, esc(title))
    if not children:
        return [line + "</li>"]
    lines = [line, '<ul class="%s">' % ("" if in_trail else "hidden")]
    for child in children:
        lines.extend(menu_item_lines(child, locale, page_path, depth + 1))
    lines.append("</ul></li>")
    return lines


def main_menu_lines(locale, page_path):
    lines = ['<div class="hidden md:block overflow-y-auto overscroll-none fixed flex-none self-start w-navi bg-white ifu-mainmenu__desktop">',
             '<nav aria-label="%s"><ul class="py-4 text-body-small">' % esc(ui(locale, "mainMenu"))]
    for item in MAIN_MENU:
        lines.extend(menu_item_lines(item, locale, page_path, 0))
    lines.append("</ul></nav>")
    lines.append("</div>")
    lines.append('<div class="hidden md:block flex-none w-navi border-black-op1 border-e-2"></div>')
    return lines


def footer_lines(locale):
    lines = ['<footer class="ifu-footer" id="footer">',
             '<div class="py-8 lg:py-16 px-6 lg:px-16 bg-white border-t border-gray-hr">',
             '<a href="/%s" class="ifu-topmenu__logo mb-8" title="%s"></a>' % (locale, esc(ui(locale, "home"))),
             '<nav aria-label="%s"><ul class="flex flex-wrap mb-8 text-body-small">' % esc(ui(locale, "footerMenu"))]
    for title, path in FOOTER_MENU:
        lines.append('<li class="me-8 mb-4"><a class="hover:underline" href="%s">%s</a></li>'
                     % (esc(drupal_href(locale, path)), esc(title)))
    lines.append("</ul></nav>")
    lines.append('<p class="mb-4 text-body-small text-gray-dark">%s</p>' % esc(ui(locale, "funded")))
    lines.append('<p class="text-body-small text-gray-dark">%s</p>' % esc(ui(locale, "copyright")))
    lines.append("</div>")
    lines.append("</footer>")
    return lines


def local_info_lines(locale, ids):
    lines = ['<div class="mb-16 ifu-localinfo" id="ifu-localinfo--%s">' % ids("localinfo"),
             '<div class="flex items-center h-14 lg:h-16 bg-green-lighter lg:rounded-t ifu-block--article">'
             '<h3 class="md:flex-grow text-body font-bold -translate-x-4">%s%s</h3></div>'
             % (SVG_LOCALINFO, esc(ui(locale, "localInfo"))),
             '<div class="py-8 mb-4 bg-green-white ifu-block--article">'
             '<button id="ifu-localinfo__button" aria-haspopup="listbox" class="flex items-center py-2 px-4 text-body-small font-bold bg-white rounded border border-gray-light">'
             '%s%s</button></div>' % (esc(ui(locale, "chooseCity")), SVG_CHEVRON)]
    items = "".join('<li><a href="%s">%s</a></li>'
                    % (esc(drupal_href(locale, "%s/work-and-enterprise-in-%s" % (slug, slug))), esc(name))
                    for name, slug in CITIES)
    lines.append('<ul class="overflow-hidden absolute w-0 h-0 ifu-localinfo__seo">%s</ul>' % items)
    lines.append("</div>")
    return lines


def breadcrumb_lines(locale, crumbs, title):
    lines = ['<div class="ifu-block--hero">',
             '<nav class="block relative pt-4 pb-2 mb-2 h-12 text-black" aria-label="%s">' % esc(ui(locale, "breadcrumbs"))]
    if crumbs:
        parent_label, parent_path = crumbs[-1]
        lines.append('<a class="flex md:hidden items-center mb-4 text-small md:text-body-small hover:underline" title="%s" href="%s">%s'
                     '<span class="inline-block transform -translate-x-1">%s</span></a>'
                     % (esc(parent_label), esc(drupal_href(locale, parent_path)), SVG_BREADCRUMB_BACK,
                        esc(parent_label)))
    lines.append('<div class="hidden md:block justify-items-start"><div class="flex-wrap leading-5 ps-4">')
    home = "/" if locale == DEFAULT_LOCALE else "/" + locale
    lines.append('<a class="flex-none md:text-body-small me-3" title="%s" href="%s"><i class="inline-block text-center">%s</i></a>%s'
                 % (esc(ui(locale, "home")), home, SVG_HOME, svg_arrow()))
    for label, path in crumbs:
        lines.append('<div class="inline-block"><a class="text-small md:text-body-small hover:underline" title="%s" href="%s">%s</a>%s</div>'
                     % (esc(label), esc(drupal_href(locale, path)), esc(label), svg_arrow("mx-3")))
    lines.append('<div class="inline-block"><span class="text-small md:text-body-small" aria-current="page"> %s</span></div>'
                 % esc(title))
    lines.append("</div></div>")
    lines.append("</nav>")
    lines.append("</div>")
    return lines


def hero_lines(content, locale):
    title = content["title"]
    if len(title) < 40:
        size = "text-h2 md:text-h1 lg:text-h1xl font-bold lg:font-normal"
    else:
        size = "text-h3 md:text-h3 lg:text-[3.6rem]"
    lines = ['<div class="h-hero md:h-heroxl relative">',
             '<div class="ifu-block--hero"><div class="absolute bottom-5 md:bottom-8">']
    if locale != "fi" and content.get("finnish_title"):
        lines.append('<span lang="fi" class="block text-action mb-3 text-bodytext-color mt-6">%s</span>'
                     % esc(content["finnish_title"]))
    lines.append('<h1 class="mb-2 md:mb-6  max-w-article me-4 ifu-hero__title text-bodytext-color  %s">%s</h1>'
                 % (size, esc(title)))
    lines.append('<div class="flex items-center mb-8 text-body-small text-bodytext-color">%s'
                 '<span class="px-2 transform translate-y-px">%s</span></div>'
                 % (SVG_PUBLISHED % esc(PUBLISHED.get(locale, PUBLISHED["en"])), esc(content["published"])))
    lines.append("</div></div>")
    lines.append("</div>")
    return lines


# --- __NEXT_DATA__ ------------------------------------------------------------

def drupal_date(published):
    day, month, year = published.split(".")
    return "%s-%s-%sT00:00:00+00:00" % (year, month, day)


def menu_json(items, locale, parent_id=""):
    out = []
    for weight, (title, path, children) in enumerate(items):
        item_id = "menu_link_content:" + str(uuid.uuid5(Ids.NAMESPACE, "menu/" + path))
        out.append({
            "id": item_id,
            "title": title,
            "url": drupal_href(locale, path),
            "parent": parent_id,
            "weight": weight,
            "expanded": bool(children),
            "enabled": True,
            "items": menu_json(children, locale, item_id) if children else [],
        })
    return out


def next_data(content, ids, locale, slug, page_path, crumbs, label):
    paragraphs = []
    for section_index, section in enumerate(content["sections"]):
        if section.get("heading") is not None:
            paragraphs.append({
                "type": "paragraph--heading",
                "id": ids("section", section_index, "heading"),
                "langcode": locale,
                "field_title": section["heading"],
            })
        for kind, block_index, payload in group_blocks(section["blocks"]):
            pid = ids("section", section_index, "block", block_index)
            if kind == "text":
                value = "\n".join(text_group_html(payload, react=False))
                paragraphs.append({
                    "type": "paragraph--text",
                    "id": pid,
                    "langcode": locale,
                    "field_text": {"value": value, "format": "full_html", "processed": value},
                })
            elif kind == "links":
                links = []
                for link_index, link in enumerate(payload.get("links", [])):
                    links.append({
                        "type": "node--link",
                        "id": ids("section", section_index, "block", block_index, "link", link_index),
                        "langcode": locale,
                        "title": link.get("text", ""),
                        "field_link_target_site": {"type": "taxonomy_term--link_target_site",
                                                   "name": link.get("site", "")},
                        "field_links": [{
                            "type": "paragraph--language_link",
                            "field_language_link": lang.get("url", ""),
                            "field_language": {"type": "taxonomy_term--language",
                                               "field_locale": lang.get("locale", ""),
                                               "name": lang.get("name", "")},
                        } for lang in payload.get("links", [])[link_index].get("languages", [])],
                    })
                paragraphs.append({
                    "type": "paragraph--language_link_collection",
                    "id": pid,
                    "langcode": locale,
                    "field_links": links,
                })
            elif kind == "contact":
                paragraphs.append({
                    "type": "paragraph--ptv_contact",
                    "id": pid,
                    "langcode": locale,
                    "field_ptv_contact": {
                        "name": payload["name"],
                        "visiting_address": payload.get("visiting", []),
                        "postal_address": payload.get("postal", []),
                        "phones": payload.get("phones", []),
                        "emails": payload.get("emails", []),
                        "service_hours": payload.get("hours", []),
                    },
                })
    paragraphs.append({
        "type": "paragraph--municipality_liftup",
        "id": ids("localinfo"),
        "langcode": locale,
        "field_municipality_info": [{"name": name, "url": drupal_href(locale, "%s/work-and-enterprise-in-%s" % (s, s))}
                                    for name, s in CITIES],
    })
    node = {
        "type": "node--page",
        "id": ids("node"),
        "drupal_internal__nid": int(ids("node")[:6], 16) % 100000,
        "langcode": locale,
        "status": True,
        "title": content["title"],
        "field_finnish_title": content.get("finnish_title"),
        "field_description": content.get("lead"),
        "changed": drupal_date(content["published"]),
        "path": {"alias": "/" + page_path, "langcode": locale},
        "field_use_anchor_links": True,
        "field_theme_menu_machine_name": "menu-" + (page_path.split("/")[0] if "/" in page_path else "main"),
        "field_content": paragraphs,
    }
    common = {
        "buttons": {"skipTo": SKIP_TO[locale], "search": ui(locale, "search"),
                    "menu": ui(locale, "menu")},
        "article": {"published": PUBLISHED.get(locale, PUBLISHED["en"]),
                    "onThisPage": ui(locale, "onThisPage")},
        "breadcrumbs": {"title": ui(locale, "breadcrumbs"), "home": ui(locale, "home")},
        "languages": {"select": ui(locale, "selectLanguage"), "title": ui(locale, "languages")},
        "localInfo": {"title": ui(locale, "localInfo"), "choose": ui(locale, "chooseCity")},
        "externalLink": {"description": label},
        "footer": {"funded": ui(locale, "funded")},
    }
    slug_parts = page_path.split("/")
    return {
        "props": {
            "pageProps": {
                "node": node,
                "menus": {
                    "main": {"items": menu_json(MAIN_MENU, locale)},
                    "footer": {"items": [{"title": t, "url": drupal_href(locale, p)} for t, p in FOOTER_MENU]},
                },
                "themeMenu": {"items": [{"title": lbl, "url": drupal_href(locale, p)} for lbl, p in crumbs]},
                "breadcrumb": [{"title": lbl, "url": drupal_href(locale, p)} for lbl, p in crumbs]
                + [{"title": content["title"], "url": drupal_href(locale, page_path)}],
                "heroColor": "red",
                "_nextI18Next": {
                    "initialI18nStore": {locale: {"common": common}},
                    "initialLocale": locale,
                    "ns": ["common"],
                    "userConfig": {
                        "i18n": {"defaultLocale": "en", "locales": LOCALES},
                        "fallbackLng": "fi",
                        "rtlLocales": sorted(RTL_LOCALES),
                        "disabledLocales": sorted(DISABLED_LOCALES),
                    },
                },
            },
            "__N_SSG": True,
        },
        "page": "/[...slug]",
        "query": {"slug": slug_parts},
        "buildId": BUILD_ID,
        "isFallback": False,
        "gsp": True,
        "locale": locale,
        "locales": LOCALES,
        "defaultLocale": "en",
        "scriptLoader": [],
    }


def next_json(data):
    """JSON as Next.js embeds it (htmlEscapeJsonString)."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    for old, new in (("&", "\\u0026"), (">", "\\u003e"), ("<", "\\u003c"),
                     ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(old, new)
    return text


# --- page -------------------------------------------------------------------

def render(content, slug, section_path, crumb_labels):
    locale = content["locale"]
    if locale not in LOCALES and locale not in EXTRA_LOCALES:
        raise SystemExit("unknown locale %r" % locale)
    ids = Ids(slug)
    section_path = section_path.strip("/")
    segments = [s for s in section_path.split("/") if s]
    page_path = "/".join(segments + [slug])
    if crumb_labels is None:
        crumb_labels = content.get("breadcrumbs")
    if crumb_labels is None:
        crumb_labels = [DEFAULT_CRUMBS.get(s, s.replace("-", " ").capitalize()) for s in segments]
    if len(crumb_labels) != len(segments):
        raise SystemExit("need one breadcrumb label per section-path segment (%d), got %d"
                         % (len(segments), len(crumb_labels)))
    crumbs = [(label, "/".join(segments[:i + 1])) for i, label in enumerate(crumb_labels)]
    label = content.get("external_label") or ui(locale, "externalLink")
    canonical = SITE_HOST + "/" + locale + "/" + page_path
    title = content["title"]
    lead = content.get("lead", "")

    out = ["<!DOCTYPE html>",
           '<html dir="%s" lang="%s">' % ("rtl" if locale in RTL_LOCALES else "ltr", locale),
           "<head>",
           '<meta charset="utf-8">',
           '<meta name="viewport" content="width=device-width, initial-scale=1">',
           "<title>%s | InfoFinland</title>" % esc(title),
           '<link rel="canonical" href="%s">' % esc(canonical),
           '<meta name="description" content="%s">' % esc(lead),
           '<meta property="og:type" content="website">',
           '<meta property="og:title" content="%s">' % esc(title),
           '<meta property="og:url" content="%s">' % esc(canonical),
           '<meta property="og:description" content="%s">' % esc(lead),
           '<meta property="og:image" content="%s/images/infofinland-og.png">' % SITE_HOST,
           '<meta name="theme-color" content="#ffffff">',
           '<link rel="icon" href="/favicon.ico">',
           "<style>%s</style>" % STYLE]
    for src in SCRIPTS:
        out.append('<script src="%s" defer=""></script>' % src)
    out += ["</head>",
            "<body>",
            '<div id="__next">',
            '<div class="relative text-body bg-white ifu-layout--article">']
    out += header_lines(locale, page_path)
    out += language_drawer_lines(locale, page_path)
    out.append('<div class=" md:flex md:items-stretch">')
    out += main_menu_lines(locale, page_path)
    out.append('<div class="ifu-layout__body">')
    out.append('<main id="main">')
    out.append('<div class="relative ifu-article__bg--red">')
    out += breadcrumb_lines(locale, crumbs, title)
    out += hero_lines(content, locale)
    if lead:
        out.append('<div class="ifu-article__ingress ifu-block--article">%s</div>' % esc(lead))
    headings = [(ids("section", i, "heading"), s["heading"])
                for i, s in enumerate(content["sections"]) if s.get("heading") is not None]
    if headings:
        out.append('<div class="ifu-block--article"><ul class="pt-2 mb-10 list-disc list-outside ms-2 lg:ms-4 ps-4" title="%s">'
                   % esc(ui(locale, "onThisPage")))
        for hid, heading in headings:
            out.append('<li class="ps-2"><a href="#heading-%s" class="font-bold ifu-text-link">%s</a></li>'
                       % (hid, esc(heading)))
        out.append("</ul></div>")
    for section_index, section in enumerate(content["sections"]):
        if section.get("heading") is not None:
            out.append('<h2 class="text-bodytext-color font-sans text-h2 md:text-h2xl ifu-heading__h2 ifu-block--article my-8">'
                       '%s<span id="heading-%s" class="ifu-heading__h2--target"></span></h2>'
                       % (esc(section["heading"]), ids("section", section_index, "heading")))
        for kind, block_index, payload in group_blocks(section["blocks"]):
            if kind == "text":
                out.append('<div class="ifu-block__html full_html ifu-block--article">')
                out += text_group_html(payload, react=True)
                out.append("</div>")
            elif kind == "links":
                out += links_block_lines(payload, ids, section_index, block_index, locale, label)
            elif kind == "contact":
                out += contact_block_lines(payload)
    out += local_info_lines(locale, ids)
    out.append("</div>")  # article bg
    out.append("</main>")
    out += footer_lines(locale)
    out.append("</div>")  # layout body
    out.append("</div>")  # md:flex
    out.append("</div>")  # layout
    out.append("</div>")  # __next
    out.append('<script id="__NEXT_DATA__" type="application/json">%s</script>'
               % next_json(next_data(content, ids, locale, slug, page_path, crumbs, label)))
    out.append("</body>")
    out.append("</html>")
    return "\n".join(out) + "\n"


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("content", help="content JSON file")
    parser.add_argument("--slug", required=True, help="page slug (shared by all locales)")
    parser.add_argument("--section-path", default="", help="path of the parent section, e.g. "
                        "work-and-enterprise/problems-in-working-life")
    parser.add_argument("--breadcrumbs", help='crumb labels separated by "|", one per section-path '
                        "segment (default: content JSON \"breadcrumbs\", else English)")
    parser.add_argument("-o", "--output", help="write here instead of stdout")
    args = parser.parse_args(argv)
    with open(args.content, encoding="utf-8") as handle:
        content = json.load(handle)
    crumbs = args.breadcrumbs.split("|") if args.breadcrumbs else None
    page = render(content, args.slug, args.section_path, crumbs).encode("utf-8")
    if args.output:
        with open(args.output, "wb") as handle:
            handle.write(page)
    else:
        sys.stdout.buffer.write(page)


if __name__ == "__main__":
    main()
