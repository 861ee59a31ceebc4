#include "parallel.hpp"

#include <catch2/catch.hpp>

#include <atomic>
#include <stdexcept>

using namespace ordlint;

TEST_CASE("an exception on a worker thread reaches the caller after all workers finish",
          "[parallel]") {
    std::atomic<int> started{0};
    std::atomic<int> finished{0};
    auto worker = [&] {
        if (started++ == 1) throw std::runtime_error("worker failed");
        ++finished;
    };
    CHECK_THROWS_WITH(runOnThreads(3, worker), "worker failed");
    CHECK(started == 3);
    CHECK(finished == 2);
}

TEST_CASE("thread counts follow --jobs, cores and the number of items", "[parallel]") {
    CHECK(threadCount(4, 2) == 2);
    CHECK(threadCount(2, 100) == 2);
    CHECK(threadCount(3, 0) == 1);
    CHECK(threadCount(0, 1000) >= 1);
}
