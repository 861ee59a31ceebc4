#pragma once
// The language server's transport: JSON-RPC messages framed by `Content-Length` headers on a
// byte stream (LSP 3.17, "Base Protocol"). A reader thread splits the input into message
// bodies and queues them; the server thread takes them one by one and lints only when the
// queue is empty, so that a burst of keystrokes costs one lint.

#include <nlohmann/json.hpp>

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <istream>
#include <mutex>
#include <optional>
#include <ostream>
#include <string>

namespace ordlint::lsp {

// A message larger than this is skipped unread (and answered with a parse error) instead of
// being buffered.
inline constexpr std::size_t kMaxMessageBytes = std::size_t{256} << 20;

// The queue between the reader thread and the server thread.
class Inbox {
  public:
    void push(std::string body);
    // No more bodies will come (end of input).
    void close();
    // The next body, or nullopt once input has ended and every body was taken.
    std::optional<std::string> pop();
    bool empty();
    // Waits at most `timeout` for close(); true when the input has ended.
    bool waitClosed(std::chrono::milliseconds timeout);

  private:
    std::mutex mutex_;
    std::condition_variable ready_;
    std::deque<std::string> bodies_;
    bool closed_ = false;
};

// Reads framed messages until end of input, then closes the inbox. A header block without a
// valid length, or an oversized message, is queued as an empty body, so that the server
// answers with a parse error. One wrong Content-Length costs one message, not the session:
// too small, the rest of the body is skipped up to the next `Content-Length:` header; too
// large, the body ends where its JSON object does (and the next message is read as one).
void readMessages(std::istream& in, Inbox& inbox);

// Writes one framed message and flushes it. Manifests need not be UTF-8: invalid bytes in
// strings are replaced instead of failing to serialize.
void writeMessage(std::ostream& out, const nlohmann::json& message);

} // namespace ordlint::lsp
