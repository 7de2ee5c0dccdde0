// web: see gl_state_queries.h. Compiled without the force-include, so the real
// glGetIntegerv and glIsEnabled are reached for everything else.
#include <GLES3/gl3.h>

extern "C" {

void wirepad_gl_get_integerv(GLenum pname, GLint* data) {
  switch (pname) {
    // Bindings: nothing is bound between frames.
    case GL_CURRENT_PROGRAM:
    case GL_TEXTURE_BINDING_2D:
    case GL_SAMPLER_BINDING:
    case GL_ARRAY_BUFFER_BINDING:
    case GL_ELEMENT_ARRAY_BUFFER_BINDING:
    case GL_VERTEX_ARRAY_BINDING:
      data[0] = 0;
      return;
    case GL_ACTIVE_TEXTURE:
      data[0] = GL_TEXTURE0;
      return;
    // GL's defaults, which the backend restores after drawing (it sets its own before).
    case GL_BLEND_SRC_RGB:
    case GL_BLEND_SRC_ALPHA:
      data[0] = GL_ONE;
      return;
    case GL_BLEND_DST_RGB:
    case GL_BLEND_DST_ALPHA:
      data[0] = GL_ZERO;
      return;
    case GL_BLEND_EQUATION_RGB:
    case GL_BLEND_EQUATION_ALPHA:
      data[0] = GL_FUNC_ADD;
      return;
    // Restored after drawing and overwritten before the next use: web/main.cpp sets the
    // viewport before each glClear, the backend sets both before it draws, and the scissor
    // test is off outside the backend.
    case GL_VIEWPORT:
    case GL_SCISSOR_BOX:
      data[0] = data[1] = data[2] = data[3] = 0;
      return;
    default:
      glGetIntegerv(pname, data);
  }
}

GLboolean wirepad_gl_is_enabled(GLenum cap) {
  switch (cap) {
    case GL_BLEND:
    case GL_CULL_FACE:
    case GL_DEPTH_TEST:
    case GL_STENCIL_TEST:
    case GL_SCISSOR_TEST:
    case GL_PRIMITIVE_RESTART_FIXED_INDEX:
      return GL_FALSE;  // all off between frames (WebGL's defaults)
    default:
      return glIsEnabled(cap);
  }
}

}  // extern "C"
