// The float32 window kernels of convolutions and 2-D pools (windows.cc, windows_pool.cc): im2col /
// col2im and max / average pooling with their adjoints, with the semantics of src/backend/cpu/window.ts
// and pool2d.ts.
// One portable implementation (memory-bound loops), split over the pool by rows or (n, c) planes;
// every output element is computed by one task in a fixed order, so results do not depend on threads.
// Arguments are checked by the bindings (windows_napi.cc) before any of these runs, except the argmax
// indices, which max_pool_backward_f32 checks on its first pass.
#ifndef DESCENT_WINDOWS_H_
#define DESCENT_WINDOWS_H_

#include "kernels.h"

namespace descent {

/** Backend.Window2d: sizes of x (n, c, h, w), window, strides, pads before, dilations, output size. */
struct Window {
  i64 n, c, h, w, kh, kw, sh, sw, ph, pw, dh, dw, oh, ow;
};

/** cols ((c kh kw) x (n oh ow)) = the patch matrix of x (n, c, h, w), 0 where a tap is padding. */
void im2col_f32(Pool* pool, const float* x, const Window& g, float* cols);

/** dx (n, c, h, w, overwritten) = every entry of cols added at its tap (im2col's adjoint). */
void col2im_f32(Pool* pool, const float* cols, const Window& g, float* dx);

/** y (n, c, oh, ow) = each window's max, argmax its flat index in x: the first max, or the first NaN. */
void max_pool_f32(Pool* pool, const float* x, const Window& g, float* y, std::int32_t* argmax);

/**
 * dx (size, overwritten) = zeros with gy[k] added at argmax[k], k in [0, count). Returns -1, or the
 * first k with argmax[k] outside [0, size), in which case dx is left untouched.
 */
i64 max_pool_backward_f32(Pool* pool, const float* gy, const std::int32_t* argmax, i64 count, float* dx,
                          i64 size);

/** y = each window's sum over x padded with zeros, divided by kh kw. */
void avg_pool_f32(Pool* pool, const float* x, const Window& g, float* y);

/** dx (overwritten) = each gy[k] / (kh kw) added over its window's in-bounds taps. */
void avg_pool_backward_f32(Pool* pool, const float* gy, const Window& g, float* dx);

}  // namespace descent

#endif  // DESCENT_WINDOWS_H_
