// The interface manifest of a product (issue 13): what the product declares it exposes, so that
// everything else becomes a finding, and the waivers of accepted fails. A small TOML subset,
// read by a hand-written, bounded parser whose errors name the line:
//
//   [[port]]                      # a declared listening port (bulwark exposure net)
//   port = 22
//   protocol = "tcp"              # tcp (default); udp is recorded but not scanned
//   service = "ssh"
//   [[service]]                   # a daemon allowed to start at boot (EXP.SVC.INVENTORY)
//   name = "dropbear"
//   [[setuid]]                    # an allowed setuid/setgid file (EXP.FS.SUID)
//   path = "/bin/busybox"
//   reason = "su and passwd applets"
//   [[waiver]]                    # an accepted fail
//   check = "EXP.BIN.RELRO"
//   path = "/usr/bin/legacy"      # optional: every path when absent; a trailing * is a prefix
//   reason = "vendor blob, no source"
//   expires = "2027-06-30"        # required, YYYY-MM-DD; expired waivers do not apply
//   by = "alice"                  # optional
//
// Keys are `key = value` with a "basic" or 'literal' string, or an integer; `#` starts a comment
// outside strings. Unknown tables or keys are errors (a typo must not silently widen what is
// allowed).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "bulwark/core/clock.hpp"
#include "bulwark/core/result.hpp"
#include "bulwark/exposure/exposure.hpp"

namespace bulwark::exposure {

struct DeclaredPort {
  int port = 0;
  std::string protocol = "tcp";
  std::string service;
  std::size_t line = 0;
};
struct DeclaredService {
  std::string name;
  std::size_t line = 0;
};
struct DeclaredSetuid {
  std::string path;  // as written; compared without the leading '/'
  std::string reason;
  std::size_t line = 0;
};
struct WaiverEntry {
  std::string check, path, reason, expires, by;
  std::size_t line = 0;
};

struct Manifest {
  std::vector<DeclaredPort> ports;
  std::vector<DeclaredService> services;
  std::vector<DeclaredSetuid> setuid;
  std::vector<WaiverEntry> waivers;
  std::string sha256;  // of the file's bytes
  std::string name;    // the file's name as given
};

// Errors (kInvalidInput) name the line: unknown table or key, missing required key (port; name;
// path; check, reason, expires), bad value (port outside 1..65535, protocol, date, check id not
// in the catalogue), more than 10,000 entries, a line over 4 KiB.
Result<Manifest> parse_manifest(std::string_view text);
Result<Manifest> read_manifest(const std::string& path);

// Applies the manifest to a report (then recomputes the summary):
//  - EXP.FS.SUID fails on a declared path become passes naming the reason; undeclared ones stay
//    fails, raised to high (the manifest is the allow-list);
//  - EXP.SVC.INVENTORY: each boot-started daemon not declared becomes a high fail; all declared
//    is a pass;
//  - every fail matched by a waiver still valid on `now`'s UTC date is marked waived; expired and
//    unused waivers are named in the report's notes.
void apply_manifest(Report& report, const Manifest& manifest, TimePoint now);

}  // namespace bulwark::exposure
