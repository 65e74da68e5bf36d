/*
 * sax_floor: the speed floor of libxml2's HTML parser on this machine, for scripts/bench.
 *
 * It drives libxml2 exactly as Lockstep does (push parser, 64 KiB chunks, the last marked as the
 * end of the input, UTF-8 with HTML_PARSE_IGNORE_ENC, NOERROR|NOWARNING|NONET|COMPACT, a
 * structured error handler, no tree)
 * and does the least work on top: it counts, inside <main>, the elements that Lockstep's extractor
 * turns into units, skipping page chrome by the same simple rules (PageEventCollector.isChrome):
 *   sections      <h2>
 *   paragraphs    <p> outside contact blocks, <li> outside lists
 *   list_items    <li> inside <ul>/<ol>
 *   link_entries  the main <a> of each link-list entry (no aria-describedby) in a bg-orange-white block
 *   inline_links  any other <a>
 * Every file is read into memory before the clock starts.
 *
 * Build: cc -O2 -o sax_floor benchmarks/sax_floor.c $(pkg-config --cflags --libs libxml-2.0)
 * Usage: sax_floor [--runs N] FILES|DIRS...   (prints one JSON line)
 */
#define _XOPEN_SOURCE 700
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include <libxml/HTMLparser.h>
#include <libxml/parser.h>
#include <libxml/xmlerror.h>

typedef struct {
  char *name;
  char *bytes;
  size_t length;
} Page;

static Page *pages;
static size_t page_count, page_capacity;
static size_t total_bytes;

typedef struct {
  long sections, paragraphs, list_items, link_entries, inline_links;
} Counts;

typedef struct {
  int depth;
  int skip_depth;    /* inside chrome: its depth, else 0 */
  int main_depth;    /* inside <main> */
  int links_depth;   /* inside a link-list block */
  int contact_depth; /* inside a contact block */
  int list_nesting;  /* open <ul>/<ol> inside main */
  long errors;
  long characters;
  Counts counts;
} State;

static const char *const chrome_names[] = {
    "head", "title", "script", "style", "noscript", "template", "svg", "math", "button",
    "select", "textarea", "iframe", "object", "canvas", "header", "nav", "footer", "aside",
    "form", "label", "dialog", "img", "picture", "video", "audio", "input", NULL};
static const char *const chrome_roles[] = {"navigation", "banner", "contentinfo", "search", "dialog", NULL};
static const char *const chrome_classes[] = {
    "ifu-topmenu__skiplink", "ifu-mainmenu__desktop", "ifu-localinfo", "ifu-localinfo__seo",
    "ifu-languagemenu", "ifu-footer", "sr-only", "visually-hidden", "screen-reader-text", "skip-link", NULL};

static int in_list(const char *value, const char *const *list) {
  for (; *list; list++)
    if (strcmp(value, *list) == 0) return 1;
  return 0;
}

static const char *attribute(const xmlChar **atts, const char *name) {
  if (!atts) return NULL;
  for (; atts[0]; atts += 2)
    if (strcmp((const char *)atts[0], name) == 0) return atts[1] ? (const char *)atts[1] : "";
  return NULL;
}

/* Whether the whitespace-separated list `value` holds `token`. */
static int has_token(const char *value, const char *token) {
  if (!value) return 0;
  size_t length = strlen(token);
  const char *p = value;
  while (*p) {
    while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r') p++;
    const char *start = p;
    while (*p && *p != ' ' && *p != '\t' && *p != '\n' && *p != '\r') p++;
    if ((size_t)(p - start) == length && memcmp(start, token, length) == 0) return 1;
  }
  return 0;
}

static int has_any_token(const char *value, const char *const *tokens) {
  if (!value) return 0;
  for (; *tokens; tokens++)
    if (has_token(value, *tokens)) return 1;
  return 0;
}

static int is_chrome(const char *name, const xmlChar **atts) {
  if (in_list(name, chrome_names)) return 1;
  if (attribute(atts, "hidden")) return 1;
  const char *role = attribute(atts, "role");
  if (role && in_list(role, chrome_roles)) return 1;
  const char *class = attribute(atts, "class");
  if (has_any_token(class, chrome_classes)) return 1;
  if (has_token(class, "w-0") && has_token(class, "h-0")) return 1;
  if ((strcmp(name, "ul") == 0 || strcmp(name, "ol") == 0) && attribute(atts, "title") &&
      has_token(class, "list-disc"))
    return 1;
  return 0;
}

static void on_start(void *context, const xmlChar *xname, const xmlChar **atts) {
  State *s = context;
  const char *name = (const char *)xname;
  s->depth++;
  if (s->skip_depth) return;
  if (is_chrome(name, atts)) {
    s->skip_depth = s->depth;
    return;
  }
  if (!s->main_depth) {
    if (strcmp(name, "main") == 0) s->main_depth = s->depth;
    return;
  }
  const char *class = attribute(atts, "class");
  if (s->links_depth) {
    if (strcmp(name, "a") == 0 && !attribute(atts, "aria-describedby")) s->counts.link_entries++;
    return;
  }
  if (has_token(class, "bg-orange-white")) {
    s->links_depth = s->depth;
    return;
  }
  switch (name[0]) {
  case 'a':
    if (name[1] == 0) s->counts.inline_links++;
    break;
  case 'h':
    if (strcmp(name, "h2") == 0) s->counts.sections++;
    else if (strcmp(name, "h4") == 0 && has_token(class, "text-h4")) s->contact_depth = s->depth - 1;
    break;
  case 'p':
    if (name[1] == 0 && !s->contact_depth) s->counts.paragraphs++;
    break;
  case 'l':
    if (strcmp(name, "li") == 0) {
      if (s->list_nesting) s->counts.list_items++;
      else s->counts.paragraphs++;
    }
    break;
  case 'u':
  case 'o':
    if (name[1] == 'l' && name[2] == 0) s->list_nesting++;
    break;
  }
}

static void on_end(void *context, const xmlChar *xname) {
  State *s = context;
  const char *name = (const char *)xname;
  int depth = s->depth--;
  if (s->skip_depth) {
    if (s->skip_depth == depth) s->skip_depth = 0;
    return;
  }
  if (!s->main_depth) return;
  if (s->links_depth == depth) s->links_depth = 0;
  if (s->contact_depth == depth) s->contact_depth = 0;
  if (s->main_depth == depth) s->main_depth = 0;
  if ((name[0] == 'u' || name[0] == 'o') && name[1] == 'l' && name[2] == 0 && s->list_nesting > 0 &&
      !s->links_depth)
    s->list_nesting--;
}

static void on_characters(void *context, const xmlChar *text, int length) {
  (void)text;
  State *s = context;
  if (!s->skip_depth) s->characters += length;
}

static void on_error(void *context, const xmlError *error) {
  (void)error;
  ((State *)context)->errors++;
}

static void parse(Page *page, State *state) {
  htmlSAXHandler sax;
  memset(&sax, 0, sizeof sax);
  sax.initialized = XML_SAX2_MAGIC;
  sax.startElement = on_start;
  sax.endElement = on_end;
  sax.characters = on_characters;
  sax.serror = (xmlStructuredErrorFunc)on_error;
  htmlParserCtxtPtr context = htmlCreatePushParserCtxt(&sax, state, NULL, 0, page->name, XML_CHAR_ENCODING_UTF8);
  if (!context) {
    fprintf(stderr, "sax_floor: cannot create a parser for %s\n", page->name);
    exit(2);
  }
  htmlCtxtUseOptions(context, HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NONET |
                                  HTML_PARSE_IGNORE_ENC | HTML_PARSE_COMPACT);
  // 64 KiB chunks, the last one marked as the end of the input (as Lockstep feeds libxml2): the
  // parser then reads that chunk without looking ahead for the end of each construct.
  const size_t chunk = 1 << 16;
  for (size_t offset = 0; offset < page->length; offset += chunk) {
    size_t length = page->length - offset < chunk ? page->length - offset : chunk;
    htmlParseChunk(context, page->bytes + offset, (int)length, offset + length == page->length);
  }
  if (page->length == 0) htmlParseChunk(context, NULL, 0, 1);
  htmlFreeParserCtxt(context);
}

static void add_page(const char *path) {
  size_t length = strlen(path);
  if (length < 5 || strcmp(path + length - 5, ".html") != 0) return;
  FILE *file = fopen(path, "rb");
  if (!file) {
    perror(path);
    exit(2);
  }
  fseek(file, 0, SEEK_END);
  long size = ftell(file);
  fseek(file, 0, SEEK_SET);
  char *bytes = malloc((size_t)size + 1);
  if (!bytes || fread(bytes, 1, (size_t)size, file) != (size_t)size) {
    fprintf(stderr, "sax_floor: cannot read %s\n", path);
    exit(2);
  }
  fclose(file);
  if (page_count == page_capacity) {
    page_capacity = page_capacity ? page_capacity * 2 : 1024;
    pages = realloc(pages, page_capacity * sizeof *pages);
  }
  pages[page_count].name = strdup(path);
  pages[page_count].bytes = bytes;
  pages[page_count].length = (size_t)size;
  page_count++;
  total_bytes += (size_t)size;
}

static int visit(const char *path, const struct stat *info, int type, struct FTW *ftw) {
  (void)info;
  (void)ftw;
  if (type == FTW_F) add_page(path);
  return 0;
}

static double now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

int main(int argc, char **argv) {
  int runs = 1;
  for (int i = 1; i < argc; i++) {
    if (strcmp(argv[i], "--runs") == 0 && i + 1 < argc) {
      runs = atoi(argv[++i]);
      if (runs < 1) runs = 1;
      continue;
    }
    struct stat info;
    if (stat(argv[i], &info) != 0) {
      perror(argv[i]);
      return 2;
    }
    if (S_ISDIR(info.st_mode)) nftw(argv[i], visit, 32, FTW_PHYS);
    else add_page(argv[i]);
  }
  if (page_count == 0) {
    fprintf(stderr, "usage: sax_floor [--runs N] FILES|DIRS...\n");
    return 64;
  }
  xmlInitParser();
  double best = 1e30;
  State last;
  for (int run = 0; run < runs; run++) {
    State total;
    memset(&total, 0, sizeof total);
    double start = now();
    for (size_t i = 0; i < page_count; i++) {
      State state;
      memset(&state, 0, sizeof state);
      parse(&pages[i], &state);
      total.counts.sections += state.counts.sections;
      total.counts.paragraphs += state.counts.paragraphs;
      total.counts.list_items += state.counts.list_items;
      total.counts.link_entries += state.counts.link_entries;
      total.counts.inline_links += state.counts.inline_links;
      total.errors += state.errors;
      total.characters += state.characters;
    }
    double elapsed = now() - start;
    if (elapsed < best) best = elapsed;
    last = total;
  }
  printf("{\"tool\": \"c-sax\", \"libxml2\": \"%s\", \"files\": %zu, \"bytes\": %zu, \"seconds\": %.6f, "
         "\"mb_per_s\": %.3f, \"parse_errors\": %ld, \"counts\": {\"sections\": %ld, \"paragraphs\": %ld, "
         "\"list_items\": %ld, \"link_entries\": %ld, \"inline_links\": %ld}}\n",
         xmlParserVersion, page_count, total_bytes, best, (double)total_bytes / 1e6 / best, last.errors,
         last.counts.sections, last.counts.paragraphs, last.counts.list_items, last.counts.link_entries,
         last.counts.inline_links);
  xmlCleanupParser();
  return 0;
}
