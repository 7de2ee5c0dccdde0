// native: import, export, link and open subcommands (see cli_convert.h). The conversions
// are in shared/ (curl_import, code_export, share_link); this file reads and writes files.
#include "native/cli_convert.h"

#include <fcntl.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>

#include "native/cli_args.h"
#include "native/cli_import_files.h"
#include "native/convert_io.h"
#include "shared/code_export.h"
#include "shared/curl_import.h"
#include "shared/share_link.h"

namespace wirepad::native {
namespace {

const char* kConvertUsage = R"(usage:
  wirepad import curl 'CURL COMMAND' [-o FILE]   a curl command ("-" reads it from stdin) -> experiment
  wirepad import FILE [--from FORMAT] [-o PATH]  HAR, .http/.rest, Postman v2.1, curl command or
                                                 experiment -> experiment(s); FORMAT: har, http,
                                                 postman, curl, experiment (default: detected);
                                                 several requests need -o DIR (one file each)
  wirepad export --to FORMAT FILE...             experiment(s) -> code; FORMAT: curl, python-socket,
                                                 python-http-client, python-requests, fetch, cpp-httplib
                                                 (one file), har, http (several files; har --send
                                                 sends them and records the responses)
  wirepad link FILE [--include-secrets] [--base URL]   experiment -> share link
  wirepad open LINK [-o FILE]                    share link -> experiment (prints it, never sends)
)";

int usage_error(const std::string& what) {
  std::cerr << "wirepad: " << what << "\n" << kConvertUsage;
  return 2;
}

int emit(const std::string& text, const std::string& output) {
  if (output.empty() || output == "-") {
    std::cout << text;
    std::cout.flush();
    return 0;
  }
  return write_atomically(output, text) ? 0 : 1;
}

int load_experiment(const std::string& path, Experiment& out) {
  std::string text;
  if (!read_input(path, text)) return 1;
  Result<Experiment> e = parse_experiment(text);
  if (!e) {
    std::cerr << "wirepad: " << path << ": " << e.error().message << "\n";
    return 2;
  }
  out = std::move(e.value());
  return 0;
}

int cmd_import(Args& args) {
  if (args.done()) return usage_error("import needs a file or a curl command: wirepad import FILE, wirepad import curl 'curl https://...'");
  if (args.peek() != "curl") return import_files(args);  // cli_import_files.cpp
  std::string format = args.next();
  std::string command, output, error;
  bool have_command = false;
  while (!args.done()) {
    if (auto v = args.value("-o", "--output", error)) {
      output = *v;
    } else if (!error.empty()) {
      return usage_error(error);
    } else {
      std::string a = args.next();
      if (have_command) return usage_error("import curl takes the whole command as one argument; quote it");
      command = a;
      have_command = true;
    }
  }
  if (!have_command) return usage_error("import curl needs the command, e.g. wirepad import curl 'curl http://127.0.0.1:8080/'");
  if (command == "-" && !read_input("-", command)) return 1;
  Result<CurlImport> imported = import_curl(command);
  if (!imported) {
    std::cerr << "wirepad: cannot import this curl command: " << imported.error().message << "\n";
    show_position(command, imported.error().offset);
    return 2;
  }
  for (const ImportNote& note : imported->ignored) {
    std::cerr << "wirepad: ignored " << note.what << ": " << note.sentence << "\n";
  }
  return emit(serialize_experiment(imported->experiment), output);
}

int cmd_export(Args& args) {
  std::string to, file, error;
  std::vector<std::string> rest;
  bool send = false;
  while (!args.done()) {
    if (auto v = args.value("", "--to", error)) {
      to = *v;
    } else if (args.flag("", "--send")) {
      send = true;
    } else if (!error.empty()) {
      return usage_error(error);
    } else {
      std::string a = args.next();
      if (a.size() > 1 && a[0] == '-') return usage_error("unknown option '" + a + "' for export");
      rest.push_back(a);
      if (!file.empty() && to != "har" && to != "http") return usage_error("export --to " + to + " takes one experiment file");
      file = a;
    }
  }
  if (to.empty()) return usage_error("export needs --to FORMAT");
  if (to == "har" || to == "http") return export_files(to, rest, send);  // cli_import_files.cpp
  if (send) return usage_error("--send goes with --to har");
  std::optional<ExportFormat> format = export_format_from_name(to);
  if (!format) return usage_error("unknown export format '" + to + "'");
  if (file.empty()) return usage_error("export needs an experiment file");
  Experiment experiment;
  if (int rc = load_experiment(file, experiment)) return rc;
  Result<std::string> code = export_code(experiment, *format);
  if (!code) {
    std::cerr << "wirepad: cannot export " << file << " as " << to << ": " << code.error().message << "\n";
    return 2;
  }
  return emit(code.value(), "");
}

int cmd_link(Args& args) {
  std::string file, base = "http://127.0.0.1:7070/", error;
  ShareLinkOptions options;
  while (!args.done()) {
    if (args.flag("", "--include-secrets")) {
      options.include_secrets = true;
    } else if (auto v = args.value("", "--base", error)) {
      base = *v;
    } else if (!error.empty()) {
      return usage_error(error);
    } else {
      std::string a = args.next();
      if (a.size() > 1 && a[0] == '-') return usage_error("unknown option '" + a + "' for link");
      if (!file.empty()) return usage_error("link takes one experiment file");
      file = a;
    }
  }
  if (file.empty()) return usage_error("link needs an experiment file");
  Experiment experiment;
  if (int rc = load_experiment(file, experiment)) return rc;
  ShareLink link = make_share_link(experiment, options);
  std::string url = share_link_url(base, link);
  for (const std::string& what : link.left_out) {
    std::cerr << "wirepad: left out " << what << " (add --include-secrets to keep it)\n";
  }
  std::cerr << "wirepad: link of " << url.size() << " characters for " << experiment.request.method << " "
            << experiment.request.url << "\n";
  std::cout << url << "\n";
  return 0;
}

int cmd_open(Args& args) {
  std::string link, output, error;
  while (!args.done()) {
    if (auto v = args.value("-o", "--output", error)) {
      output = *v;
    } else if (!error.empty()) {
      return usage_error(error);
    } else {
      std::string a = args.next();
      if (!link.empty()) return usage_error("open takes one link");
      link = a;
    }
  }
  if (link.empty()) return usage_error("open needs a share link (…#x=…)");
  Result<Experiment> experiment = open_share_link(link);
  if (!experiment) {
    std::cerr << "wirepad: cannot open this link: " << experiment.error().message << "\n";
    if (experiment.error().code == ErrorCode::invalid_experiment && experiment.error().offset >= 0 &&
        experiment.error().message.rfind("The experiment in", 0) != 0) {
      show_position(link, experiment.error().offset);
    }
    return 2;
  }
  // Never sent: the person sees where it would go first.
  std::cerr << "wirepad: this link holds " << experiment->request.method << " " << experiment->request.url
            << " (not sent; save it with -o FILE and run it with 'wirepad run FILE')\n";
  return emit(serialize_experiment(experiment.value()), output);
}

}  // namespace

int run_convert_command(int argc, char** argv) {
  std::string command = argc > 1 ? argv[1] : "";
  Args args(argc, argv, 2);
  if (command == "import") return cmd_import(args);
  if (command == "export") return cmd_export(args);
  if (command == "link") return cmd_link(args);
  if (command == "open") return cmd_open(args);
  return usage_error("unknown command '" + command + "'");
}

}  // namespace wirepad::native
