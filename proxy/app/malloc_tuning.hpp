// glibc's malloc for a long-running proxy that should stay small when idle.
//
// glibc keeps up to 7 freed chunks per size class in a per-thread cache
// (tcache). After a burst of connections those chunks sit scattered over the
// heap and keep whole pages resident that malloc_trim() would otherwise give
// back: about 0.4 MiB of an idle proxy's 2 MiB of private memory. One cached
// chunk per size class keeps the fast path for the common free-then-allocate
// pattern at no measurable CPU cost per request.
//
// glibc reads that setting only from GLIBC_TUNABLES when a program starts,
// so the proxy, a static binary, sets it for itself by executing itself again.
//
// Contract of exec_with_malloc_tunables(): call it first thing in main, before
// any thread exists. Unless the environment already says the process was
// tuned (or GLIBC_TUNABLES already sets a tcache_count: the user's choice
// wins), it appends glibc.malloc.tcache_count=1 to GLIBC_TUNABLES and
// re-executes /proc/self/exe with the same arguments; it returns only when
// nothing needs doing or the exec failed (the proxy then runs untuned).
#pragma once

namespace octobot::proxy {

void exec_with_malloc_tunables(char** argv);

}  // namespace octobot::proxy
