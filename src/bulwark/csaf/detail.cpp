// Validation, digest and file helpers of the csaf module (detail.hpp).
#include "bulwark/csaf/detail.hpp"

#include <openssl/evp.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <regex>

#include <fmt/format.h>

#include "bulwark/core/clock.hpp"
#include "bulwark/core/text.hpp"

namespace bulwark::csaf::detail {

bool is_rfc3339(std::string_view s) {
  static const std::regex re(R"(^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$)");
  return std::regex_match(s.begin(), s.end(), re) && parse_rfc3339(s).has_value();
}

bool is_integer_version(std::string_view s) {
  static const std::regex re(R"(^(0|[1-9][0-9]*)$)");
  return std::regex_match(s.begin(), s.end(), re);
}

bool is_semantic_version(std::string_view s) {
  static const std::regex re(
      R"(^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))"
      R"((?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$)");
  return std::regex_match(s.begin(), s.end(), re);
}

bool is_language_tag(std::string_view s) {
  static const std::regex re(R"(^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$)");
  return std::regex_match(s.begin(), s.end(), re);
}

bool is_https_url(std::string_view s) {
  return s.size() > 8 && starts_with_icase(s, "https://") && s.find_first_of(" \t\r\n") == std::string_view::npos;
}

bool is_http_or_https_url(std::string_view s) {
  return is_https_url(s) ||
         (s.size() > 7 && starts_with_icase(s, "http://") && s.find_first_of(" \t\r\n") == std::string_view::npos);
}

bool looks_like_version_range(std::string_view version) {
  if (starts_with_icase(version, "vers:")) return true;
  const std::string v = to_lower(version);
  for (const char* op : {"<", ">"})
    if (v.find(op) != std::string::npos) return true;
  static const std::regex words(R"((^|\s)(after|all|before|earlier|later|prior|versions)(\s|$))");
  return std::regex_search(v, words);
}

bool is_cve(std::string_view id) {
  static const std::regex re(R"(^CVE-[0-9]{4}-[0-9]{4,}$)");
  return std::regex_match(id.begin(), id.end(), re);
}

std::string system_name_for(std::string_view id) {
  if (starts_with_icase(id, "GHSA-")) return "GitHub Security Advisory";
  auto dash = id.find('-');
  if (dash == std::string_view::npos || dash == 0) return "other";
  return std::string(id.substr(0, dash));
}

std::string severity_of(double score) {
  if (score <= 0.0) return "NONE";
  if (score < 4.0) return "LOW";
  if (score < 7.0) return "MEDIUM";
  if (score < 9.0) return "HIGH";
  return "CRITICAL";
}

std::string normalize_tlp(std::string_view label) {
  std::string up;
  for (char c : label) up += static_cast<char>(c >= 'a' && c <= 'z' ? c - 32 : c);
  if (up.starts_with("TLP:")) up = up.substr(4);
  if (up == "CLEAR") up = "WHITE";
  if (up == "WHITE" || up == "GREEN" || up == "AMBER" || up == "RED") return up;
  return "";
}

namespace {

std::string digest_hex(std::string_view data, const EVP_MD* md) {
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_Digest(data.data(), data.size(), out, &len, md, nullptr);
  std::string hex;
  hex.reserve(len * 2);
  for (unsigned int i = 0; i < len; ++i) hex += fmt::format("{:02x}", out[i]);
  return hex;
}

}  // namespace

std::string sha256_hex(std::string_view data) { return digest_hex(data, EVP_sha256()); }
std::string sha512_hex(std::string_view data) { return digest_hex(data, EVP_sha512()); }

Result<void> write_file_atomic(const std::string& path, std::string_view data) {
  namespace fs = std::filesystem;
  const fs::path target(path);
  std::error_code ec;
  fs::create_directories(target.parent_path(), ec);
  if (ec) return io_error(target.parent_path().string() + ": cannot create folder: " + ec.message());
  const fs::path tmp = target.parent_path() / fmt::format(".{}.tmp-{}", target.filename().string(), ::getpid());
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    if (!out) return io_error(tmp.string() + ": cannot create file");
    out.write(data.data(), static_cast<std::streamsize>(data.size()));
    out.flush();
    if (!out) {
      fs::remove(tmp, ec);
      return io_error(tmp.string() + ": write failed");
    }
  }
  fs::rename(tmp, target, ec);
  if (ec) {
    std::error_code ignored;
    fs::remove(tmp, ignored);
    return io_error(path + ": cannot rename temporary file into place: " + ec.message());
  }
  return {};
}

}  // namespace bulwark::csaf::detail
