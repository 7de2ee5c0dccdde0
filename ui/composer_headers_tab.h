// ui: the composer's Headers tab: the user's header rows (enabled, name, value), and under
// them, greyed and read-only, the headers Wirepad adds when sending (Host, User-Agent,
// Accept, Content-Type from the body kind, Content-Length, Authorization or an API key from
// the auth), with their values as they will go out (shared headers_added_when_sent). That
// list is computed again only when the request changes (a fingerprint of its fields), so a
// large body is not encoded every frame. No I/O: file parts count as empty in the preview.
// Depends on: ui/app.h, shared/request_resolve.h, Dear ImGui (in the .cpp).
#pragma once
#include <cstdint>
#include <vector>

#include "ui/app.h"

namespace wirepad::ui {

// A 64-bit fingerprint of everything the sent headers depend on: the request's fields (a
// body over 64 KiB by its size, its ends and the composer's edit count, not every byte) and
// the environment's variables.
std::uint64_t request_fingerprint(const TabState& state, const Environment* environment);
// The added headers for the tab, from the cache when the fingerprint is unchanged.
const std::vector<AddedHeader>& added_headers(TabState& state, const Environment* environment);
// Rows for the tab's label ("Headers (3)"): the user's enabled rows.
int headers_tab_count(const TabState& state);
void draw_headers_tab(AppState& state);

}  // namespace wirepad::ui
