# Dear ImGui 1.86 compiled from the same sources for both builds.
#   imgui          the library alone (used by ui/ and the headless UI tests)
#   imgui_sdl_gl3  + the SDL2 and OpenGL3 backends (desktop and browser mains)
#   imgui_sdl_renderer  the SDL_Renderer backend (the desktop's software renderer)
if(NOT EXISTS "${WIREPAD_IMGUI_DIR}/imgui.cpp")
  message(FATAL_ERROR "Dear ImGui sources not found in ${WIREPAD_IMGUI_DIR}: run scripts/setup.sh first")
endif()
set(_d "${WIREPAD_IMGUI_DIR}")
# misc/cpp/imgui_stdlib: InputText over std::string, so the UI edits its state in place.
add_library(imgui STATIC ${_d}/imgui.cpp ${_d}/imgui_draw.cpp ${_d}/imgui_tables.cpp ${_d}/imgui_widgets.cpp
  ${_d}/misc/cpp/imgui_stdlib.cpp)
target_include_directories(imgui SYSTEM PUBLIC ${_d} ${_d}/misc/cpp)
# IMGUI_USE_WCHAR32: 32-bit ImWchar, so characters beyond U+FFFF (emoji) are decoded, typed,
# pasted and drawn; 16-bit ImGui turns each into U+FFFD. It changes ImGui's structures, so it
# must be the same in every translation unit that includes imgui.h: PUBLIC, and every target
# that includes imgui.h links this one (ui/fonts.cpp static_asserts it).
target_compile_definitions(imgui PUBLIC IMGUI_DISABLE_OBSOLETE_FUNCTIONS IMGUI_USE_WCHAR32)

add_library(imgui_sdl_gl3 STATIC ${_d}/backends/imgui_impl_sdl.cpp ${_d}/backends/imgui_impl_opengl3.cpp)
target_include_directories(imgui_sdl_gl3 SYSTEM PUBLIC ${_d}/backends)
target_link_libraries(imgui_sdl_gl3 PUBLIC imgui)
if(EMSCRIPTEN)
  if(NOT EXISTS "${WIREPAD_SDL2_WASM_DIR}/lib/libSDL2.a")
    message(FATAL_ERROR "SDL2 for wasm not found in ${WIREPAD_SDL2_WASM_DIR}: run scripts/setup.sh first")
  endif()
  target_include_directories(imgui_sdl_gl3 SYSTEM PUBLIC ${WIREPAD_SDL2_WASM_DIR}/include/SDL2)
  target_compile_options(imgui_sdl_gl3 PUBLIC -sUSE_SDL=0)
  target_link_libraries(imgui_sdl_gl3 PUBLIC ${WIREPAD_SDL2_WASM_DIR}/lib/libSDL2.a)
  target_compile_definitions(imgui_sdl_gl3 PRIVATE IMGUI_IMPL_OPENGL_ES3)
  # The backend's per-frame GL state backup, answered without a WebGL round trip that waits for
  # the GPU process (web/gl_state_queries.h says why). Off by default: with it on, keyboard
  # checks of the browser e2e tests fail now and then under load (docs/benchmarks.md).
  option(WIREPAD_WEB_GL_STATE_QUERIES "answer ImGui's per-frame GL state backup without WebGL queries" OFF)
  if(WIREPAD_WEB_GL_STATE_QUERIES)
  target_sources(imgui_sdl_gl3 PRIVATE ${PROJECT_SOURCE_DIR}/web/gl_state_queries.cpp)
  set_source_files_properties(${_d}/backends/imgui_impl_opengl3.cpp PROPERTIES
    COMPILE_OPTIONS "-include;${PROJECT_SOURCE_DIR}/web/gl_state_queries.h"
    OBJECT_DEPENDS ${PROJECT_SOURCE_DIR}/web/gl_state_queries.h)
  endif()
else()
  target_link_libraries(imgui_sdl_gl3 PUBLIC SDL2::SDL2 OpenGL::GL ${CMAKE_DL_LIBS})
  # The desktop's software renderer (native/desktop_window.h): ImGui over SDL_Renderer.
  add_library(imgui_sdl_renderer STATIC ${_d}/backends/imgui_impl_sdlrenderer.cpp)
  target_include_directories(imgui_sdl_renderer SYSTEM PUBLIC ${_d}/backends)
  target_link_libraries(imgui_sdl_renderer PUBLIC imgui SDL2::SDL2)
endif()
