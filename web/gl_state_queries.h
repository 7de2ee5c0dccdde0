// web: the GL state queries of Dear ImGui's OpenGL3 backend, answered without asking WebGL.
// Force-included (cmake/imgui.cmake) into imgui_impl_opengl3.cpp for the browser build only.
//
// Why: the backend backs up about twenty pieces of GL state before it draws each frame
// (glGetIntegerv, glIsEnabled) and restores them after. In Chromium some of those are not
// cached in the page: WebGL's getParameter then waits for the GPU process to finish every
// command before it, i.e. the previous frame's drawing, which with a software GL (SwiftShader,
// no GPU) took 60-130 ms of each frame on the main thread, the thread that also takes the
// relay's WebSocket messages (docs/benchmarks.md, "Browser build": 8.3 s of 13.3 s sampled
// were getParameter while 10 MiB arrived at 1.4 MB/s).
//
// The page draws nothing but ImGui, and every GL call outside the backend leaves the neutral
// state behind (web/web_services.cpp unbinds the textures it uploads; web/main.cpp sets only
// the viewport and the clear colour before glClear). So the answer to "what was bound" is
// always that neutral state, which is what these functions return for the pnames the backend
// backs up per frame; any other pname goes to WebGL as before.
// Depends on: GLES3/gl3.h (Emscripten's WebGL2).
#pragma once
#include <GLES3/gl3.h>

#ifdef __cplusplus
extern "C" {
#endif
void wirepad_gl_get_integerv(GLenum pname, GLint* data);
GLboolean wirepad_gl_is_enabled(GLenum cap);
#ifdef __cplusplus
}
#endif

#define glGetIntegerv wirepad_gl_get_integerv
#define glIsEnabled wirepad_gl_is_enabled
