// native: cli_test_run.h. [SECTION] index: usage; gathering the items (files, folders,
// collection files); the environment (environments.json found upward from the paths); one
// send (resolve, hops with redirects and a cookie jar); the command.
#include "native/cli_test_run.h"
#include "native/cli_socket.h"
#include "native/cli_ws.h"

#include <chrono>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <optional>
#include <nlohmann/json.hpp>
#include <sstream>
#include <thread>

#include "native/blocking_client.h"
#include "native/bruno_folder.h"
#include "native/cli_args.h"
#include "native/cli_auth.h"
#include "native/cli_proxy.h"
#include "shared/auth_flow.h"
#include "shared/cookie_jar.h"
#include "shared/data_rows.h"
#include "shared/import_any.h"
#include "shared/import_text.h"
#include "shared/json_input.h"
#include "shared/redirects.h"
#include "shared/request_resolve.h"
#include "shared/share_content.h"
#include "shared/test_report.h"
#include "shared/test_run.h"
#include "ui/workspace.h"

namespace wirepad::native {
namespace {

namespace fs = std::filesystem;

// [SECTION] usage ---------------------------------------------------------------------------

const char* kUsage = R"(usage:
  wirepad test PATH... [--env NAME] [--data FILE] [--bail] [--reporter junit|tap|json|html] [--out FILE]
      PATH: an experiment file, a folder of them (run in name order, sub-folders included),
      a collection file, or another tool's file with its checks: a Hurl file (.hurl), a .http
      file (httpyac's ?? lines), a Postman collection, a Bruno request (.bru) or a Bruno
      collection folder (with bruno.json); --env NAME takes the variables of that environment (one of a
      Bruno collection's, else from the environments.json beside the files or above them); --data FILE runs every
      request once per row of a CSV or JSON file; --bail stops at the first failure.
      The report goes to --out FILE (a summary still on stdout) or to stdout.
      Exit 0 all passed, 1 an assertion failed or a request got no response, 2 bad input.
)";

int usage_error(const std::string& what) {
  std::cerr << "wirepad: " << what << "\n" << kUsage;
  return 2;
}

bool slurp(const fs::path& path, std::string& out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  std::ostringstream s;
  s << in.rdbuf();
  out = s.str();
  return !in.bad();
}

// [SECTION] gathering the items ------------------------------------------------------------

struct Gathered {
  std::vector<RunItem> items;
  std::vector<fs::path> folders;  // each item's folder, for the files its body reads
  // What imported files bring: a Hurl file's `variable:` options, a Bruno collection's
  // environments (--env NAME picks one of them before environments.json is looked for).
  Environment imported_variables;
  std::vector<Environment> imported_environments;
};

// The other tools' files (docs/import-export.md) run as they import: each request of the
// batch is an item, and what the import left out is said on stderr before anything is sent.
void add_batch(ImportBatch& batch, const std::string& shown, const fs::path& folder, Gathered& out) {
  for (const ImportNote& n : batch.not_imported)
    std::cerr << "wirepad: not imported (" << shown << ") " << n.what << ": " << n.sentence << "\n";
  for (ImportedRequest& r : batch.requests) {
    for (const ImportNote& n : r.not_imported)
      std::cerr << "wirepad: not imported (" << shown << ", " << r.source << ") " << n.what << ": " << n.sentence << "\n";
    // Bruno's requests live in sub-folders; their files are read from there.
    fs::path item_folder = r.folder.empty() ? folder : folder / r.folder;
    out.items.push_back({shown + ":" + r.source, std::move(r.experiment)});
    out.folders.push_back(item_folder);
  }
  for (const Variable& v : batch.environment.variables) {
    if (!out.imported_variables.find(v.name)) out.imported_variables.variables.push_back(v);
  }
  for (Environment& e : batch.named_environments) out.imported_environments.push_back(std::move(e));
}

// Returns an error message (the command exits 2 with it), or "" when the path was added.
std::string gather(const std::string& arg, Gathered& out) {
  std::error_code ec;
  auto add_file = [&](const fs::path& file, const std::string& shown) -> std::string {
    std::string text;
    if (!slurp(file, text)) return "cannot read " + shown;
    // Other tools' files (Hurl, a .bru request, .http with httpyac's ?? lines, a Postman
    // collection), imported as they are read.
    const std::string ext = file.extension().string();
    std::optional<ImportFormat> foreign;
    if (ext == ".hurl") foreign = ImportFormat::hurl;
    else if (ext == ".bru") foreign = ImportFormat::bruno;
    else if (ext == ".http" || ext == ".rest") foreign = ImportFormat::http_file;
    else if (detect_import_format(text, shown) == ImportFormat::postman) foreign = ImportFormat::postman;
    if (foreign) {
      Result<std::string> utf8 = text_as_utf8(text, shown);
      if (!utf8) return utf8.error().message;
      Result<ImportBatch> batch = import_as(*foreign, *utf8);
      if (!batch) return shown + ": " + batch.error().message;
      if (batch->requests.empty()) return shown + " holds no request";
      add_batch(batch.value(), shown, file.parent_path(), out);
      return {};
    }
    // A collection file (wirepad collection export) holds many experiments in order.
    const auto root = json_input::parse_whole<nlohmann::json>(text);
    if (root.is_object() && root.contains("wirepad_collection")) {
      Result<std::vector<CollectionItem>> items = parse_collection(text);
      if (!items) return shown + ": " + items.error().message;
      for (CollectionItem& item : items.value()) {
        out.items.push_back({shown + ":" + item.path, std::move(item.experiment)});
        out.folders.push_back(file.parent_path());
      }
      return {};
    }
    Result<Experiment> e = parse_experiment(text);
    if (!e) return shown + ": " + e.error().message;
    out.items.push_back({shown, std::move(e).value()});
    out.folders.push_back(file.parent_path());
    return {};
  };
  if (is_bruno_folder(arg)) {
    Result<ImportBatch> batch = import_bruno_folder(arg);
    if (!batch) return arg + ": " + batch.error().message;
    if (batch->requests.empty()) return "the Bruno collection " + arg + " holds no request";
    add_batch(batch.value(), fs::path(arg).lexically_normal().generic_string(), arg, out);
    return {};
  }
  if (fs::is_directory(arg, ec)) {
    std::vector<std::string> paths;
    for (auto it = fs::recursive_directory_iterator(arg, ec); !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
      if (it->is_directory() && it->path().filename().string()[0] == '.') {
        it.disable_recursion_pending();  // .git, .wirepad (history)
        continue;
      }
      std::string relative = fs::relative(it->path(), arg, ec).generic_string();
      if (it->is_regular_file() && ui::is_experiment_path(relative)) paths.push_back(relative);
    }
    if (ec) return "cannot list the folder " + arg + ": " + ec.message();
    std::sort(paths.begin(), paths.end());
    if (paths.empty()) return "the folder " + arg + " holds no experiment files";
    for (const std::string& p : paths) {
      std::string shown = (fs::path(arg) / p).lexically_normal().generic_string();
      if (std::string problem = add_file(fs::path(arg) / p, shown); !problem.empty()) return problem;
    }
    return {};
  }
  if (!fs::exists(arg, ec)) return "no such file or folder: " + arg;
  return add_file(arg, arg);
}

// [SECTION] the environment ----------------------------------------------------------------

// environments.json (and its secrets file) in the folder of the first path or a folder above
// it, else in the current folder: where the workspace keeps them (docs/workspace.md).
std::string find_environment(const std::string& name, const std::string& first_path, Environment& out) {
  std::error_code ec;
  fs::path start = fs::absolute(first_path, ec);
  if (!fs::is_directory(start, ec)) start = start.parent_path();
  std::vector<fs::path> candidates;
  for (fs::path p = start; !p.empty(); p = p.parent_path()) {
    candidates.push_back(p);
    if (p == p.parent_path()) break;
  }
  candidates.push_back(fs::current_path(ec));
  for (const fs::path& folder : candidates) {
    fs::path file = folder / ui::kEnvironmentsFile;
    if (!fs::is_regular_file(file, ec)) continue;
    std::string public_json, secrets_json;
    if (!slurp(file, public_json)) return "cannot read " + file.string();
    slurp(folder / ui::kSecretsFile, secrets_json);  // may be missing: no secret values yet
    Result<Environments> envs = parse_environments(public_json, secrets_json);
    if (!envs) return file.string() + ": " + envs.error().message;
    const Environment* found = envs->find(name);
    if (!found) {
      std::string names;
      for (const Environment& e : envs->environments) names += (names.empty() ? "" : ", ") + e.name;
      return "no environment named '" + name + "' in " + file.string() + " (it has " + (names.empty() ? "none" : names) + ")";
    }
    out = *found;
    return {};
  }
  return "--env " + name + ": no " + std::string(ui::kEnvironmentsFile) + " beside " + first_path +
         ", in a folder above it or in the current folder";
}

// [SECTION] one conversation -----------------------------------------------------------------

// A socket or WebSocket experiment, its {{variables}} filled from the run's: its steps are
// its checks (TestRun::conversed).
void converse_item(TestRun& run, const Experiment& experiment) {
  Result<Experiment> filled = resolve_experiment(experiment, &run.variables());
  if (!filled) return run.not_sent(filled.error().message);
  const ExchangeOptions& o = filled->options;
  if (filled->kind == ExperimentKind::socket) {
    Result<SocketLog> log = converse_socket(filled->socket, o);
    if (!log) return run.not_sent(log.error().message);
    return run.conversed(log.value());
  }
  Result<WsLog> log = converse_ws(ws_session_options(filled->websocket, o), ws_steps_to_run(filled->websocket),
                                  o.total_timeout > 0 ? o.total_timeout : 86400);
  if (!log) return run.not_sent(log.error().message);
  run.conversed(log.value());
}

// [SECTION] one send -------------------------------------------------------------------------


// One exchange of the request (a hop, a Digest probe), with the iteration's cookies.
ExchangeLog perform_with_jar(const HttpRequest& request, const ExchangeOptions& options, BlockingHttpClient& client,
                             CookieJar& jar, Error& not_made) {
  const auto now = static_cast<UnixTime>(std::time(nullptr));
  Result<Url> url = parse_url(request.url);
  auto exchange = HttpExchange::create(jar.with_cookies(request, now), options);
  if (!exchange) {
    not_made = exchange.error();
    return {};
  }
  ExchangeLog log = client.perform(std::move(exchange).value());
  if (url && log.has_response_head) jar.store_from_response(log.response.headers, *url, now);
  return log;
}

// The request from `first` on, following redirects as its options say: each hop's log.
Result<std::vector<ExchangeLog>> send_following(const HttpRequest& first, const ExchangeOptions& options,
                                                BlockingHttpClient& client, CookieJar& jar) {
  std::vector<ExchangeLog> hops;
  RedirectChain chain(options.max_redirects);
  HttpRequest current = first;
  for (;;) {
    Error not_made;
    ExchangeLog log = perform_with_jar(current, options, client, jar, not_made);
    if (not_made) {
      if (hops.empty()) return make_error(ErrorCode::invalid_request, not_made.message);
      hops.back().phase = Phase::failed;  // a redirect to somewhere that cannot be asked
      hops.back().error = not_made;
      break;
    }
    hops.push_back(std::move(log));
    ExchangeLog& last = hops.back();
    if (!options.follow_redirects || last.phase != Phase::done) break;
    RedirectDecision next = chain.next(current, last);
    if (next.verdict == RedirectVerdict::stop) {
      // Too many redirects, a loop, a bad Location: the 3xx stays the final response, and the
      // run reports the reason as its error.
      last.phase = Phase::failed;
      last.error = next.error;
      break;
    }
    if (next.verdict != RedirectVerdict::follow) break;
    current = std::move(next.next);
  }
  return hops;
}

// "Digest: answering the challenge ...: 200 OK" for the report.
std::string round_sentence(const AuthStep& step, const ExchangeLog& log) {
  std::string outcome = log.has_response_head ? std::to_string(log.response.status) +
                                                    (log.response.reason.empty() ? "" : " " + log.response.reason)
                                              : std::string(to_string(log.error.code));
  return step.label + ": " + outcome;
}

// The auth round trips the request needs (shared/auth_flow.h) before it goes: Digest's
// challenge, SigV4's signature, an OAuth 2.0 token (client credentials or a refresh; kept in
// the run for the requests after it). Returns the request's own hops. A run cannot open a
// browser: the authorization code grant needs a token fetched before (wirepad run, the app).
Result<std::vector<ExchangeLog>> send_with_auth(TestRun& run, const RunItem& item, const ResolvedRequest& resolved,
                                                const std::string& refresh_token, const ExchangeOptions& options,
                                                BlockingHttpClient& client, CookieJar& jar) {
  auto not_sent = [](const std::string& why) { return make_error(ErrorCode::invalid_request, why); };
  const auto now = static_cast<std::int64_t>(std::time(nullptr));
  AuthFlowInputs inputs;
  inputs.unix_time = now;
  inputs.cnonce = random_hex(16);
  inputs.refresh_token = refresh_token;
  // The authorization code grant is refused at its authorize step (no browser in a run); a
  // refresh before it needs nothing more.
  inputs.code_verifier = random_hex(32);
  inputs.state = random_hex(16);
  AuthFlow flow(resolved, inputs);
  AuthStep step = flow.start();
  std::optional<ExchangeLog> last;  // the last round's response: the request's when the flow ends there
  AuthRound last_round = AuthRound::request;
  for (;;) {
    switch (step.kind) {
      case AuthStep::Kind::authorize:
        return not_sent("its OAuth 2.0 authorization code grant needs a person to sign in at a browser, which a test "
                        "run cannot do: fetch the token first (wirepad run FILE --env NAME, or the app's Get new access "
                        "token), and the run uses the one kept in the environment");
      case AuthStep::Kind::failed:
        // A token refused: the request was not sent. Digest's probe refused outright: its 401
        // is the answer.
        if (!last || last_round == AuthRound::token) return not_sent(step.error.message);
        run.auth_round(step.error.message);
        return std::vector<ExchangeLog>{std::move(*last)};
      case AuthStep::Kind::done:
        if (!last) return not_sent("the auth flow ended before anything was sent");
        return std::vector<ExchangeLog>{std::move(*last)};  // the probe's answer was the request's
      case AuthStep::Kind::send: break;
    }
    if (step.round == AuthRound::request) {
      for (const std::string& note : flow.notes()) run.auth_round(note);
      Result<std::vector<ExchangeLog>> hops = send_following(step.request, options, client, jar);
      if (!hops || hops->empty() || hops->back().phase != Phase::done) return hops;
      // The flow sees the answer too: credentials refused (said, the 401 stays the request's
      // response), or a Digest nonce gone stale (answered once more).
      AuthStep after = flow.after_response(hops->back());
      if (after.kind == AuthStep::Kind::failed) run.auth_round(after.error.message);
      if (after.kind != AuthStep::Kind::send) return hops;
      run.auth_round(round_sentence(step, hops->back()));
      step = std::move(after);
      continue;
    }
    ExchangeOptions round_options = options;
    round_options.follow_redirects = false;
    Error not_made;
    CookieJar token_endpoint_jar;  // the token endpoint is not the API: none of its cookies
    ExchangeLog log = perform_with_jar(step.request, round_options, client,
                                       step.round == AuthRound::token ? token_endpoint_jar : jar, not_made);
    if (not_made) return not_sent(step.label + ": " + not_made.message);
    if (log.phase != Phase::done)
      return not_sent(step.label + ": " + std::string(to_string(log.error.code)) + ": " + log.error.message);
    run.auth_round(round_sentence(step, log));
    last_round = step.round;
    step = flow.after_response(log);
    if (const auto& token = flow.fetched_token(); token && step.kind == AuthStep::Kind::send)
      run.keep_token(item.experiment.request, *token, now);
    last = std::move(log);
  }
}

// Resolves the item with the run's variables and sends it, with the round trips its auth needs,
// following redirects as its options say, with the iteration's cookie jar. Returns the hops, or
// an error message when it could not be sent.
Result<std::vector<ExchangeLog>> send_item(TestRun& run, const RunItem& item, const fs::path& folder,
                                           BlockingHttpClient& client, CookieJar& jar) {
  auto not_sent = [](const std::string& why) { return make_error(ErrorCode::invalid_request, why); };
  const Experiment& e = item.experiment;
  std::map<std::string, std::string> files;
  for (const std::string& name : files_to_read(e.request)) {
    fs::path file(name);
    if (file.is_relative()) file = folder / file;
    std::string bytes;
    if (!slurp(file, bytes)) return not_sent("cannot read the file '" + name + "' (" + file.string() + ")");
    files[name] = std::move(bytes);
  }
  ResolveOptions options;
  options.environment = &run.variables();
  options.files = &files;
  std::string refresh_token;
  const RequestSpec spec = run.with_token(e.request, static_cast<std::int64_t>(std::time(nullptr)), &refresh_token);
  Result<ResolvedRequest> resolved = resolve_request_spec(spec, options);
  if (!resolved) return not_sent(resolved.error().message);

  ExchangeOptions exchange_options = e.options;
  exchange_options.proxy = proxy_settings_for(e.request.proxy, exchange_options.proxy);
  exchange_options.proxy_environment = process_proxy_environment();
  if (resolved->pending != PendingAuth::none)
    return send_with_auth(run, item, resolved.value(), refresh_token, exchange_options, client, jar);
  return send_following(resolved->request, exchange_options, client, jar);
}

std::string iso8601_now() {
  std::time_t t = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

}  // namespace

// [SECTION] the command -----------------------------------------------------------------------

int run_test_command(int argc, char** argv) {
  Args args(argc, argv, 2);
  std::vector<std::string> paths;
  std::string env_name, data_file, reporter = "text", out_file, error;
  bool bail = false;
  while (!args.done()) {
    if (args.peek() == "-h" || args.peek() == "--help") {
      std::cout << kUsage;
      return 0;
    }
    if (auto v = args.value("", "--env", error)) env_name = *v;
    else if (auto d = args.value("", "--data", error)) data_file = *d;
    else if (auto r = args.value("", "--reporter", error)) reporter = *r;
    else if (auto o = args.value("-o", "--out", error)) out_file = *o;
    else if (!error.empty()) return usage_error(error);
    else if (args.flag("", "--bail")) bail = true;
    else {
      std::string a = args.next();
      if (a.size() > 1 && a[0] == '-') return usage_error("unknown option '" + a + "' for test");
      paths.push_back(a);
    }
  }
  if (!error.empty()) return usage_error(error);
  if (paths.empty()) return usage_error("test needs experiment files or folders");
  if (reporter != "text" && reporter != "junit" && reporter != "tap" && reporter != "json" && reporter != "html")
    return usage_error("--reporter takes junit, tap, json or html, not '" + reporter + "'");

  Gathered gathered;
  for (const std::string& p : paths) {
    if (std::string problem = gather(p, gathered); !problem.empty()) {
      std::cerr << "wirepad: " << problem << "\n";
      return 2;
    }
  }
  Environment environment;
  const Environment* imported = nullptr;
  for (const Environment& e : gathered.imported_environments)
    if (e.name == env_name) imported = &e;
  if (imported) {
    environment = *imported;
  } else if (!env_name.empty()) {
    if (std::string problem = find_environment(env_name, paths[0], environment); !problem.empty()) {
      std::cerr << "wirepad: " << problem << "\n";
      return 2;
    }
  }
  // A Hurl file's variables fill what the environment does not set.
  for (const Variable& v : gathered.imported_variables.variables)
    if (!environment.find(v.name)) environment.variables.push_back(v);
  std::vector<DataRow> rows;
  if (!data_file.empty()) {
    std::string text;
    if (!slurp(data_file, text)) {
      std::cerr << "wirepad: cannot read the data file " << data_file << "\n";
      return 2;
    }
    Result<DataSet> set = parse_data_rows(text, data_file);
    if (!set) {
      std::cerr << "wirepad: " << set.error().message << "\n";
      return 2;
    }
    if (set->rows.empty()) {
      std::cerr << "wirepad: " << data_file << " has no rows: nothing would run\n";
      return 2;
    }
    rows = std::move(set->rows);
  }
  std::map<std::string, fs::path> folders;  // item path -> the folder its body files are read from
  for (std::size_t i = 0; i < gathered.items.size(); ++i) folders[gathered.items[i].path] = gathered.folders[i];
  const std::string started = iso8601_now();
  TestRun run(std::move(gathered.items), environment, std::move(rows), TestRunOptions{bail});
  run.report().title = paths.size() == 1 ? paths[0] : paths[0] + " and " + std::to_string(paths.size() - 1) + " more";
  run.report().data_source = data_file;

  BlockingHttpClient client;  // requests to the same origin reuse a kept-alive connection
  CookieJar jar;
  int iteration = -1;
  for (TestRun::Step step = run.next(); step.kind == TestRun::Step::Kind::send; step = run.next()) {
    if (step.iteration != iteration) {
      iteration = step.iteration;
      jar = CookieJar();  // each iteration is a fresh session, as its variables are
    }
    if (step.delay_ms > 0) std::this_thread::sleep_for(std::chrono::milliseconds(step.delay_ms));
    if (step.item->experiment.kind != ExperimentKind::http) {
      converse_item(run, step.item->experiment);
      continue;
    }
    Result<std::vector<ExchangeLog>> hops = send_item(run, *step.item, folders[step.item->path], client, jar);
    if (!hops) run.not_sent(hops.error().message);
    else run.sent(hops.value());
  }

  const RunReport& report = run.report();
  std::string text = reporter == "junit" ? report_junit(report, started)
                     : reporter == "tap"  ? report_tap(report)
                     : reporter == "json" ? report_json(report)
                     : reporter == "html" ? report_html(report, started)
                                          : report_text(report);
  if (!out_file.empty()) {
    std::ofstream out(out_file, std::ios::binary | std::ios::trunc);
    out << text;
    out.close();
    if (!out) {
      std::cerr << "wirepad: cannot write the report to " << out_file << "\n";
      return 2;
    }
    if (reporter != "text") std::cout << report_text(report);
  } else {
    std::cout << text;
  }
  std::cout.flush();
  return report.all_passed() ? 0 : 1;
}

}  // namespace wirepad::native
