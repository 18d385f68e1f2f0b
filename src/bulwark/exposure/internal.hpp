// Internal to src/bulwark/exposure: the check functions analyse() combines and the parsers the
// fuzz targets exercise. Not a stable API.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "bulwark/core/clock.hpp"
#include "bulwark/core/digest.hpp"
#include "bulwark/exposure/elf_reader.hpp"
#include "bulwark/exposure/exposure.hpp"

namespace bulwark::exposure::detail {

// An observation of `check` with its catalogue severity (or `severity` when given); the
// fingerprint is computed from check, path and `key`.
Observation observe(std::string_view check, Status status, std::string path, std::string message,
                    Evidence evidence, std::string_view key = {},
                    std::optional<Severity> severity = std::nullopt);

using bulwark::sha256_hex;
std::string mode_text(std::uint32_t mode);                   // "4755"
std::string owner_text(std::int64_t uid, std::int64_t gid);  // "0:0", "?:?"
std::string fmt_hex(std::uint64_t v);

// --- Binaries -------------------------------------------------------------------------------
struct BinaryContext {
  std::string path;
  std::string sha256;
  std::uint32_t mode = 0;
  std::int64_t uid = -1, gid = -1;
  bool boot_started = false;  // named by a start file
};
// True when the binary imports socket-level calls (socket/bind/listen/accept/recv...).
bool imports_network(const ElfFacts& f);
// Every EXP.BIN.* observation for one ELF file.
void check_elf(const ElfFacts& f, const BinaryContext& ctx, std::vector<Observation>& out);

// --- Configuration parsers (bounded; errors name the line) ----------------------------------
struct PasswdEntry {
  std::size_t line = 0;
  std::string name, password;
  std::string uid, gid, shell;
};
Result<std::vector<PasswdEntry>> parse_passwd(
    std::string_view text);  // also shadow (uid/shell empty)
Result<std::vector<PasswdEntry>> parse_shadow(std::string_view text);

struct InittabEntry {
  std::size_t line = 0;
  std::string id, runlevels, action, process;
};
Result<std::vector<InittabEntry>> parse_inittab(std::string_view text);

// "Keyword value" (sshd_config) or "key = value" (sysctl, php.ini, ...) lines; comments dropped.
struct ConfigLine {
  std::size_t line = 0;
  std::string key, value;
};
Result<std::vector<ConfigLine>> parse_keyword_config(std::string_view text);  // sshd_config
Result<std::vector<ConfigLine>> parse_key_value(std::string_view text);  // key=value / key = value

// --- Secrets ---------------------------------------------------------------------------------
// What OpenSSL made of a PEM/DER object.
struct PemObject {
  std::string kind;      // "private-key", "certificate", "encrypted-private-key"
  std::string key_type;  // "RSA", "EC", "ED25519", ...
  int bits = 0;
  bool encrypted = false;
  std::string fingerprint;  // SHA-256 of the public key (DER), hex
  // Certificates.
  std::string subject, issuer, not_before, not_after, signature;
  bool expired = false;
  bool weak_signature = false;
};
// Finds and parses PEM blocks in `content` (at most 32); an unparseable block is skipped.
std::vector<PemObject> parse_pem_objects(std::string_view content, TimePoint now);
bool has_pem_marker(std::string_view content);

struct TokenHit {
  std::string rule;  // "aws-access-key-id", "github-pat", "generic-password"...
  std::size_t line = 0;
  std::string redacted;  // "AK…5N (sha256:1a2b3c4d)"
};
// Fixed-prefix provider tokens anywhere; keyword rules only when `config_file`.
std::vector<TokenHit> find_tokens(std::string_view content, bool config_file);
std::string redact(std::string_view value);
// Shannon entropy of the bytes of `s` in bits per byte (0 for empty text).
double shannon_entropy(std::string_view s);

// Custom rules in gitleaks' TOML format, compiled with RE2 (see rules.cpp).
class RuleSet {
 public:
  RuleSet();
  // The error names the line (and the rule id for a regex that does not compile).
  static Result<RuleSet> parse(std::string_view toml);
  std::size_t size() const;
  std::vector<TokenHit> scan(std::string_view path, std::string_view content) const;

 private:
  struct Impl;
  std::shared_ptr<Impl> impl_;
};

}  // namespace bulwark::exposure::detail
