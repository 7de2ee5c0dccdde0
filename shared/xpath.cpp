// wirepad core: xpath.h. [SECTION] index: libxml2 set up once; errors collected, never
// printed; parsing a body (XML, else HTML); evaluation; values as text and number.
#include "xpath.h"

#include <libxml/HTMLparser.h>
#include <libxml/parser.h>
#include <libxml/xmlerror.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>

#include <climits>
#include <iterator>
#include <cmath>
#include <mutex>

#include "text_util.h"

namespace wirepad::xpath {

namespace {

// XPath steps one evaluation may take (libxml2's opLimit): //*//*//*... over a large body
// ends with an error instead of running for minutes. An expression over a few megabytes of
// markup takes well under a million.
constexpr unsigned long kStepLimit = 50'000'000;

Error xpath_error(const std::string& message) { return make_error(ErrorCode::invalid_experiment, message); }

// [SECTION] libxml2 set up once ------------------------------------------------------------

// Every external entity, DTD and XInclude a document names is refused, whatever the options:
// a response body must never make Wirepad read a file or open a connection (XXE).
xmlParserInputPtr refuse_external(const char*, const char*, xmlParserCtxtPtr) { return nullptr; }

void init_once() {
  static std::once_flag once;
  std::call_once(once, [] {
    xmlInitParser();  // before any thread uses libxml2 (its documented rule)
    xmlSetExternalEntityLoader(refuse_external);
  });
}

// [SECTION] errors collected, never printed ------------------------------------------------

struct Errors {
  std::string first;  // the first error, "line 3: Opening and ending tag mismatch: p and div"
  int position = -1;  // an XPath error's byte position in the expression
};

std::string trimmed(const char* message) {
  std::string s = message ? message : "";
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ' || s.back() == '\r')) s.pop_back();
  return s;
}

// libxml2 2.9's XPath errors carry a code and no message (xmlXPathErr fills the context's
// lastError without one): a sentence of ours for each code of its xmlerror.h.
const char* xpath_message(int code) {
  switch (code) {
    case XML_XPATH_NUMBER_ERROR: return "a number is malformed";
    case XML_XPATH_UNFINISHED_LITERAL_ERROR: return "a string literal is not closed (a quote is missing)";
    case XML_XPATH_START_LITERAL_ERROR: return "a string literal was expected here";
    case XML_XPATH_VARIABLE_REF_ERROR: return "a variable reference needs a name after $";
    case XML_XPATH_UNDEF_VARIABLE_ERROR: return "the variable is not defined (XPath variables are not supported; use {{name}})";
    case XML_XPATH_INVALID_PREDICATE_ERROR: return "the predicate [...] is not valid";
    case XML_XPATH_EXPR_ERROR: return "the expression is not valid here";
    case XML_XPATH_UNCLOSED_ERROR: return "a bracket or parenthesis is not closed";
    case XML_XPATH_UNKNOWN_FUNC_ERROR: return "XPath 1.0 has no function of that name";
    case XML_XPATH_INVALID_OPERAND: return "an operand has the wrong type for its operator";
    case XML_XPATH_INVALID_TYPE: return "a value has the wrong type (a node set was needed?)";
    case XML_XPATH_INVALID_ARITY: return "a function is called with the wrong number of arguments";
    case XML_XPATH_INVALID_CTXT_SIZE:
    case XML_XPATH_INVALID_CTXT_POSITION: return "the evaluation context is not valid";
    case XML_XPATH_MEMORY_ERROR: return "out of memory while evaluating";
    case XML_XPTR_SYNTAX_ERROR: return "syntax error";
    case XML_XPATH_UNDEF_PREFIX_ERROR: return "the namespace prefix is not declared";
    case XML_XPATH_ENCODING_ERROR: return "the expression is not valid UTF-8";
    case XML_XPATH_INVALID_CHAR_ERROR: return "a character is not allowed in XML";
    default: return nullptr;
  }
}

void on_error(void* data, xmlErrorPtr e) {
  auto* errors = static_cast<Errors*>(data);
  if (!errors || !e || e->level < XML_ERR_ERROR || !errors->first.empty()) return;
  std::string message = trimmed(e->message);
  if (e->domain == XML_FROM_XPATH) {
    errors->position = e->int1;
    if (message.empty())
      if (const char* ours = xpath_message(e->code)) message = ours;
    if (message.empty()) message = "libxml2 error " + std::to_string(e->code);
  } else if (e->line > 0) {
    message = "line " + std::to_string(e->line) + ": " + message;
  }
  errors->first = message.empty() ? std::string("libxml2 gave no reason") : message;
}

void ignore_generic(void*, const char*, ...) {}

// While it lives, libxml2's errors on this thread go to `errors` (its handlers are
// thread-local in a threaded build) and its generic channel prints nothing; the previous
// handlers come back after. Per parse and per evaluation.
class ErrorScope {
 public:
  explicit ErrorScope(Errors& errors)
      : structured_(xmlStructuredError), structured_context_(xmlStructuredErrorContext), generic_(xmlGenericError),
        generic_context_(xmlGenericErrorContext) {
    xmlSetStructuredErrorFunc(&errors, on_error);
    xmlSetGenericErrorFunc(nullptr, ignore_generic);
  }
  ~ErrorScope() {
    xmlSetStructuredErrorFunc(structured_context_, structured_);
    xmlSetGenericErrorFunc(generic_context_, generic_);
  }
  ErrorScope(const ErrorScope&) = delete;
  ErrorScope& operator=(const ErrorScope&) = delete;

 private:
  xmlStructuredErrorFunc structured_;
  void* structured_context_;
  xmlGenericErrorFunc generic_;
  void* generic_context_;
};

// "text/html; charset=utf-8" -> "utf-8"; "" when there is none.
std::string charset_of(std::string_view content_type) {
  const std::string lower = text::lower(content_type);
  std::size_t at = lower.find("charset=");
  if (at == std::string::npos) return {};
  std::string value = lower.substr(at + 8);
  value = value.substr(0, value.find(';'));
  std::string out;
  for (char c : value)
    if (c != '"' && c != '\'' && c != ' ' && c != '\t') out += c;
  return out;
}

bool says_html(std::string_view content_type) {
  const std::string lower = text::lower(content_type);
  return lower.find("html") != std::string::npos && lower.find("xhtml") == std::string::npos;
}

// [SECTION] values as text and number ----------------------------------------------------

std::string node_text(xmlNodePtr node) {
  xmlChar* s = xmlXPathCastNodeToString(node);
  std::string out = s ? reinterpret_cast<const char*>(s) : "";
  xmlFree(s);
  return out;
}

}  // namespace

struct Document::Doc {
  xmlDocPtr doc = nullptr;
  ~Doc() {
    if (doc) xmlFreeDoc(doc);
  }
};

std::string_view kind_name(Value::Kind kind) {
  switch (kind) {
    case Value::Kind::nodes: return "node-set";
    case Value::Kind::string: return "string";
    case Value::Kind::number: return "number";
    case Value::Kind::boolean: return "boolean";
  }
  return "?";
}

std::string to_text(const Value& v) {
  switch (v.kind) {
    case Value::Kind::nodes: return v.nodes.empty() ? std::string() : v.nodes.front();
    case Value::Kind::string: return v.string;
    case Value::Kind::boolean: return v.boolean ? "true" : "false";
    case Value::Kind::number: {
      xmlChar* s = xmlXPathCastNumberToString(v.number);
      std::string out = s ? reinterpret_cast<const char*>(s) : "";
      xmlFree(s);
      return out;
    }
  }
  return {};
}

double to_number(std::string_view text) {
  init_once();
  const std::string copy(text);
  if (copy.find('\0') != std::string::npos) return std::nan("");
  return xmlXPathCastStringToNumber(reinterpret_cast<const xmlChar*>(copy.c_str()));
}

// [SECTION] parsing a body ---------------------------------------------------------------

Result<Document> Document::parse(std::string_view body, std::string_view content_type) {
  init_once();
  std::size_t start = 0;
  while (start < body.size() && (body[start] == ' ' || body[start] == '\t' || body[start] == '\r' || body[start] == '\n'))
    ++start;
  if (start == body.size()) return xpath_error("the body is empty, not XML or HTML");
  if (body.size() > std::size_t(INT_MAX)) return xpath_error("the body is too large for the XML parser (2 GiB at most)");
  const int size = int(body.size());

  Document out;
  out.doc_ = std::make_shared<Doc>();
  std::string xml_error;
  if (!says_html(content_type)) {
    Errors errors;
    ErrorScope scope(errors);
    xmlParserCtxtPtr ctxt = xmlNewParserCtxt();
    if (!ctxt) return xpath_error("libxml2 could not allocate a parser");
    // No NOENT (entities stay references, never expanded), no DTDLOAD/DTDATTR/DTDVALID (no
    // DTD is read), NONET; libxml2's default limits (depth 256, entity amplification) stay.
    const int options = XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING;
    xmlDocPtr doc = xmlCtxtReadMemory(ctxt, body.data(), size, nullptr, nullptr, options);
    xmlFreeParserCtxt(ctxt);
    if (doc && xmlDocGetRootElement(doc)) {
      out.doc_->doc = doc;
      out.markup_ = Markup::xml;
      return out;
    }
    if (doc) xmlFreeDoc(doc);
    xml_error = errors.first.empty() ? "it has no root element" : errors.first;
  }

  Errors errors;
  ErrorScope scope(errors);
  htmlParserCtxtPtr ctxt = htmlNewParserCtxt();
  if (!ctxt) return xpath_error("libxml2 could not allocate a parser");
  // The charset the response names, else UTF-8: libxml2's HTML parser would otherwise read
  // a body without <meta charset> as ISO-8859-1.
  std::string charset = charset_of(content_type);
  if (charset.empty()) charset = "UTF-8";
  const int options = HTML_PARSE_NONET | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING;
  htmlDocPtr doc = htmlCtxtReadMemory(ctxt, body.data(), size, nullptr, charset.c_str(), options);
  htmlFreeParserCtxt(ctxt);
  if (!doc || !xmlDocGetRootElement(doc)) {
    if (doc) xmlFreeDoc(doc);
    std::string why = !errors.first.empty() ? errors.first : !xml_error.empty() ? xml_error : "no element in it";
    return xpath_error("the body is neither XML nor HTML: " + why);
  }
  out.doc_->doc = doc;
  out.markup_ = Markup::html;
  if (!xml_error.empty()) out.note_ = "read as HTML: it is not well-formed XML (" + xml_error + ")";
  return out;
}

// [SECTION] evaluation -------------------------------------------------------------------

namespace {

// Compiles and evaluates `expression` against `doc`; the error names the expression.
Result<Value> run(xmlDocPtr doc, std::string_view expression) {
  const std::string text(expression);
  if (text.find('\0') != std::string::npos) return xpath_error("invalid XPath: the expression holds a NUL byte");
  if (text.empty()) return xpath_error("invalid XPath: the expression is empty");
  Errors errors;
  ErrorScope scope(errors);
  xmlXPathContextPtr ctx = xmlXPathNewContext(doc);
  if (!ctx) return xpath_error("libxml2 could not allocate an XPath context");
  ctx->error = on_error;  // this evaluation's own handler (xmlXPathErr calls it)
  ctx->userData = &errors;
  ctx->opLimit = kStepLimit;
  ctx->opCount = 0;
  auto failed = [&](const char* what) {
    std::string why = errors.first.empty() ? std::string(what) : errors.first;
    std::string at = errors.position >= 0 ? " at position " + std::to_string(errors.position) : "";
    // No prefix is registered: the documents are read as they are, namespaces and all.
    std::string hint = why == xpath_message(XML_XPATH_UNDEF_PREFIX_ERROR)
                           ? " (no prefixes are declared: select by local name, //*[local-name()='p'])"
                           : "";
    return xpath_error("invalid XPath " + text + ": " + why + at + hint);
  };
  xmlXPathCompExprPtr compiled = xmlXPathCtxtCompile(ctx, reinterpret_cast<const xmlChar*>(text.c_str()));
  if (!compiled) {
    Error e = failed("it does not compile");
    xmlXPathFreeContext(ctx);
    return e;
  }
  xmlXPathObjectPtr obj = xmlXPathCompiledEval(compiled, ctx);
  xmlXPathFreeCompExpr(compiled);
  if (!obj) {
    Error e = failed("it could not be evaluated");
    if (errors.first == "Operation limit exceeded")
      e = xpath_error("XPath " + text + " took more than " + std::to_string(kStepLimit) + " steps over the body: narrow it");
    xmlXPathFreeContext(ctx);
    return e;
  }
  Value v;
  switch (obj->type) {
    case XPATH_NODESET:
    case XPATH_XSLT_TREE:
      v.kind = Value::Kind::nodes;
      if (obj->nodesetval)
        for (int i = 0; i < obj->nodesetval->nodeNr; ++i) v.nodes.push_back(node_text(obj->nodesetval->nodeTab[i]));
      break;
    case XPATH_STRING:
      v.kind = Value::Kind::string;
      v.string = obj->stringval ? reinterpret_cast<const char*>(obj->stringval) : "";
      break;
    case XPATH_NUMBER:
      v.kind = Value::Kind::number;
      v.number = obj->floatval;
      break;
    case XPATH_BOOLEAN:
      v.kind = Value::Kind::boolean;
      v.boolean = obj->boolval != 0;
      break;
    default:
      xmlXPathFreeObject(obj);
      xmlXPathFreeContext(ctx);
      return xpath_error("XPath " + text + " gave a value that is not a node set, string, number or boolean");
  }
  xmlXPathFreeObject(obj);
  xmlXPathFreeContext(ctx);
  return v;
}

}  // namespace

Result<Value> Document::evaluate(std::string_view expression) const {
  if (!doc_ || !doc_->doc) return xpath_error("there is no document to evaluate XPath " + std::string(expression) + " against");
  return run(doc_->doc, expression);
}

Error check(std::string_view expression) {
  init_once();
  // Evaluated against a one-element document: libxml2 finds an unknown function, a wrong
  // number of arguments or an undeclared prefix only when it evaluates.
  xmlDocPtr doc = xmlNewDoc(reinterpret_cast<const xmlChar*>("1.0"));
  if (!doc) return xpath_error("libxml2 could not allocate a document");
  xmlDocSetRootElement(doc, xmlNewDocNode(doc, nullptr, reinterpret_cast<const xmlChar*>("r"), nullptr));
  Result<Value> v = run(doc, expression);
  xmlFreeDoc(doc);
  if (!v) return v.error();
  return {};
}

}  // namespace wirepad::xpath
