// Result<T>: the one error-carrying return type of Bulwark.
//
// Expected failures (bad input, missing file, unsupported format, database trouble) are
// returned as an Error inside std::expected; exceptions are reserved for bugs and are turned
// into exit code 3 at the CLI edge. An Error carries a code (which front ends map: the CLI onto
// exit codes in apps/cli/common.cpp, the server onto HTTP statuses) and a message that names the
// file, field or line at fault. Library messages never name a command-line option.
#pragma once

#include <expected>
#include <string>
#include <utility>

namespace bulwark {

enum class ErrorCode {
  kInvalidInput,  // malformed document, vector, purl, version...: exit 2, HTTP 400
  kUsage,         // wrong command-line use: exit 2
  kNotFound,      // a named file, record or object does not exist: exit 2, HTTP 404
  kUnsupported,   // well-formed but outside what Bulwark handles: exit 2
  kConflict,  // the request conflicts with stored state (exists already, wrong state): exit 2, HTTP
              // 409
  kPrecondition,  // a stated precondition does not hold (stale revision, ETag mismatch): exit 2,
                  // HTTP 412
  kIo,            // the operating system refused: exit 3
  kDatabase,      // the store failed: exit 3
  kInternal,      // a bug: exit 3
};

struct Error {
  ErrorCode code = ErrorCode::kInternal;
  std::string message;

  // Prefixes the message with context, e.g. a file name: "sbom.json: " + message.
  Error&& with_context(const std::string& ctx) && {
    message = ctx + ": " + message;
    return std::move(*this);
  }
};

template <class T>
using Result = std::expected<T, Error>;

inline std::unexpected<Error> make_error(ErrorCode code, std::string message) {
  return std::unexpected<Error>(Error{code, std::move(message)});
}
inline std::unexpected<Error> invalid_input(std::string message) {
  return make_error(ErrorCode::kInvalidInput, std::move(message));
}
inline std::unexpected<Error> not_found(std::string message) {
  return make_error(ErrorCode::kNotFound, std::move(message));
}
inline std::unexpected<Error> unsupported(std::string message) {
  return make_error(ErrorCode::kUnsupported, std::move(message));
}
inline std::unexpected<Error> conflict(std::string message) {
  return make_error(ErrorCode::kConflict, std::move(message));
}
inline std::unexpected<Error> precondition_failed(std::string message) {
  return make_error(ErrorCode::kPrecondition, std::move(message));
}
inline std::unexpected<Error> io_error(std::string message) {
  return make_error(ErrorCode::kIo, std::move(message));
}
inline std::unexpected<Error> db_error(std::string message) {
  return make_error(ErrorCode::kDatabase, std::move(message));
}

}  // namespace bulwark
