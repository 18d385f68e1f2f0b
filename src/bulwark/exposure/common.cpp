#include <openssl/evp.h>

#include <cstdio>

#include "bulwark/exposure/internal.hpp"

namespace bulwark::exposure::detail {

std::string mode_text(std::uint32_t mode) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "%04o", mode & 07777);
  return buf;
}

std::string owner_text(std::int64_t uid, std::int64_t gid) {
  return (uid < 0 ? std::string("?") : std::to_string(uid)) + ":" +
         (gid < 0 ? std::string("?") : std::to_string(gid));
}

std::string fmt_hex(std::uint64_t v) {
  char buf[20];
  std::snprintf(buf, sizeof buf, "%llx", static_cast<unsigned long long>(v));
  return buf;
}

Observation observe(std::string_view check, Status status, std::string path, std::string message,
                    Evidence evidence, std::string_view key, std::optional<Severity> severity) {
  Observation o;
  o.check = std::string(check);
  o.status = status;
  const CheckDef* def = find_check(check);
  o.severity = severity.value_or(def ? def->severity : Severity::kInfo);
  o.fingerprint = sha256_hex(o.check + "\n" + path + "\n" + std::string(key)).substr(0, 32);
  o.path = std::move(path);
  o.message = std::move(message);
  o.evidence = std::move(evidence);
  return o;
}

}  // namespace bulwark::exposure::detail
