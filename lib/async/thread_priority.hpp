// lower_priority(pool, threads, nice): gives each of the pool's `threads` threads the scheduling
// priority `nice` (Linux: per thread). The server runs its store, git and file work this way below
// its I/O threads, so that under a CPU-bound load the event loops (health checks, event streams,
// terminals) still run first and the bulk queries wait instead.
//
// Contract: returns once every thread of the pool has taken the priority (each runs one task that
// waits for the others, so call it before the pool has other work); `threads` must be the pool's
// size. A failing setpriority is ignored (the priority is a preference, not a requirement).
#pragma once
#include <boost/asio/thread_pool.hpp>

namespace octobot::async {

void lower_priority(boost::asio::thread_pool& pool, int threads, int nice);

}  // namespace octobot::async
