// How a store call gets a connection.
//
// in_transaction(database, work): borrows a connection, BEGINs, runs
// work(Executor&) -> Result<T>, then COMMITs on success or ROLLs BACK on any
// error, so the call's writes and its event land together or not at all. A
// pooled connection found dead at BEGIN (the server restarted while it was
// idle) is dropped and the call starts over once on a fresh one; nothing has
// been written at that point, so this is safe.
//
// read_only(database, work): runs work(Executor&) without a transaction (one
// SELECT commits on its own), on a reader connection where the database has
// them (SQLite: concurrent with the one writer, thanks to WAL). A read that failed as unavailable because its
// pooled connection was dead is retried once on a fresh connection.
#pragma once
#include "server/store/executor.hpp"

namespace octobot::store {

template <class T, class Work>
Result<T> in_transaction(sql::Database& database, Work&& work) {
  for (int attempt = 1;; ++attempt) {
    sql::Result<sql::Lease> lease = database.acquire();
    if (!lease) return store_error(lease.error(), database);
    sql::Connection& connection = **lease;
    if (auto begun = connection.begin(); !begun) {
      if (attempt == 1 && connection.broken()) continue;
      return store_error(begun.error(), database);
    }
    Executor executor(connection, database);
    Result<T> result = work(executor);
    if (!result) {
      (void)connection.rollback();
      return result;
    }
    if (auto committed = connection.commit(); !committed) {
      (void)connection.rollback();
      return store_error(committed.error(), database);
    }
    return result;
  }
}

template <class T, class Work>
Result<T> read_only(sql::Database& database, Work&& work) {
  for (int attempt = 1;; ++attempt) {
    sql::Result<sql::Lease> lease = database.acquire(sql::Access::read);
    if (!lease) return store_error(lease.error(), database);
    Executor executor(**lease, database);
    Result<T> result = work(executor);
    const bool retry = !result && result.error().code == Error::Code::unavailable && (*lease)->broken();
    if (retry && attempt == 1) continue;
    return result;
  }
}

}  // namespace octobot::store
