#include "lsp_transport.hpp"

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

std::string_view trimBlanks(std::string_view text) {
    std::size_t begin = text.find_first_not_of(" \t");
    if (begin == std::string_view::npos) return {};
    std::size_t end = text.find_last_not_of(" \t");
    return text.substr(begin, end - begin + 1);
}

std::optional<std::size_t> contentLength(std::string_view header) {
    std::size_t colon = header.find(':');
    if (colon == std::string_view::npos) return std::nullopt;
    std::string name(trimBlanks(header.substr(0, colon)));
    for (char& c : name)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (name != "content-length") return std::nullopt;
    std::string_view value = trimBlanks(header.substr(colon + 1));
    std::size_t length = 0;
    if (value.empty()) return std::nullopt;
    for (char c : value) {
        // Past 2^40 the number is nonsense rather than a message to skip.
        if (c < '0' || c > '9' || length > (std::size_t{1} << 40)) return std::nullopt;
        length = length * 10 + static_cast<std::size_t>(c - '0');
    }
    return length;
}

} // namespace

void readMessages(std::istream& in, Inbox& inbox) {
    std::string line;
    while (true) {
        std::optional<std::size_t> length;
        bool sawHeader = false;
        while (std::getline(in, line)) {
            if (!line.empty() && line.back() == '\r') line.pop_back();
            if (line.empty()) {
                if (sawHeader) break;
                continue;
            }
            sawHeader = true;
            if (auto value = contentLength(line)) length = value;
        }
        if (!in) break;
        if (!length) {
            inbox.push(std::string());
            continue;
        }
        if (*length > kMaxMessageBytes) { // skipped unread, and answered with a parse error
            in.ignore(static_cast<std::streamsize>(*length));
            if (static_cast<std::size_t>(in.gcount()) != *length) break;
            inbox.push(std::string());
            continue;
        }
        std::string body(*length, '\0');
        in.read(body.data(), static_cast<std::streamsize>(*length));
        if (static_cast<std::size_t>(in.gcount()) != *length) break;
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
