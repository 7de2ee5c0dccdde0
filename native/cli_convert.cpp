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
#include "shared/code_export.h"
#include "shared/curl_import.h"
#include "shared/share_link.h"

namespace wirepad::native {
namespace {

const char* kConvertUsage = R"(usage:
  wirepad import curl 'CURL COMMAND' [-o FILE]   a curl command ("-" reads it from stdin) -> experiment
  wirepad export --to FORMAT FILE                experiment -> code; FORMAT: curl, python-socket,
                                                 python-http-client, python-requests, fetch, cpp-httplib
  wirepad link FILE [--include-secrets] [--base URL]   experiment -> share link
  wirepad open LINK [-o FILE]                    share link -> experiment (prints it, never sends)
)";

int usage_error(const std::string& what) {
  std::cerr << "wirepad: " << what << "\n" << kConvertUsage;
  return 2;
}

// The input line with a caret under the error position, when it fits on one screen line.
void show_position(std::string_view input, std::int64_t offset) {
  if (offset < 0 || std::size_t(offset) > input.size()) return;
  std::size_t at = std::size_t(offset);
  std::size_t line_start = input.rfind('\n', at == 0 ? 0 : at - 1);
  line_start = (line_start == std::string_view::npos || at == 0) ? 0 : line_start + 1;
  if (input[line_start] == '\n') ++line_start;
  std::size_t line_end = input.find('\n', at);
  if (line_end == std::string_view::npos) line_end = input.size();
  std::size_t from = at > line_start + 60 ? at - 60 : line_start;
  std::size_t to = std::min(line_end, at + 60);
  std::cerr << "  " << input.substr(from, to - from) << "\n  " << std::string(at - from, ' ') << "^\n";
}

bool read_input(const std::string& path, std::string& out) {
  if (path == "-") {
    std::ostringstream s;
    s << std::cin.rdbuf();
    out = s.str();
    return true;
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    std::cerr << "wirepad: cannot read " << path << "\n";
    return false;
  }
  std::ostringstream s;
  s << in.rdbuf();
  out = s.str();
  return true;
}

// Write to a temporary file next to the target, fsync, rename: a crash leaves either the old
// file or the new one, never half of one.
bool write_atomically(const std::string& path, const std::string& text) {
  std::string tmp = path + ".tmp-" + std::to_string(::getpid());
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) {
    std::perror(("wirepad: cannot write " + path).c_str());
    return false;
  }
  std::size_t done = 0;
  while (done < text.size()) {
    ssize_t n = ::write(fd, text.data() + done, text.size() - done);
    if (n <= 0) {
      std::perror(("wirepad: cannot write " + path).c_str());
      ::close(fd);
      ::unlink(tmp.c_str());
      return false;
    }
    done += std::size_t(n);
  }
  bool ok = ::fsync(fd) == 0;
  ok = ::close(fd) == 0 && ok;
  if (!ok || std::rename(tmp.c_str(), path.c_str()) != 0) {
    std::perror(("wirepad: cannot write " + path).c_str());
    ::unlink(tmp.c_str());
    return false;
  }
  return true;
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
  if (args.done()) return usage_error("import needs a format: wirepad import curl 'curl https://...'");
  std::string format = args.next();
  if (format != "curl") return usage_error("import reads curl commands; '" + format + "' is not supported yet");
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
  while (!args.done()) {
    if (auto v = args.value("", "--to", error)) {
      to = *v;
    } else if (!error.empty()) {
      return usage_error(error);
    } else {
      std::string a = args.next();
      if (a.size() > 1 && a[0] == '-') return usage_error("unknown option '" + a + "' for export");
      if (!file.empty()) return usage_error("export takes one experiment file");
      file = a;
    }
  }
  if (to.empty()) return usage_error("export needs --to FORMAT");
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
