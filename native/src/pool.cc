// The persistent thread pool: workers spin briefly after a job, then block on a condition variable.
// Tasks are claimed with a compare-and-swap on one 64-bit word (generation << 32 | next task), so a
// worker that wakes late (its core busy with another process) finds the tasks already taken by the
// caller instead of stalling the call (performance-notes.md: 8 ms stalls with static splitting).
#include "pool.h"

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <system_error>
#include <thread>
#include <vector>

#include "fpenv.h"

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#define DESCENT_PAUSE() _mm_pause()
#elif defined(__aarch64__)
#define DESCENT_PAUSE() __asm__ __volatile__("yield")
#else
#define DESCENT_PAUSE() ((void)0)
#endif

namespace descent {

namespace {
// How long an idle worker spins before blocking. Waking a blocked thread costs 1.3-1.5 us; a training
// step issues kernels every few to few hundred microseconds, so a short spin catches the next one
// without burning a core that another process could use.
constexpr auto kWorkerSpin = std::chrono::microseconds(100);
// How long the caller spins on unfinished tasks before yielding its core.
constexpr auto kCallerSpin = std::chrono::microseconds(200);
// A job whose caller waited on a worker longer than this (and longer than its own share took) means
// the worker's core is busy elsewhere: later jobs run on the caller alone for a back-off period,
// doubling while the stalls repeat, so that a loaded machine costs at most the single-thread speed.
constexpr auto kStallWait = std::chrono::microseconds(200);
constexpr auto kMinBackoff = std::chrono::milliseconds(20);
constexpr auto kMaxBackoff = std::chrono::milliseconds(1000);
}  // namespace

struct Pool {
  int threads = 1;
  std::vector<std::thread> workers;
  // generation << 32 | index of the next unclaimed task.
  std::atomic<std::uint64_t> state{0};
  std::atomic<int> done{0};
  // The current job; written only while no task of the previous job can still be claimed.
  std::atomic<TaskFn> fn{nullptr};
  std::atomic<void*> ctx{nullptr};
  std::atomic<std::uint32_t> total{0};
  std::atomic<int> sleepers{0};
  std::atomic<bool> stop{false};
  std::mutex mu;
  std::condition_variable cv;
  // One job at a time: a second JS thread (worker_threads) that finds the pool busy runs alone.
  std::mutex call_mu;
  // Stall back-off (guarded by call_mu): run alone until `solo_until`.
  std::chrono::steady_clock::time_point solo_until{};
  std::chrono::steady_clock::duration backoff = kMinBackoff;
};

namespace {

std::uint32_t generation(std::uint64_t s) { return static_cast<std::uint32_t>(s >> 32); }

// Claims and runs tasks of the job whose state word is `s` until none are left or a new job starts.
void claim_tasks(Pool* pool) {
  for (;;) {
    std::uint64_t s = pool->state.load(std::memory_order_acquire);
    const TaskFn fn = pool->fn.load(std::memory_order_relaxed);
    void* const ctx = pool->ctx.load(std::memory_order_relaxed);
    const std::uint32_t total = pool->total.load(std::memory_order_relaxed);
    const std::uint32_t index = static_cast<std::uint32_t>(s);
    if (index >= total) return;
    // Success means the job of `s` still had task `index` unclaimed, so it was not finished and the
    // job fields read above belong to it (the caller rewrites them only after a job completes).
    if (pool->state.compare_exchange_weak(s, s + 1, std::memory_order_acq_rel)) {
      fn(ctx, static_cast<int>(index));
      pool->done.fetch_add(1, std::memory_order_release);
    }
  }
}

void worker_main(Pool* pool) {
  flush_denormals_forever();
  std::uint32_t seen = generation(pool->state.load(std::memory_order_acquire));
  for (;;) {
    // Spin for a moment, then sleep until the generation changes.
    const auto until = std::chrono::steady_clock::now() + kWorkerSpin;
    bool changed = false;
    for (int spins = 0; !changed; ++spins) {
      if (pool->stop.load(std::memory_order_relaxed)) return;
      changed = generation(pool->state.load(std::memory_order_acquire)) != seen;
      if (changed) break;
      DESCENT_PAUSE();
      if ((spins & 63) == 63 && std::chrono::steady_clock::now() > until) break;
    }
    if (!changed) {
      std::unique_lock<std::mutex> lock(pool->mu);
      pool->sleepers.fetch_add(1, std::memory_order_seq_cst);
      while (!pool->stop.load(std::memory_order_seq_cst) &&
             generation(pool->state.load(std::memory_order_seq_cst)) == seen) {
        pool->cv.wait(lock);
      }
      pool->sleepers.fetch_sub(1, std::memory_order_seq_cst);
    }
    if (pool->stop.load(std::memory_order_relaxed)) return;
    seen = generation(pool->state.load(std::memory_order_acquire));
    claim_tasks(pool);
  }
}

}  // namespace

Pool* pool_create(int threads) {
  Pool* pool = new Pool();
  if (threads < 1) threads = 1;
  for (int i = 1; i < threads; ++i) {
    try {
      pool->workers.emplace_back(worker_main, pool);
    } catch (const std::system_error&) {
      break;  // run with the threads we got
    }
  }
  pool->threads = static_cast<int>(pool->workers.size()) + 1;
  return pool;
}

void pool_destroy(Pool* pool) {
  if (pool == nullptr) return;
  {
    std::lock_guard<std::mutex> lock(pool->mu);
    pool->stop.store(true, std::memory_order_seq_cst);
  }
  pool->cv.notify_all();
  for (std::thread& t : pool->workers) t.join();
  delete pool;
}

int pool_threads(const Pool* pool) { return pool == nullptr ? 1 : pool->threads; }

namespace {
void run_alone(int tasks, TaskFn fn, void* ctx) {
  for (int i = 0; i < tasks; ++i) fn(ctx, i);
}
}  // namespace

void pool_run(Pool* pool, int tasks, TaskFn fn, void* ctx) {
  if (tasks <= 0) return;
  if (pool == nullptr || pool->threads == 1 || tasks == 1 || !pool->call_mu.try_lock()) {
    run_alone(tasks, fn, ctx);
    return;
  }
  using Clock = std::chrono::steady_clock;
  const Clock::time_point start = Clock::now();
  if (start < pool->solo_until) {
    run_alone(tasks, fn, ctx);
    pool->call_mu.unlock();
    return;
  }
  pool->fn.store(fn, std::memory_order_relaxed);
  pool->ctx.store(ctx, std::memory_order_relaxed);
  pool->total.store(static_cast<std::uint32_t>(tasks), std::memory_order_relaxed);
  pool->done.store(0, std::memory_order_relaxed);
  const std::uint64_t next = (static_cast<std::uint64_t>(generation(pool->state.load()) + 1)) << 32;
  pool->state.store(next, std::memory_order_seq_cst);
  // Pairs with the sleeper's increment-then-check: one of the two sees the other.
  if (pool->sleepers.load(std::memory_order_seq_cst) > 0) {
    { std::lock_guard<std::mutex> lock(pool->mu); }
    pool->cv.notify_all();
  }
  claim_tasks(pool);
  const Clock::time_point own_done = Clock::now();
  const Clock::time_point until = own_done + kCallerSpin;
  for (int spins = 0; pool->done.load(std::memory_order_acquire) < tasks; ++spins) {
    DESCENT_PAUSE();
    if ((spins & 63) == 63 && Clock::now() > until) std::this_thread::yield();
  }
  const Clock::duration waited = Clock::now() - own_done;
  if (waited > kStallWait && waited > own_done - start) {
    pool->solo_until = Clock::now() + pool->backoff;
    pool->backoff = pool->backoff * 2 > kMaxBackoff ? kMaxBackoff : pool->backoff * 2;
  } else {
    pool->backoff = kMinBackoff;
  }
  pool->call_mu.unlock();
}

namespace {
struct Scratch {
  void* ptr[3] = {nullptr, nullptr, nullptr};
  i64 size[3] = {0, 0, 0};
  ~Scratch() {
    for (void* p : ptr) std::free(p);
  }
};
thread_local Scratch tl_scratch;
}  // namespace

void* thread_scratch(int slot, i64 bytes) {
  Scratch& s = tl_scratch;
  if (s.size[slot] >= bytes) return s.ptr[slot];
  std::free(s.ptr[slot]);
  // Grow geometrically so that a sequence of slightly larger shapes does not reallocate each time.
  i64 want = bytes + bytes / 2;
  want = (want + 63) / 64 * 64;
  void* p = std::aligned_alloc(64, static_cast<std::size_t>(want));
  s.ptr[slot] = p;
  s.size[slot] = p == nullptr ? 0 : want;
  return p;
}

}  // namespace descent
