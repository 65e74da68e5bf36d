#!/usr/bin/env python3
"""Lockstep's extraction done by Python peers, for scripts/bench: lxml and selectolax.

Each peer parses every page (held in memory before the clock starts), finds <main>, skips page
chrome by the same rules as Lockstep's extractor (PageEventCollector.isChrome), and extracts the
units Lockstep counts: the <h2> section headings, paragraphs (<p> outside contact blocks, <li>
outside lists), list items, link-list entries (the main <a> of each entry) and the inline links
inside them. For every unit it does what Lockstep does to text at the least: joins the text of
the element (chrome inside it left out), collapses whitespace, normalises to NFC and takes the
SHA-256 fingerprint. It prints one JSON line per peer with the same counts as
`lockstep-bench extract --json` and benchmarks/sax_floor.c, so scripts/bench can cross-check them.

Usage: benchmarks/peers.py [--peer lxml|selectolax|all] [--runs N] FILES|DIRS...
"""

import argparse
import hashlib
import json
import os
import sys
import time
import unicodedata

CHROME_NAMES = frozenset(
    "head title script style noscript template svg math button select textarea iframe object canvas "
    "header nav footer aside form label dialog img picture video audio input".split())
CHROME_ROLES = frozenset(["navigation", "banner", "contentinfo", "search", "dialog"])
CHROME_CLASSES = frozenset(
    "ifu-topmenu__skiplink ifu-mainmenu__desktop ifu-localinfo ifu-localinfo__seo ifu-languagemenu "
    "ifu-footer sr-only visually-hidden screen-reader-text skip-link".split())


def is_chrome(tag, get):
    """`get(name)` gives an attribute's value or None."""
    if tag in CHROME_NAMES:
        return True
    if get("hidden") is not None:
        return True
    role = get("role")
    if role is not None and role in CHROME_ROLES:
        return True
    classes = get("class")
    if classes:
        tokens = classes.split()
        if not CHROME_CLASSES.isdisjoint(tokens):
            return True
        if "w-0" in tokens and "h-0" in tokens:
            return True
        if tag in ("ul", "ol") and "list-disc" in tokens and get("title") is not None:
            return True
    return False


def fingerprint(text):
    text = unicodedata.normalize("NFC", " ".join(text.split()))
    return text, hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


class Extraction:
    """The walk both peers share; a peer supplies how to read its nodes."""

    def __init__(self):
        self.counts = {"sections": 0, "paragraphs": 0, "list_items": 0, "link_entries": 0,
                       "inline_links": 0}
        self.fingerprints = []

    def unit(self, text, links):
        text, digest = fingerprint(text)
        if text:
            self.fingerprints.append(digest)
        self.counts["inline_links"] += links

    def walk(self, node, tag, get, children, text_of, lists=0, contact=False):
        for child, child_tag in children(node):
            child_get = get(child)
            if is_chrome(child_tag, child_get):
                continue
            classes = (child_get("class") or "").split()
            if "bg-orange-white" in classes:
                self.link_list(child, get, children, text_of)
                continue
            if child_tag == "h2":
                self.counts["sections"] += 1
                self.unit(*text_of(child))
            elif child_tag == "p":
                if not contact:
                    self.counts["paragraphs"] += 1
                self.unit(*text_of(child))
            elif child_tag == "li":
                self.counts["list_items" if lists else "paragraphs"] += 1
                self.unit(*text_of(child))
            elif child_tag == "a":
                # A loose link: an implicit paragraph holding one link.
                self.counts["paragraphs"] += 1
                text, links = text_of(child)
                self.unit(text, links + 1)
            elif child_tag in ("h1", "h3", "h4", "h5", "h6"):
                self.unit(*text_of(child))
                if child_tag == "h4" and "text-h4" in classes:
                    contact = True
            else:
                self.walk(child, child_tag, get, children, text_of,
                          lists + (child_tag in ("ul", "ol")), contact and child_tag != "div")

    def link_list(self, node, get, children, text_of):
        for child, child_tag in children(node):
            child_get = get(child)
            if is_chrome(child_tag, child_get):
                continue
            if child_tag == "a":
                if child_get("aria-describedby") is None:
                    self.counts["link_entries"] += 1
                text, _ = text_of(child)
                fingerprint(text)
            elif child_tag in ("h2", "h3", "h4", "h5", "h6"):
                fingerprint(text_of(child)[0])
            else:
                self.link_list(child, get, children, text_of)


# --- lxml ---------------------------------------------------------------------------------------

def lxml_extract(pages):
    from lxml import etree

    parser = etree.HTMLParser(encoding="utf-8", no_network=True, recover=True, remove_comments=True,
                              remove_pis=True, compact=True)

    def get(node):
        return node.get

    def children(node):
        for child in node:
            tag = child.tag
            if isinstance(tag, str):
                yield child, tag

    def text_of(node):
        parts = [node.text or ""]
        links = 0
        for child in node:
            tag = child.tag
            if isinstance(tag, str) and not is_chrome(tag, child.get):
                if tag == "a":
                    links += 1
                text, inner = text_of(child)
                parts.append(text)
                links += inner
            parts.append(child.tail or "")
        return "".join(parts), links

    extraction = Extraction()
    for _, data in pages:
        root = etree.fromstring(data, parser)
        main = root.find(".//main")
        if main is not None:
            extraction.walk(main, "main", get, children, text_of)
    return extraction


# --- selectolax -----------------------------------------------------------------------------------

def selectolax_extract(pages):
    try:
        from selectolax.lexbor import LexborHTMLParser as Parser
    except ImportError:  # older selectolax: the Modest engine only
        from selectolax.parser import HTMLParser as Parser

    def get(node):
        attributes = node.attributes
        return attributes.get

    def children(node):
        child = node.child
        while child is not None:
            tag = child.tag
            if tag not in ("-text", "_text", "-comment", "_comment"):
                yield child, tag
            child = child.next

    def text_of(node):
        parts = []
        links = 0
        child = node.child
        while child is not None:
            tag = child.tag
            if tag in ("-text", "_text"):
                parts.append(child.text_content or "")
            elif tag not in ("-comment", "_comment") and not is_chrome(tag, child.attributes.get):
                if tag == "a":
                    links += 1
                text, inner = text_of(child)
                parts.append(text)
                links += inner
            child = child.next
        return "".join(parts), links

    extraction = Extraction()
    for _, data in pages:
        tree = Parser(data)
        main = tree.css_first("main")
        if main is not None:
            extraction.walk(main, "main", get, children, text_of)
    return extraction


PEERS = {"lxml": lxml_extract, "selectolax": selectolax_extract}


def read_pages(paths):
    files = []
    for path in paths:
        if os.path.isdir(path):
            for folder, _, names in os.walk(path):
                files += [os.path.join(folder, name) for name in names if name.endswith(".html")]
        else:
            files.append(path)
    files.sort()
    pages = []
    for name in files:
        with open(name, "rb") as handle:
            pages.append((name, handle.read()))
    return pages


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--peer", choices=["lxml", "selectolax", "all"], default="all")
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("paths", nargs="+")
    args = parser.parse_args(argv)
    pages = read_pages(args.paths)
    if not pages:
        parser.error("no .html files")
    total = sum(len(data) for _, data in pages)
    names = ["lxml", "selectolax"] if args.peer == "all" else [args.peer]
    for name in names:
        best, extraction = None, None
        for _ in range(max(1, args.runs)):
            start = time.perf_counter()
            extraction = PEERS[name](pages)
            elapsed = time.perf_counter() - start
            best = elapsed if best is None else min(best, elapsed)
        print(json.dumps({"tool": name, "files": len(pages), "bytes": total, "seconds": best,
                          "mb_per_s": total / 1e6 / best, "units": len(extraction.fingerprints),
                          "counts": extraction.counts}))
        sys.stdout.flush()


if __name__ == "__main__":
    main()
