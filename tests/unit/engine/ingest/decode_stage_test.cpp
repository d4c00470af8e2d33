#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <stdexcept>
#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "engine/ingest/decode_stage.hpp"
#include "tests/support/gate.hpp"

using namespace aegis;
using ingest::DecodeStage;

using test::Gate;

TEST_CASE("The decode stage hands every message on once, in order, before stop() returns", "[ingest]") {
  std::vector<std::string> seen;  // the stage's thread only, until stop() joined it
  DecodeStage stage([&](std::uint64_t, std::string_view topic, std::string_view payload) {
    seen.push_back(std::string(topic) + "|" + std::string(payload));
  });
  for (int i = 0; i < 5000; ++i) REQUIRE(stage.push(0, "t/" + std::to_string(i % 7), std::to_string(i)));
  stage.stop();
  REQUIRE(seen.size() == 5000);
  for (int i = 0; i < 5000; ++i) CHECK(seen[i] == "t/" + std::to_string(i % 7) + "|" + std::to_string(i));
  CHECK(stage.counters().messages == 5000);

  CHECK_FALSE(stage.push(0, "t/late", "x"));  // refused after stop, not handed on
  CHECK(seen.size() == 5000);
  CHECK(stage.counters().refused == 1);
}

TEST_CASE("A full decode stage blocks push() until the sink catches up", "[ingest]") {
  Gate gate;
  std::atomic<int> handed{0};
  DecodeStage stage(
      [&](std::uint64_t, std::string_view, std::string_view) {
        gate.wait();
        ++handed;
      },
      {.max_messages = 4});
  std::atomic<int> pushed{0};
  std::thread producer([&] {
    for (int i = 0; i < 20; ++i) {
      if (stage.push(0, "t", "p")) ++pushed;
    }
  });
  // The sink is held on the first message; the stage holds at most 4, so
  // the producer cannot have pushed more than 4 until the gate opens.
  for (int polls = 0; polls < 400 && pushed.load() < 4; ++polls) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(20));
  CHECK(pushed.load() == 4);
  CHECK(handed.load() == 0);
  gate.open();
  producer.join();
  stage.stop();
  CHECK(pushed.load() == 20);
  CHECK(handed.load() == 20);
}

TEST_CASE("A sink that throws costs its message only", "[ingest]") {
  std::vector<std::string> seen;
  DecodeStage stage([&](std::uint64_t, std::string_view, std::string_view payload) {
    if (payload == "bad") throw std::runtime_error("undecodable");
    seen.emplace_back(payload);
  });
  REQUIRE(stage.push(0, "t", "a"));
  REQUIRE(stage.push(0, "t", "bad"));
  REQUIRE(stage.push(0, "t", "b"));
  stage.stop();
  CHECK(seen == std::vector<std::string>{"a", "b"});
  CHECK(stage.counters().sink_errors == 1);
  CHECK(stage.counters().messages == 3);
  CHECK_THROWS_AS(DecodeStage(nullptr), std::invalid_argument);
}
