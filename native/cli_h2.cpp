// native: `wirepad send -v` for HTTP/2 (cli_h2.h).
#include "native/cli_h2.h"

#include <cstdio>

namespace wirepad::native {

void print_h2_frames(std::ostream& out, const Http2Log& log) {
  out << "* HTTP/2 (" << log.how << ")";
  if (log.stream > 0) out << ", request on stream " << log.stream;  // 0: a connection several requests shared
  out << ", " << log.frames.size() << (log.frames.size() == 1 ? " frame:\n" : " frames:\n");
  for (const H2Frame& f : log.frames) {
    char at[32];
    std::snprintf(at, sizeof at, "%9.3f ms", f.at * 1000);
    out << "* " << at << (f.sent ? " send " : " recv ") << h2_frame_type_name(f.type) << " <length=" << f.length;
    std::string flags = h2_flags_text(f.type, f.flags);
    out << ", flags=" << (flags.empty() ? "none" : flags) << ", stream=" << f.stream << ">";
    if (!f.summary.empty()) out << " " << f.summary;
    if (!f.complete) out << " (incomplete: the connection ended inside it)";
    out << "\n";
    if (!f.fields.empty()) {
      out << "*              " << f.fields.size() << (f.fields.size() == 1 ? " field" : " fields") << " in "
          << f.block_bytes << " bytes of HPACK:\n";
      for (const Header& h : f.fields) out << "*              " << (f.sent ? "> " : "< ") << h.name << ": " << h.value << "\n";
    }
  }
}

}  // namespace wirepad::native
