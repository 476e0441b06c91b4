// run_on(pool, work): runs blocking `work` (a store call, git, file I/O) on
// `pool` and resumes the calling coroutine, on its own executor, with the
// result; an exception from `work` is rethrown in the caller. The work always
// runs to its end, also when the caller is cancelled. This is how coroutines
// on the I/O threads stay free of blocking calls (DESIGN.md §3).
#pragma once
#include <utility>

#include <boost/asio/associated_executor.hpp>
#include <boost/asio/async_result.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <exception>
#include <optional>

namespace octobot::async {

template <class Work>
auto run_on(boost::asio::thread_pool& pool, Work work) -> boost::asio::awaitable<decltype(work())> {
  namespace asio = boost::asio;
  std::optional<decltype(work())> value;
  std::exception_ptr failure;
  auto caller = co_await asio::this_coro::executor;
  co_await asio::async_initiate<decltype(asio::use_awaitable), void()>(
      [&](auto resume) {
        asio::post(pool, [&, resume = std::move(resume)]() mutable {
          try {
            value.emplace(work());
          } catch (...) {
            failure = std::current_exception();
          }
          auto executor = asio::get_associated_executor(resume, caller);
          asio::post(executor, std::move(resume));
        });
      },
      asio::use_awaitable);
  if (failure) std::rethrow_exception(failure);
  co_return std::move(*value);
}

}  // namespace octobot::async
