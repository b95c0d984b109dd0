// The Node-API bindings of the window kernels (windows_napi.cc), listed in addon.cc's method table.
#ifndef DESCENT_WINDOWS_NAPI_H_
#define DESCENT_WINDOWS_NAPI_H_

#include "napi_args.h"

namespace descent {

/** The thread pool of the `create` context a bound function carries (defined in addon.cc). */
Pool* context_pool(void* data);

// im2col(x, geom, cols), col2im(cols, geom, dx), maxPool2d(x, geom, y, argmax),
// maxPool2dBackward(gy, argmax, dx), avgPool2d(x, geom, y), avgPool2dBackward(gy, geom, dx);
// geom: Float64Array [n, c, h, w, kh, kw, sh, sw, ph, pw, dh, dw, oh, ow].
napi_value Im2col(napi_env env, napi_callback_info info);
napi_value Col2im(napi_env env, napi_callback_info info);
napi_value MaxPool2d(napi_env env, napi_callback_info info);
napi_value MaxPool2dBackward(napi_env env, napi_callback_info info);
napi_value AvgPool2d(napi_env env, napi_callback_info info);
napi_value AvgPool2dBackward(napi_env env, napi_callback_info info);

}  // namespace descent

#endif  // DESCENT_WINDOWS_NAPI_H_
