// Choosing a kernel set: what this CPU supports, by name, best first.
#ifndef DESCENT_DISPATCH_H_
#define DESCENT_DISPATCH_H_

#include "kernels.h"

namespace descent {

/** The kernel set named `name` ("avx512", "avx2", "portable"), or null if absent or unsupported here. */
const KernelTable* kernels_named(const char* name);

/** Names of the kernel sets this build and CPU support, best first, into out[0..3); returns the count. */
int supported_kernels(const char* out[3]);

}  // namespace descent

#endif  // DESCENT_DISPATCH_H_
