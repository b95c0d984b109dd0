// Creating and destroying the persistent worker pool; running jobs on it is declared in kernels.h.
#ifndef DESCENT_POOL_H_
#define DESCENT_POOL_H_

#include "kernels.h"

namespace descent {

/**
 * Starts threads - 1 workers (the caller is the other thread). Returns a pool with fewer threads when
 * the system refuses to start more; never null.
 */
Pool* pool_create(int threads);

/** Stops and joins the workers, then frees the pool. */
void pool_destroy(Pool* pool);

}  // namespace descent

#endif  // DESCENT_POOL_H_
