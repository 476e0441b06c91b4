// proxy/cache/lru_index: the registry cache's LRU order and total size.
#include "proxy/cache/lru_index.hpp"

#include <catch2/catch.hpp>

#include <string>
#include <vector>

using namespace octobot::proxy;

TEST_CASE("LruIndex keeps order and total size", "[proxy][cache][lru]") {
  LruIndex index;
  index.insert_most_recent({"a", 10, "t"});
  index.insert_most_recent({"b", 20, "t"});
  index.insert_most_recent({"c", 30, "t"});
  CHECK(index.total_bytes() == 60);
  CHECK(index.keys_in_lru_order() == std::vector<std::string>{"a", "b", "c"});

  CHECK(index.touch("a"));
  CHECK_FALSE(index.touch("zz"));
  CHECK(index.keys_in_lru_order() == std::vector<std::string>{"b", "c", "a"});
  CHECK(index.least_recent_except("") == "b");
  CHECK(index.least_recent_except("b") == "c");

  index.insert_most_recent({"b", 5, "u"});  // replaces
  CHECK(index.entries() == 3);
  CHECK(index.total_bytes() == 45);
  CHECK(index.find("b")->content_type == "u");
  CHECK(index.keys_in_lru_order() == std::vector<std::string>{"c", "a", "b"});

  CHECK(index.erase("c")->size == 30);
  CHECK_FALSE(index.erase("c"));
  CHECK(index.total_bytes() == 15);
  index.clear();
  CHECK(index.entries() == 0);
  CHECK(index.total_bytes() == 0);
  CHECK_FALSE(index.least_recent_except(""));
}
