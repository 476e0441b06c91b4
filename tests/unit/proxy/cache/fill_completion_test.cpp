// proxy/cache/fill_completion: the signal that a cache fill has finished.
#include "proxy/cache/fill_completion.hpp"

#include <catch2/catch.hpp>

#include <stdexcept>

using namespace octobot::proxy;

TEST_CASE("FillCompletion runs each callback exactly once", "[proxy][cache][completion]") {
  FillCompletion completion;
  int early = 0, late = 0, after_throw = 0;
  completion.on_done([&] { ++early; });
  completion.on_done([] { throw std::runtime_error("callback failure is contained"); });
  completion.on_done([&] { ++after_throw; });
  completion.on_done({});  // ignored
  CHECK_FALSE(completion.finished());
  completion.finish();
  completion.finish();
  CHECK(completion.finished());
  CHECK(early == 1);
  CHECK(after_throw == 1);
  completion.on_done([&] { ++late; });
  CHECK(late == 1);
  CHECK(FillCompletion::already_finished()->finished());
}
