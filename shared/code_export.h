// wirepad core: an experiment -> a program that sends the same request: a curl command (bash
// quoting), Python with `socket` (the exact bytes Wirepad sends), `http.client`, `requests`,
// JavaScript `fetch` (Node 18+), C++ with cpp-httplib. Each generator works around its
// library's defaults so the request matches Wirepad's; what a library insists on adding is
// said in a comment in the generated code and in docs/import-export.md.
// Depends on: experiment.h, request_serializer.h, shell_words.h.
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "error.h"
#include "experiment.h"

namespace wirepad {

enum class ExportFormat { curl, python_socket, python_http_client, python_requests, js_fetch, cpp_httplib };

// "curl", "python-socket", "python-http-client", "python-requests", "fetch", "cpp-httplib".
std::string_view to_string(ExportFormat format);
std::optional<ExportFormat> export_format_from_name(std::string_view name);
const std::vector<ExportFormat>& all_export_formats();

// Errors: what serialize_request refuses (invalid_url, unsupported_scheme, invalid_request),
// and invalid_request for a body a format cannot carry (a NUL byte in a curl argument).
Result<std::string> export_code(const Experiment& experiment, ExportFormat format);

}  // namespace wirepad
