#ifndef LOCKSTEP_CLIBXML2_SHIM_H
#define LOCKSTEP_CLIBXML2_SHIM_H

// libxml2's headers pull in the system ICU when LIBXML_ICU_ENABLED is set, and that ICU clashes
// with the toolchain's own copy ("'UErrorCode' has different definitions in different modules").
// Include the version header first and switch ICU off before anything else sees it.
#include <libxml/xmlversion.h>
#undef LIBXML_ICU_ENABLED

#include <libxml/HTMLparser.h>
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlmemory.h>
#include <libxml/tree.h>

/// `xmlFree` is a global function-pointer variable, which Swift 6 rejects as not concurrency-safe.
static inline void lockstep_xml_free(void *pointer) { xmlFree(pointer); }

/// The current line of the parser's input, or 0 when there is none.
static inline int lockstep_ctxt_line(xmlParserCtxtPtr ctxt) {
  if (ctxt == NULL || ctxt->input == NULL) return 0;
  return ctxt->input->line;
}

/// The current column of the parser's input, or 0 when there is none.
static inline int lockstep_ctxt_column(xmlParserCtxtPtr ctxt) {
  if (ctxt == NULL || ctxt->input == NULL) return 0;
  return ctxt->input->col;
}

#endif
