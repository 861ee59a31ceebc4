#include "lsp_transport.hpp"

#include "text.hpp"

#include <algorithm>
#include <string_view>

namespace ordlint::lsp {

void Inbox::push(std::string body) {
    std::lock_guard lock(mutex_);
    bodies_.push_back(std::move(body));
    ready_.notify_one();
}

void Inbox::close() {
    std::lock_guard lock(mutex_);
    closed_ = true;
    ready_.notify_all();
}

std::optional<std::string> Inbox::pop() {
    std::unique_lock lock(mutex_);
    ready_.wait(lock, [&] { return !bodies_.empty() || closed_; });
    if (bodies_.empty()) return std::nullopt;
    std::string body = std::move(bodies_.front());
    bodies_.pop_front();
    return body;
}

bool Inbox::empty() {
    std::lock_guard lock(mutex_);
    return bodies_.empty();
}

bool Inbox::waitClosed(std::chrono::milliseconds timeout) {
    std::unique_lock lock(mutex_);
    return ready_.wait_for(lock, timeout, [&] { return closed_; });
}

namespace {

// A header line longer than this is not a header: only its start is kept.
constexpr std::size_t kMaxHeaderLine = 4096;

// The value of a `Content-Length:` header anywhere in `line` (case-insensitive). Anywhere:
// after a message whose Content-Length was too small, its rest is glued to the next header.
std::optional<std::size_t> contentLength(std::string_view line) {
    std::string lower = asciiLowercase(line);
    constexpr std::string_view name = "content-length:";
    std::size_t at = lower.rfind(name);
    if (at == std::string::npos) return std::nullopt;
    std::string_view value = trimBlanks(line.substr(at + name.size()));
    if (value.empty()) return std::nullopt;
    std::size_t length = 0;
    for (char c : value) {
        // Past 2^40 the number is nonsense rather than a message to skip.
        if (c < '0' || c > '9' || length > (std::size_t{1} << 40)) return std::nullopt;
        length = length * 10 + static_cast<std::size_t>(c - '0');
    }
    return length;
}

// Where a JSON object or array that a body starts with ends: fed the body as it arrives, it
// says when the value is complete (brackets balanced outside strings).
class JsonExtent {
  public:
    void feed(std::string_view bytes) {
        for (char c : bytes) {
            if (complete_) return;
            if (inString_) {
                if (escaped_)
                    escaped_ = false;
                else if (c == '\\')
                    escaped_ = true;
                else if (c == '"')
                    inString_ = false;
            } else if (c == '"') {
                inString_ = started_;
            } else if (c == '{' || c == '[') {
                started_ = true;
                ++depth_;
            } else if ((c == '}' || c == ']') && started_) {
                complete_ = --depth_ == 0;
            } else if (!started_ && c != ' ' && c != '\t' && c != '\r' && c != '\n') {
                abandoned_ = true; // not an object or array: trust the length
                return;
            }
        }
    }
    bool complete() const { return complete_ && !abandoned_; }

  private:
    bool started_ = false, inString_ = false, escaped_ = false, complete_ = false,
         abandoned_ = false;
    std::size_t depth_ = 0;
};

bool isBlank(int c) {
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

// The input, read through its stream buffer: header lines of bounded length, and bodies that
// end early when the JSON they hold is complete and nothing but a new message follows.
class FrameReader {
  public:
    explicit FrameReader(std::istream& in) : buffer_(*in.rdbuf()) {}

    // One line without its line break; false at end of input.
    bool readLine(std::string& line) {
        line.clear();
        bool any = false;
        for (int c = buffer_.sbumpc(); c != kEof; c = buffer_.sbumpc()) {
            any = true;
            if (c == '\n') break;
            if (line.size() < kMaxHeaderLine) line += static_cast<char>(c);
        }
        if (!line.empty() && line.back() == '\r') line.pop_back();
        return any;
    }

    // The body of a message announced as `length` bytes; `complete` false when input ended
    // first. A Content-Length larger than the message must not make the server wait for bytes
    // that the client, waiting for an answer, will never send, nor swallow the next message:
    // once the JSON object is complete, the body ends unless only blanks follow.
    std::string readBody(std::size_t length, bool& complete) {
        std::string body;
        body.reserve(std::min<std::size_t>(length, std::size_t{1} << 20));
        JsonExtent extent;
        complete = true;
        // Byte by byte (from the stream's buffer): a block read could take bytes of the next
        // message that cannot be put back once the JSON turns out to be complete.
        while (body.size() < length) {
            if (extent.complete()) {
                std::streamsize available = buffer_.in_avail();
                int next = available > 0 ? buffer_.sgetc() : kEof;
                if (next == kEof || !isBlank(next)) return body; // announced too long
                body += static_cast<char>(buffer_.sbumpc());
                continue;
            }
            int c = buffer_.sbumpc();
            if (c == kEof) {
                complete = false;
                return body;
            }
            char byte = static_cast<char>(c);
            body += byte;
            extent.feed(std::string_view(&byte, 1));
        }
        return body;
    }

    // Skips `length` bytes; false when input ended first.
    bool skip(std::size_t length) {
        char block[65536];
        while (length > 0) {
            std::streamsize got =
                buffer_.sgetn(block, static_cast<std::streamsize>(std::min(length, sizeof block)));
            if (got <= 0) return false;
            length -= static_cast<std::size_t>(got);
        }
        return true;
    }

  private:
    static constexpr int kEof = std::char_traits<char>::eof();
    std::streambuf& buffer_;
};

} // namespace

void readMessages(std::istream& in, Inbox& inbox) {
    FrameReader reader(in);
    std::string line;
    while (true) {
        std::optional<std::size_t> length;
        bool sawHeader = false;
        bool ended = true;
        while (reader.readLine(line)) {
            if (line.empty()) {
                if (sawHeader) {
                    ended = false;
                    break;
                }
                continue;
            }
            sawHeader = true;
            if (auto value = contentLength(line)) length = value;
        }
        if (ended) break;
        if (!length) {
            inbox.push(std::string());
            continue;
        }
        if (*length > kMaxMessageBytes) { // skipped unread, and answered with a parse error
            if (!reader.skip(*length)) break;
            inbox.push(std::string());
            continue;
        }
        bool complete = true;
        std::string body = reader.readBody(*length, complete);
        if (!complete) break;
        inbox.push(std::move(body));
    }
    inbox.close();
}

void writeMessage(std::ostream& out, const nlohmann::json& message) {
    std::string body = message.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    out << "Content-Length: " << body.size() << "\r\n\r\n" << body;
    out.flush();
}

} // namespace ordlint::lsp
