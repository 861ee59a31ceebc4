#pragma once
// Running one worker function on several threads: the loader, schema validation and the
// language server all split their work this way (workers take items from a shared counter).

#include <algorithm>
#include <cstddef>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

namespace ordlint {

// `requested` threads, or one per core when 0, but never more than `items` (at least one).
inline unsigned threadCount(unsigned requested, std::size_t items) {
    unsigned threads = requested ? requested : std::max(1u, std::thread::hardware_concurrency());
    return static_cast<unsigned>(std::clamp<std::size_t>(items, 1, threads));
}

// Runs `worker` on `threads` threads, the calling thread being one of them, and waits. An
// exception a worker throws is thrown again here once all have finished.
template <class Worker> void runOnThreads(unsigned threads, const Worker& worker) {
    std::mutex failureMutex;
    std::exception_ptr failure;
    auto guarded = [&] {
        try {
            worker();
        } catch (...) {
            std::lock_guard lock(failureMutex);
            if (!failure) failure = std::current_exception();
        }
    };
    std::vector<std::thread> others;
    for (unsigned t = 1; t < threads; ++t)
        others.emplace_back(guarded);
    guarded();
    for (std::thread& thread : others)
        thread.join();
    if (failure) std::rethrow_exception(failure);
}

} // namespace ordlint
