// tests/bench: the baseline for scripts/bench_startup.sh: the least a desktop app on SDL2 +
// OpenGL 3 can do (a window, a 3.2 core context, clear and swap, then wait for events like
// wirepad's idle loop). Under Xvfb with Mesa's llvmpipe most of its RSS and start-up time is
// the GL driver, which wirepad pays too and cannot remove; wirepad is reported against it.
// With --draw it also draws what every ImGui frame needs from GL: a GLSL 150 program and
// alpha-blended triangles sampling a 1024x512 RGBA texture (the size of wirepad's font atlas),
// so the shader compiler's share (llvmpipe JITs shaders with LLVM) is in the baseline too.
// With --software: a window drawn by SDL's software renderer instead of OpenGL (what wirepad
// uses when OpenGL would run on the CPU), drawing the same blended textured quad through
// SDL_RenderGeometry, as ImGui's SDL_Renderer backend does.
// Prints the same "startup:" line as `wirepad --startup-report`. Built by the script:
//   c++ -O2 startup_peer.cpp $(sdl2-config --cflags --libs) -lGL
#define GL_GLEXT_PROTOTYPES 1
#include <SDL.h>
#include <SDL_opengl.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <string>
#include <vector>

namespace {

// As native/startup_report.cpp: steps timed from static initialisation.
const auto g_start = std::chrono::steady_clock::now();
std::string g_steps;
double g_last = 0;
void mark(const char* step) {
  const double now = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - g_start).count();
  char text[64];
  std::snprintf(text, sizeof text, "%s%s:%.1f", g_steps.empty() ? "" : ",", step, now - g_last);
  g_steps += text;
  g_last = now;
}

GLuint compile(GLenum type, const char* source) {
  GLuint shader = glCreateShader(type);
  glShaderSource(shader, 1, &source, nullptr);
  glCompileShader(shader);
  return shader;
}

// A textured, blended quad over the window: the same kind of work as ImGui's draw calls.
struct Drawing {
  GLuint program = 0, vao = 0, vbo = 0, texture = 0;
  void init() {
    const char* vs = "#version 150\nin vec2 p; in vec2 uv; in vec4 c; out vec2 f_uv; out vec4 f_c;\n"
                     "void main() { f_uv = uv; f_c = c; gl_Position = vec4(p, 0, 1); }\n";
    const char* fs = "#version 150\nuniform sampler2D t; in vec2 f_uv; in vec4 f_c; out vec4 o;\n"
                     "void main() { o = f_c * texture(t, f_uv); }\n";
    program = glCreateProgram();
    glAttachShader(program, compile(GL_VERTEX_SHADER, vs));
    glAttachShader(program, compile(GL_FRAGMENT_SHADER, fs));
    glLinkProgram(program);
    std::vector<unsigned char> pixels(1024 * 512 * 4, 0xff);
    glGenTextures(1, &texture);
    glBindTexture(GL_TEXTURE_2D, texture);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_LINEAR);
    glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA, 1024, 512, 0, GL_RGBA, GL_UNSIGNED_BYTE, pixels.data());
    const float quad[] = {-1, -1, 0, 0, 1, 1, 1, 0.5f, 1, -1, 1, 0, 1, 1, 1, 0.5f, -1, 1, 0, 1, 1, 1, 1, 0.5f,
                          1,  1,  1, 1, 1, 1, 1, 0.5f};
    glGenVertexArrays(1, &vao);
    glBindVertexArray(vao);
    glGenBuffers(1, &vbo);
    glBindBuffer(GL_ARRAY_BUFFER, vbo);
    glBufferData(GL_ARRAY_BUFFER, sizeof quad, quad, GL_STATIC_DRAW);
    const char* names[] = {"p", "uv", "c"};
    const int sizes[] = {2, 2, 4}, offsets[] = {0, 2, 4};
    for (int i = 0; i < 3; ++i) {
      GLint at = glGetAttribLocation(program, names[i]);
      glEnableVertexAttribArray(GLuint(at));
      glVertexAttribPointer(GLuint(at), sizes[i], GL_FLOAT, GL_FALSE, 8 * sizeof(float),
                            reinterpret_cast<void*>(offsets[i] * sizeof(float)));
    }
  }
  void draw() const {
    glEnable(GL_BLEND);
    glBlendFunc(GL_SRC_ALPHA, GL_ONE_MINUS_SRC_ALPHA);
    glUseProgram(program);
    glBindVertexArray(vao);
    glBindTexture(GL_TEXTURE_2D, texture);
    glDrawArrays(GL_TRIANGLE_STRIP, 0, 4);
  }
};

}  // namespace

void report_first_frame() {
  timespec now{};
  clock_gettime(CLOCK_MONOTONIC, &now);
  std::fprintf(stderr, "startup: first_frame_monotonic_ns=%lld steps=%s\n",
               (long long)now.tv_sec * 1000000000LL + now.tv_nsec, g_steps.c_str());
}

void wait_for_quit() {
  for (bool running = true; running;) {
    SDL_Event event;
    if (SDL_WaitEventTimeout(&event, 500)) {
      do {
        if (event.type == SDL_QUIT) running = false;
      } while (SDL_PollEvent(&event));
    }
  }
}

// SDL's software renderer: the window's shared-memory image, no OpenGL library loaded.
int run_software() {
  SDL_SetHint(SDL_HINT_FRAMEBUFFER_ACCELERATION, "0");  // as native/software_window.cpp
  SDL_Window* window = SDL_CreateWindow("startup_peer", SDL_WINDOWPOS_CENTERED, SDL_WINDOWPOS_CENTERED, 1280, 800,
                                        SDL_WINDOW_RESIZABLE | SDL_WINDOW_ALLOW_HIGHDPI);
  SDL_Renderer* renderer = window ? SDL_CreateRenderer(window, -1, SDL_RENDERER_SOFTWARE) : nullptr;
  if (!renderer) {
    std::fprintf(stderr, "startup_peer: %s\n", SDL_GetError());
    return 1;
  }
  mark("window");
  std::vector<unsigned char> pixels(1024 * 512 * 4, 0xff);
  SDL_Texture* texture = SDL_CreateTexture(renderer, SDL_PIXELFORMAT_RGBA32, SDL_TEXTUREACCESS_STATIC, 1024, 512);
  SDL_UpdateTexture(texture, nullptr, pixels.data(), 1024 * 4);
  SDL_SetTextureBlendMode(texture, SDL_BLENDMODE_BLEND);
  const SDL_Color half{255, 255, 255, 128};
  const SDL_Vertex quad[] = {{{0, 0}, half, {0, 0}}, {{1280, 0}, half, {1, 0}}, {{1280, 800}, half, {1, 1}},
                             {{0, 800}, half, {0, 1}}};
  const int indices[] = {0, 1, 2, 0, 2, 3};
  SDL_SetRenderDrawColor(renderer, 26, 26, 28, 255);
  SDL_RenderClear(renderer);
  SDL_RenderGeometry(renderer, texture, quad, 4, indices, 6);
  SDL_RenderPresent(renderer);
  mark("swap");
  report_first_frame();
  wait_for_quit();
  SDL_DestroyTexture(texture);
  SDL_DestroyRenderer(renderer);
  SDL_DestroyWindow(window);
  SDL_Quit();
  return 0;
}

int main(int argc, char** argv) {
  const bool draw = argc > 1 && std::strcmp(argv[1], "--draw") == 0;
  const bool software = argc > 1 && std::strcmp(argv[1], "--software") == 0;
  if (SDL_Init(SDL_INIT_VIDEO | SDL_INIT_TIMER | SDL_INIT_EVENTS) != 0) {
    std::fprintf(stderr, "startup_peer: %s\n", SDL_GetError());
    return 1;
  }
  mark("sdl_init");
  if (software) return run_software();
  SDL_GL_SetAttribute(SDL_GL_CONTEXT_PROFILE_MASK, SDL_GL_CONTEXT_PROFILE_CORE);
  SDL_GL_SetAttribute(SDL_GL_CONTEXT_MAJOR_VERSION, 3);
  SDL_GL_SetAttribute(SDL_GL_CONTEXT_MINOR_VERSION, 2);
  SDL_GL_SetAttribute(SDL_GL_DOUBLEBUFFER, 1);
  SDL_Window* window = SDL_CreateWindow("startup_peer", SDL_WINDOWPOS_CENTERED, SDL_WINDOWPOS_CENTERED, 1280, 800,
                                        SDL_WINDOW_OPENGL | SDL_WINDOW_RESIZABLE | SDL_WINDOW_ALLOW_HIGHDPI);
  SDL_GLContext gl = window ? SDL_GL_CreateContext(window) : nullptr;
  if (!gl) {
    std::fprintf(stderr, "startup_peer: %s\n", SDL_GetError());
    return 1;
  }
  SDL_GL_SetSwapInterval(1);
  mark("window_gl");
  Drawing drawing;
  if (draw) drawing.init();
  bool first = true;
  for (bool running = true; running;) {
    glClearColor(0.10f, 0.10f, 0.11f, 1.0f);
    glClear(GL_COLOR_BUFFER_BIT);
    if (draw) drawing.draw();
    SDL_GL_SwapWindow(window);
    if (first) {
      glFinish();
      mark("swap");
      report_first_frame();
      first = false;
    }
    SDL_Event event;
    if (SDL_WaitEventTimeout(&event, 500)) {
      do {
        if (event.type == SDL_QUIT) running = false;
      } while (SDL_PollEvent(&event));
    }
  }
  SDL_GL_DeleteContext(gl);
  SDL_DestroyWindow(window);
  SDL_Quit();
  return 0;
}
