#include "bulwark/model/osv.hpp"

namespace bulwark {

const char* to_string(OsvEventKind k) {
  switch (k) {
    case OsvEventKind::kIntroduced:
      return "introduced";
    case OsvEventKind::kFixed:
      return "fixed";
    case OsvEventKind::kLastAffected:
      return "last_affected";
    case OsvEventKind::kLimit:
      return "limit";
  }
  return "?";
}

const char* to_string(OsvRangeType t) {
  switch (t) {
    case OsvRangeType::kSemver:
      return "SEMVER";
    case OsvRangeType::kEcosystem:
      return "ECOSYSTEM";
    case OsvRangeType::kGit:
      return "GIT";
  }
  return "?";
}

}  // namespace bulwark
