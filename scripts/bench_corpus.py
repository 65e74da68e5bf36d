"""Deterministic benchmark corpus for Lockstep: N pages x the 13 InfoFinland locales.

Used by scripts/generate-corpus (the command line) and scripts/bench. Each page is an abstract
structure (sections of paragraphs, lists, subheadings, link lists and contact blocks) drawn from
a seeded generator; every locale realises the same structure with text in its own script and
scripts/render_page.py renders it into InfoFinland markup. Facts a translation must keep (URLs,
domains, phone numbers, e-mail addresses, street numbers, opening hours) are identical in every
locale, and the running text carries no digits, so `lockstep check` finds nothing to complain
about: the corpus measures speed, not findings.

Text: en, fi, sv, ru, ar and zh reuse sentences of the tracked page (scripts/content/<xx>.json,
links and anything number- or domain-like removed); uk (Cyrillic), et, fr, es, tr, so (Latin with
each language's letters) and fa (Persian script) get pseudo-words from a seeded syllable
generator. None of it needs to be real language.
"""

import hashlib
import json
import os
import random
import re
import sys
import unicodedata

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import render_page  # noqa: E402  (the page renderer, imported: much faster than a subprocess)

LOCALES = list(render_page.LOCALES)  # fi sv en ru et uk fr so es tr zh fa ar
SOURCE_LOCALE = "en"
POOL_LOCALES = ["en", "fi", "sv", "ru", "ar", "zh"]
# Locales that get a curated catalog besides their official page.
CATALOG_LOCALES = ["fi", "sv", "ru", "zh", "ar"]
PUBLISHED = "11.04.2024"
SECTION_PATHS = [
    ("work-and-enterprise/problems-in-working-life", None),
    ("living-in-finland", None),
    ("moving-to-finland", None),
    ("work-and-enterprise", None),
]
DOMAINS = [
    "migri.fi", "kela.fi", "vero.fi", "dvv.fi", "te-palvelut.fi", "tyosuojelu.fi", "riku.fi",
    "ihmiskauppa.fi", "protukipiste.fi", "hel.fi", "espoo.fi", "vantaa.fi", "tampere.fi",
    "turku.fi", "poliisi.fi", "oikeus.fi", "yhdenvertaisuus.fi", "ombudsman.fi", "stm.fi",
    "thl.fi", "omakanta.fi", "suomi.fi", "oph.fi", "ely-keskus.fi", "hus.fi",
]
STREETS = ["Kalevankatu", "Mannerheimintie", "Hämeenkatu", "Aleksanterinkatu", "Kauppakatu",
           "Hallituskatu", "Yliopistonkatu", "Itäinen Pitkäkatu", "Satamakatu", "Torikatu"]
CITIES = [("00100", "Helsinki"), ("33100", "Tampere"), ("20100", "Turku"), ("02100", "Espoo"),
          ("01300", "Vantaa"), ("90100", "Oulu")]
WEEKDAYS = {
    "en": "Mon–Fri", "fi": "ma–pe", "sv": "mån–fre", "ru": "пн–пт", "et": "E–R", "uk": "пн–пт",
    "fr": "lun–ven", "so": "Isn–Jim", "es": "lun–vie", "tr": "Pzt–Cum", "zh": "周一至周五",
    "fa": "شنبه–چهارشنبه", "ar": "الاثنين–الجمعة",
}
ADDITIONAL = {
    "en": "Main entrance", "fi": "Pääovi", "sv": "Huvudingången", "ru": "Главный вход",
    "et": "Peauks", "uk": "Головний вхід", "fr": "Entrée principale", "so": "Albaabka weyn",
    "es": "Entrada principal", "tr": "Ana giriş", "zh": "正门", "fa": "ورودی اصلی",
    "ar": "المدخل الرئيسي",
}

# Syllable generators for the locales without a pool: (onsets, vowels, codas).
GENERATED = {
    "uk": (list("бвгґджзклмнпрстфхцчшщ") + ["ст", "пр", "кр", "зв"],
           list("аеиіїоуюяє") + ["і", "а", "о"], ["", "", "н", "й", "р", "сь", "ть", "ль"]),
    "et": (list("hjklmnprstvg") + ["š", "ž", "st", "kr"], list("aeiouõäöü") + ["aa", "ee", "uu", "ää"],
           ["", "", "l", "n", "s", "t", "d", "k"]),
    "fr": (list("bcdfglmnprstv") + ["ch", "qu", "tr", "pl", "ç"], list("aeiou") + ["é", "è", "ê", "ou", "ai", "à", "ô"],
           ["", "", "", "n", "r", "s", "t", "l"]),
    "es": (list("bcdfglmnprstv") + ["ll", "ñ", "ch", "tr", "pr"], list("aeiou") + ["á", "é", "í", "ó", "ú", "ue", "ie"],
           ["", "", "n", "s", "r", "l", "d"]),
    "tr": (list("bcçdfgğhklmnprsştvyz"), list("aeıioöuü"), ["", "", "n", "r", "k", "l", "m", "ş"]),
    "so": (list("bdfghjklmnrstwy") + ["dh", "kh", "sh", "x", "q", "c"], list("aeiou") + ["aa", "ee", "ii", "oo", "uu"],
           ["", "", "n", "d", "l", "r"]),
    "fa": (list("بپتجچحخدرزژسشصطعغفقکگلمنوهی"), ["ا", "و", "ی", "", "", "ه"], ["", "", "ن", "ر", "د", "م", "ش"]),
}


def rng(*parts):
    """A random generator seeded by the parts, the same on every machine and Python run."""
    digest = hashlib.sha256("|".join(str(p) for p in parts).encode("utf-8")).digest()
    return random.Random(int.from_bytes(digest[:8], "big"))


def nfc(text):
    return unicodedata.normalize("NFC", text)


# --- text pools -------------------------------------------------------------------------------

_CLEAN = re.compile(r"[0-9٠-٩۰-۹@]|\w\.\w|https?:|www", re.UNICODE)
_SENTENCE_END = re.compile(r"(?<=[.!?。؟])\s*")


def _strings(content):
    found = []

    def walk(value, key=None):
        if key in ("url", "locale", "type", "published", "name"):
            return
        if isinstance(value, str):
            found.append((key, render_page.plain_text(value)))
        elif isinstance(value, list):
            for item in value:
                walk(item, key)
        elif isinstance(value, dict):
            for k, v in value.items():
                walk(v, k)

    walk(content.get("lead", ""), "lead")
    walk(content["sections"])
    return found


_POOLS = {}


def pools(locale):
    """(sentences, phrases) of a pool locale: clean sentences and short strings."""
    if locale not in _POOLS:
        with open(os.path.join(HERE, "content", locale + ".json"), encoding="utf-8") as handle:
            content = json.load(handle)
        sentences, phrases = [], []
        for key, text in _strings(content):
            if key in ("heading", "site") or len(text) <= 70:
                if not _CLEAN.search(text) and 3 <= len(text):
                    phrases.append(nfc(text.strip().rstrip(".:")))
            for sentence in _SENTENCE_END.split(text):
                sentence = sentence.strip()
                if len(sentence) >= 8 and not _CLEAN.search(sentence) and "(" not in sentence:
                    sentences.append(nfc(sentence))
        _POOLS[locale] = (sorted(set(sentences)), sorted(set(phrases)))
    return _POOLS[locale]


def _word(r, locale):
    onsets, vowels, codas = GENERATED[locale]
    return "".join(r.choice(onsets) + r.choice(vowels) + r.choice(codas)
                   for _ in range(r.choice((1, 2, 2, 3, 3, 4))))


def _capital(text):
    return text[:1].upper() + text[1:]


def words(locale, key, count):
    """`count` words of text in `locale` (no final punctuation)."""
    r = rng("words", locale, key)
    if locale in GENERATED:
        return nfc(" ".join(_word(r, locale) for _ in range(count)))
    sentences, _ = pools(locale)
    if locale == "zh":
        return r.choice(sentences).rstrip("。，")[: max(2, count)]
    chosen = r.choice(sentences).rstrip(".!?؟").split()
    return " ".join(chosen[:count])


def sentence(locale, key):
    r = rng("sentence", locale, key)
    if locale in GENERATED:
        text = " ".join(_word(r, locale) for _ in range(r.randint(6, 18)))
        return nfc(_capital(text) + ("." if locale != "fa" else "."))
    sentences, _ = pools(locale)
    return r.choice(sentences)


def phrase(locale, key):
    """A short heading-like phrase."""
    r = rng("phrase", locale, key)
    if locale in GENERATED:
        return nfc(_capital(" ".join(_word(r, locale) for _ in range(r.randint(2, 6)))))
    _, phrases = pools(locale)
    return r.choice(phrases)


def paragraph(locale, key, count):
    joiner = "" if locale == "zh" else " "
    return joiner.join(sentence(locale, "%s/%d" % (key, i)) for i in range(count))


# --- page structure -----------------------------------------------------------------------------

def page_structure(seed, index):
    """The locale-independent shape of page `index`: what every locale fills with text."""
    r = rng("structure", seed, index)
    # The mean size over the 13 locales (2-byte scripts run larger, Chinese smaller), so that every
    # locale's page stays within about 30–120 KB and the fixed chrome is about 30 % of the bytes.
    target = int(r.triangular(40_000, 100_000, 90_000))
    path = SECTION_PATHS[index % len(SECTION_PATHS)][0]
    sections = []
    # Every page has a paragraph with a list, then one with a link list and a contact block, so
    # its rules (a contact, a permit rule and an enumeration) always have something to point at.
    estimate = 26_000.0
    scale = 1.6  # rendered bytes (both copies, markup, all scripts) per estimated byte
    number = 0
    while estimate < target or number < 2:
        blocks = []
        kinds = r.choices(["p", "ul", "ol", "h3", "links", "contact"], weights=[8, 3, 1, 2, 2, 1],
                          k=r.randint(2, 6))
        if number == 0:
            kinds = ["p", "ul"] + kinds[:2]
        elif number == 1:
            kinds = ["p", "links", "contact"] + kinds[:2]
        for kind in kinds:
            block = {"type": kind}
            if kind == "p":
                block["sentences"] = r.randint(1, 5)
                block["links"] = [r.choice(DOMAINS) for _ in range(r.choice((0, 0, 1, 1, 2)))]
                estimate += scale * (2 * 95 * block["sentences"] + 260 * len(block["links"]))
            elif kind in ("ul", "ol"):
                block["items"] = [(r.randint(4, 12), r.random() < 0.15) for _ in range(r.randint(2, 8))]
                block["domain"] = r.choice(DOMAINS)
                estimate += scale * sum(2 * 7 * w + 40 for w, _ in block["items"])
            elif kind == "h3":
                estimate += scale * 200
            elif kind == "links":
                entries = []
                for _ in range(r.randint(1, 4)):
                    domain = r.choice(DOMAINS)
                    slug = "-".join(r.choice(["apply", "permit", "help", "services", "info", "guide",
                                              "residence", "work", "family", "support", "rights"])
                                    for _ in range(r.randint(1, 3)))
                    entries.append({"domain": domain, "slug": slug})
                block["entries"] = entries
                estimate += scale * 2_100 * len(entries)
            else:
                block["street"] = "%s %d" % (r.choice(STREETS), r.randint(1, 60))
                block["postal"] = "PL %d, %s %s" % ((r.randint(1, 400),) + r.choice(CITIES))
                block["phone"] = "+358 %d %03d %04d" % (r.randint(20, 50), r.randint(100, 999),
                                                        r.randint(1000, 9999))
                block["email"] = "%s@%s" % (r.choice(["info", "neuvonta", "asiakaspalvelu", "kirjaamo"]),
                                            r.choice(DOMAINS))
                block["hours"] = (r.randint(8, 10), r.randint(15, 17))
                estimate += scale * 1_000
            blocks.append(block)
        sections.append({"heading": True, "blocks": blocks})
        estimate += scale * 700
        number += 1
    return {"index": index, "path": path, "sections": sections, "target": target}


def page_id(index):
    return "page-%04d" % index


def realise(structure, locale, seed):
    """The content JSON (render_page.py's input) of one page in one locale, plus what the rules
    need: the texts of the units they point at."""
    index = structure["index"]
    key = "%s/%d" % (seed, index)
    title = phrase(locale, key + "/title")
    content = {
        "locale": locale,
        "title": title,
        "finnish_title": phrase("fi", key + "/title"),
        "published": PUBLISHED,
        "lead": paragraph(locale, key + "/lead", 2),
        "sections": [],
    }
    facts = {"permit": None, "contact": None, "list": None}
    for s, section in enumerate(structure["sections"]):
        skey = "%s/s%d" % (key, s)
        blocks = []
        for b, block in enumerate(section["blocks"]):
            bkey = "%s/b%d" % (skey, b)
            kind = block["type"]
            if kind == "p":
                text = paragraph(locale, bkey, block["sentences"])
                for n, domain in enumerate(block["links"]):
                    label = words(locale, "%s/l%d" % (bkey, n), 3).rstrip(",，、،:;")
                    text += "%s[%s](https://%s/%s)" % ("" if locale == "zh" else " ", label, domain,
                                                       "tietoa-%d-%d-%d" % (index, s, b))
                    text += "。" if locale == "zh" else "."
                if facts["permit"] is None and s == 1:
                    facts["permit"] = render_page.plain_text(text)
                blocks.append({"type": "p", "text": text})
            elif kind in ("ul", "ol"):
                items = []
                for n, (count, linked) in enumerate(block["items"]):
                    item = words(locale, "%s/i%d" % (bkey, n), count)
                    if linked:
                        item = "[%s](https://%s/%s)" % (item, block["domain"], "kohta-%d-%d-%d-%d" % (index, s, b, n))
                    items.append(item)
                if facts["list"] is None and s == 0:
                    facts["list"] = (render_page.plain_text(items[0]), len(items))
                blocks.append({"type": kind, "items": items})
            elif kind == "h3":
                blocks.append({"type": "h3", "text": phrase(locale, bkey)})
            elif kind == "links":
                links = []
                for n, entry in enumerate(block["entries"]):
                    base = "https://%s" % entry["domain"]
                    links.append({
                        "site": phrase(locale, "%s/site%d" % (bkey, n)),
                        "text": phrase(locale, "%s/text%d" % (bkey, n)),
                        "url": "%s/en/%s" % (base, entry["slug"]),
                        "languages": [
                            {"locale": "fi", "name": render_page.LANGUAGE_NAMES["fi"], "url": "%s/%s" % (base, entry["slug"])},
                            {"locale": "sv", "name": render_page.LANGUAGE_NAMES["sv"], "url": "%s/sv/%s" % (base, entry["slug"])},
                            {"locale": "en", "name": render_page.LANGUAGE_NAMES["en"], "url": "%s/en/%s" % (base, entry["slug"])},
                        ],
                    })
                if facts["contact"] is None and s == 1:
                    facts["contact"] = {"domain": block["entries"][0]["domain"],
                                        "link_url": render_page.choose_link_url(links[0], SOURCE_LOCALE)[1]}
                blocks.append({"type": "links", "links": links})
            else:
                name = phrase(locale, "%s/name" % bkey)
                contact = {
                    "type": "contact",
                    "name": name,
                    "visiting": [block["street"], ADDITIONAL[locale]],
                    "postal": [block["postal"]],
                    "phones": [block["phone"]],
                    "emails": [block["email"]],
                    "hours": ["%s %d–%d" % (WEEKDAYS[locale], block["hours"][0], block["hours"][1])],
                }
                if s == 1 and facts["contact"] is not None and "name" not in facts["contact"]:
                    facts["contact"]["name"] = name
                blocks.append(contact)
        content["sections"].append({"heading": phrase(locale, skey + "/heading"), "blocks": blocks})
    return content, facts


def render_page_locales(seed, index, out):
    """Renders page `index` in every locale into `out`; returns the rule facts per locale and the
    byte counts (total, inside <main>, the __NEXT_DATA__ script)."""
    structure = page_structure(seed, index)
    facts = {}
    sizes = {"total": 0, "main": 0, "next_data": 0, "next_data_content": 0}
    for locale in LOCALES:
        content, locale_facts = realise(structure, locale, seed)
        facts[locale] = locale_facts
        facts[locale]["title"] = content["title"]
        html = render_page.render(content, page_id(index), structure["path"], None).encode("utf-8")
        folder = os.path.join(out, "locales", locale)
        with open(os.path.join(folder, page_id(index) + ".html"), "wb") as handle:
            handle.write(html)
        sizes["total"] += len(html)
        start, end = html.find(b"<main"), html.find(b"</main>")
        sizes["main"] += end - start
        sizes["next_data"] += len(html) - html.find(b'<script id="__NEXT_DATA__"')
        # The copy of the content inside __NEXT_DATA__ (the Drupal paragraphs).
        sizes["next_data_content"] += html.find(b',"menus":') - html.find(b'"field_content":')
    return index, facts, sizes, structure["path"]


# --- rules --------------------------------------------------------------------------------------

def _q(text):
    """A YAML double-quoted scalar (JSON string syntax is valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


def _term(locale, text):
    """A phrase of `text` that a rule can look for: its first words (first characters for zh)."""
    if locale == "zh":
        return text[:4]
    return " ".join(text.split()[:2]).rstrip(",.:;،")


def rules_yaml(index, facts, units, path):
    """schemas/pages/<page>.yaml: a contact, a permit rule and an enumeration, pointing at the
    unit ids the extractor gave the source page (`units`: the `lockstep-bench ids --json` rows)."""
    source = facts[SOURCE_LOCALE]
    # Texts can repeat on a page (the pools are small): look in the section the fact was put in.
    sections = []
    for unit in units:
        section = unit["id"].split("/")[0]
        if unit["kind"] not in ("title", "lead") and section not in sections:
            sections.append(section)

    def find(section, kind, text=None, url=None):
        for unit in units:
            if (unit["id"].split("/")[0] == sections[section] and unit["kind"] == kind
                    and (text is None or unit["text"] == text) and (url is None or unit["url"] == url)):
                return unit["id"]
        raise SystemExit("generate-corpus: no %s unit %r in section %d of page %d"
                         % (kind, text or url, section, index))

    contact = source["contact"]
    contact_name = find(1, "contact-name", text=contact["name"])
    link_unit = find(1, "link", url=contact["link_url"])
    permit_unit = find(1, "paragraph", text=source["permit"])
    first_item = find(0, "item", text=source["list"][0])
    list_block = first_item.rsplit("/", 1)[0]
    page = page_id(index)
    lines = [
        "# Content rules of a generated benchmark page (scripts/generate-corpus).",
        "format: lockstep-rules/1",
        "page: %s" % page,
        "title: %s" % _q(source["title"]),
        "source-locale: en",
        "urls:",
    ]
    for locale in LOCALES:
        lines.append("  %s: https://www.infofinland.fi/%s/%s/%s" % (locale, locale, path, page))
    lines += [
        "allowed-hosts: [www.infofinland.fi, infofinland.fi]",
        "contacts:",
        "- id: organisation",
        "  name: %s" % _q(contact["name"]),
        "  original-name: %s" % _q(facts["fi"]["contact"]["name"]),
        "  units: [%s, %s]" % (contact_name, link_unit),
        "  names:",
    ]
    for locale in LOCALES:
        lines.append("    %s: [%s]" % (locale, _q(facts[locale]["contact"]["name"])))
    lines += [
        "  domains: [%s]" % contact["domain"],
        "permit-rules:",
        "- id: permit",
        "  name: %s" % _q(_term(SOURCE_LOCALE, source["permit"])),
        "  statement: %s" % _q(source["permit"][:120]),
        "  units: [%s]" % permit_unit,
        "  terms:",
        "  - id: key-phrase",
        "    forms:",
    ]
    for locale in LOCALES:
        lines.append("      %s: [%s]" % (locale, _q(_term(locale, facts[locale]["permit"]))))
    lines += [
        "enumerations:",
        "- id: first-list",
        "  name: The first list of the page",
        "  block: %s" % list_block,
        "  items: %d" % source["list"][1],
    ]
    return "\n".join(lines) + "\n"
