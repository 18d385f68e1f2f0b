// Result<T>: the one error-carrying return type of Bulwark.
//
// Expected failures (bad input, missing file, unsupported format, database trouble) are
// returned as an Error inside std::expected; exceptions are reserved for bugs and are turned
// into exit code 3 at the CLI edge. An Error carries a code (which decides the exit code) and a
// message that names the file, field or line at fault.
#pragma once

#include <expected>
#include <string>
#include <utility>

namespace bulwark {

enum class ErrorCode {
  kInvalidInput,  // malformed document, vector, purl, version...: exit 2
  kUsage,         // wrong command-line use: exit 2
  kNotFound,      // a named file, record or object does not exist: exit 2
  kUnsupported,   // well-formed but outside what Bulwark handles: exit 2
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
inline std::unexpected<Error> io_error(std::string message) {
  return make_error(ErrorCode::kIo, std::move(message));
}
inline std::unexpected<Error> db_error(std::string message) {
  return make_error(ErrorCode::kDatabase, std::move(message));
}

// Exit code for the CLI: 2 for the caller's mistakes, 3 for runtime failures.
inline int exit_code_for(const Error& e) {
  switch (e.code) {
    case ErrorCode::kInvalidInput:
    case ErrorCode::kUsage:
    case ErrorCode::kNotFound:
    case ErrorCode::kUnsupported:
      return 2;
    default:
      return 3;
  }
}

}  // namespace bulwark
