// Exposure checks (issue 13): binary hardening, firmware configuration and secrets of a target,
// as CRA Annex I evidence. The target is read in place through the inventory walker (directory,
// tar/zip root filesystem, container image, SquashFS image) or is a single ELF file; nothing
// from it is ever executed. Modes and owners come from the image's own metadata.
//
// Every check of the catalogue (catalogue.cpp, versioned data shipped in the binary) yields
// observations with a status (pass, fail, not_applicable with its reason, indeterminate) and
// structured evidence, so a pass is evidence too. Results are plain structs with a JSON round
// trip (to_json/from_json), so that they can be stored per release.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "bulwark/core/clock.hpp"
#include "bulwark/core/result.hpp"

namespace bulwark::exposure {

enum class Status { kPass, kFail, kNotApplicable, kIndeterminate };
enum class Severity { kInfo, kLow, kMedium, kHigh, kCritical };
enum class Confidence { kCertain, kFirm, kTentative };

std::string_view to_string(Status s);      // "pass", "fail", "not_applicable", "indeterminate"
std::string_view to_string(Severity s);    // "info" ... "critical"
std::string_view to_string(Confidence c);  // "certain", "firm", "tentative"
Result<Status> parse_status(std::string_view s);
Result<Severity> parse_severity(std::string_view s);  // case-insensitive
Severity raise(Severity s);                           // one step up, capped at critical

// One entry of the check catalogue.
struct CheckDef {
  std::string_view id;  // "EXP.BIN.NX"
  std::string_view title;
  std::string_view rationale;
  std::string_view remediation;
  Severity severity;  // default severity of a fail
  Confidence confidence;
  std::string_view annex;  // Annex I points, "AI.P1.2k" or "AI.P1.2d AI.P1.2e"
  std::string_view cwe;    // "CWE-121" or ""
};

inline constexpr std::string_view kCatalogueVersion =
    "1.4.0";  // 1.1.0: EXP.NET.*; 1.2.0: SNMP, STARTTLS; 1.3.0: UDP probes, SSH, mail auth;
              // 1.4.0: EXP.NET.UPNPIGD, SSH host keys over DH/ECDH
inline constexpr int kSchemaVersion = 1;

const std::vector<CheckDef>& catalogue();
const CheckDef* find_check(std::string_view id);
// SHA-256 (hex) of the catalogue's canonical text (every field of every entry, in order).
const std::string& catalogue_sha256();

// A fact supporting an observation: ("mode", "4755"), ("line", "3: ::respawn:/bin/sh").
using Evidence = std::vector<std::pair<std::string, std::string>>;

// A waiver of a failed check (from the interface manifest, manifest.hpp): the fail stays in the
// report, marked waived, and no longer counts for --fail-on or as CRA evidence.
struct Waiver {
  std::string reason;
  std::string expires;  // YYYY-MM-DD (the waiver applies through that day, UTC)
  std::string by;       // who granted it ("" when not named)
};

struct Observation {
  std::string check;  // catalogue id
  Status status = Status::kIndeterminate;
  Severity severity =
      Severity::kInfo;  // effective: default, per-case, raised when network-facing/setuid
  std::string path;     // path inside the target ("" for a whole-target check)
  std::string message;  // one line: what was seen, or why not applicable
  Evidence evidence;
  std::string fingerprint;       // stable across runs: SHA-256 of check, path and the key evidence
  std::optional<Waiver> waiver;  // a fail waived by the manifest
};

struct Summary {
  std::size_t pass = 0, fail = 0, not_applicable = 0, indeterminate = 0;
  std::size_t waived = 0;          // fails (counted in `fail`) that a valid waiver covers
  std::size_t elf_files = 0;       // ELF files analysed
  std::size_t network_facing = 0;  // of which network-facing
  std::size_t files_seen = 0;      // regular files handed over by the walker
};

struct Report {
  int schema_version = kSchemaVersion;
  std::string tool = "bulwark";
  std::string catalogue_version{kCatalogueVersion};
  std::string catalogue_sha256;
  std::string target;                     // as given
  std::string target_kind;                // "filesystem" or "elf"
  std::string generated_at;               // RFC 3339, from the injected clock
  std::vector<Observation> observations;  // sorted by check, path, fingerprint
  std::vector<std::string> notes;         // walker notes and unreadable files
  std::string manifest;  // "<file> sha256:<hex>" of the interface manifest applied ("" = none)
  Summary summary;
};

struct Options {
  std::uint64_t max_file_size = std::uint64_t{64} << 20;  // bytes read from one file
  std::uint64_t max_total_bytes = std::uint64_t{4} << 30;
  int max_archive_depth = 2;
  bool include_passes = true;  // false keeps fail/indeterminate/not_applicable only
  std::string rules_file;  // extra secret rules in gitleaks' TOML format (RE2 regexes); "" = none
};

// Analyses a target (see above). Errors: kNotFound for a missing target, kUnsupported for a file
// that is neither an ELF nor a recognised archive/image, kInvalidInput for a hostile archive.
Result<Report> analyse(const std::string& target, const Options& options, const Clock& clock);

// Computes summary counts and sorts observations (analyse calls it; exposed for tests).
void finish(Report& report);

// Whether any unwaived fail reaches `threshold` (the --fail-on gate).
bool fails_at(const Report& report, Severity threshold);

// Renderers: native JSON (schema-versioned), SARIF 2.1.0, a plain-text table.
std::string to_json(const Report& report);
Result<Report> from_json(std::string_view text);
std::string to_sarif(const Report& report);
std::string to_table(const Report& report, bool show_passes);

}  // namespace bulwark::exposure
