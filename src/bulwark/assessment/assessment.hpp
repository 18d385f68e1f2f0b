// The cybersecurity risk assessment of one product release (Article 13(2)-(4), (7); Annex VII
// point 3) as data: the context (intended purpose, foreseeable use and misuse, operational
// environment, expected time in use), assets with their confidentiality/integrity/availability
// needs, interfaces and entry points, threats (STRIDE, source, touched assets and interfaces)
// rated on a documented likelihood x impact scale (impact on health and safety, on businesses
// and on critical infrastructure kept apart) before and after mitigation, mitigations linked to
// the Annex I Part I (2) points they implement and to their evidence, accepted risks (rationale,
// who accepted) and explicit applicability statements. Pure: no storage, no CLI, no clock.
// The text form (JSON or YAML) is described by schemas/risk-assessment.schema.json and read by
// parse() in text.hpp.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "bulwark/core/result.hpp"

namespace bulwark::assessment {

inline constexpr std::string_view kFormat = "bulwark-risk-assessment/1";

// ---- the scale (docs/risk-assessment.md) -------------------------------------------------
// Likelihood 1..5: rare, unlikely, possible, likely, almost certain.
// Impact per dimension 0..5: none, negligible, minor, moderate, major, severe; the overall
// impact is the highest dimension. Risk = likelihood x overall impact (0..25), banded
// none (0), low (1-4), medium (5-9), high (10-16), critical (17-25).
inline constexpr int kMaxLikelihood = 5;
inline constexpr int kMaxImpact = 5;

enum class RiskLevel { kNone, kLow, kMedium, kHigh, kCritical };
std::string_view to_string(RiskLevel l);            // "none", "low", "medium", "high", "critical"
std::string_view likelihood_label(int likelihood);  // "rare" .. "almost certain"
std::string_view impact_label(int impact);          // "none" .. "severe"

struct Impact {
  int health_safety = 0;            // users' health and safety
  int business = 0;                 // businesses (users' and the manufacturer's)
  int critical_infrastructure = 0;  // critical infrastructure and society
  int overall() const;              // the highest dimension
  bool operator==(const Impact&) const = default;
};

struct Rating {
  int likelihood = 1;
  Impact impact;
  int score() const;  // likelihood x overall impact
  RiskLevel level() const;
  bool operator==(const Rating&) const = default;
};
RiskLevel level_of(int score);

// ---- the content ---------------------------------------------------------------------------

enum class Need { kNone, kLow, kMedium, kHigh };  // a C/I/A protection need
std::string_view to_string(Need n);
std::optional<Need> need_from_string(std::string_view s);

enum class Stride {
  kSpoofing,
  kTampering,
  kRepudiation,
  kInformationDisclosure,
  kDenialOfService,
  kElevationOfPrivilege
};
// "spoofing", "tampering", "repudiation", "information_disclosure", "denial_of_service",
// "elevation_of_privilege"; parsing also takes the letters S T R I D E and the spelled-out
// forms with spaces, hyphens or "Elevation of Privileges" (any case).
std::string_view to_string(Stride s);
std::optional<Stride> stride_from_string(std::string_view s);

struct Context {
  std::string intended_purpose;
  std::vector<std::string> foreseeable_use;
  std::vector<std::string> foreseeable_misuse;
  std::string operational_environment;
  std::string expected_time_in_use;  // e.g. "10 years in the field"
  std::vector<std::string> assumptions;
  bool operator==(const Context&) const = default;
};

struct Actor {  // external entities: users, operators, peers, attackers' personas
  std::string id, name, description;
  bool operator==(const Actor&) const = default;
};

struct Asset {
  std::string id, name;
  std::string kind = "data";  // "data" or "function"
  std::string description;
  Need confidentiality = Need::kMedium, integrity = Need::kMedium, availability = Need::kMedium;
  bool operator==(const Asset&) const = default;
};

struct Interface {
  std::string id, name;
  std::string kind = "network";  // network, local, physical, wireless, update, debug, api, user
  std::string exposure = "lan";  // internet, lan, local, physical
  std::string description;
  std::vector<std::string> assets;      // asset ids reachable through it
  std::vector<std::string> components;  // SBOM component names behind it (e.g. "express")
  bool operator==(const Interface&) const = default;
};

struct Threat {
  std::string id, title, description;
  std::vector<Stride> stride;
  std::string source;  // threat source, e.g. "remote unauthenticated attacker"
  std::vector<std::string> assets, interfaces, mitigations;  // ids
  Rating inherent;
  std::optional<Rating> residual;  // absent: equal to inherent (nothing mitigates it yet)
  Rating residual_or_inherent() const { return residual.value_or(inherent); }
  bool operator==(const Threat&) const = default;
};

struct EvidenceRef {
  std::string kind;  // document, test_report, url, sbom, finding, signature ...
  std::string uri;
  std::string description;
  bool operator==(const EvidenceRef&) const = default;
};

struct Mitigation {
  std::string id, title, description;
  std::vector<std::string> requirements;  // Annex I Part I (2) points, "AI.P1.2a".."AI.P1.2m"
  std::string status = "planned";         // planned, implemented, verified
  std::vector<EvidenceRef> evidence;
  bool operator==(const Mitigation&) const = default;
};

struct AcceptedRisk {
  std::string threat;  // threat id
  std::string rationale;
  std::string accepted_by;
  std::string accepted_at;  // date
  bool operator==(const AcceptedRisk&) const = default;
};

struct Applicability {  // an explicit statement on one Annex I Part I (2) point (A13.3)
  std::string requirement;
  bool applicable = true;
  std::string justification;  // mandatory when not applicable (A13.4)
  bool operator==(const Applicability&) const = default;
};

// Statements on which components no interface reaches (issue 17). Only a statement lowers a
// finding's priority for lack of exposure: a component an interface does not list is otherwise
// of unknown reach.
struct Unreachable {
  std::string component;  // SBOM component name, group/name or purl name (case-insensitive)
  std::string rationale;  // why nothing reaches it (mandatory)
  bool operator==(const Unreachable&) const = default;
};
struct Reachability {
  // The interfaces' component lists are complete: a component no interface lists is reached by
  // none. Without it only `unreachable` says so.
  bool complete = false;
  std::vector<Unreachable> unreachable;
  bool operator==(const Reachability&) const = default;
};

struct Assessment {
  std::string product, release;
  Context context;
  std::vector<Actor> actors;
  std::vector<Asset> assets;
  std::vector<Interface> interfaces;
  std::vector<Threat> threats;
  std::vector<Mitigation> mitigations;
  std::vector<AcceptedRisk> accepted_risks;
  std::vector<Applicability> applicability;
  Reachability reachability;
  bool operator==(const Assessment&) const = default;
};

// The Annex I Part I (2) point ids, "AI.P1.2a".."AI.P1.2m".
const std::vector<std::string>& part1_point_ids();
bool is_part1_point(std::string_view id);

// Structural rules; the first violation fails with kInvalidInput naming its JSON pointer
// (e.g. "/threats/3/assets/0: unknown asset 'A9'"): ids unique and non-empty per collection,
// references resolve, likelihood 1..5 and impacts 0..5, residual risk not above inherent,
// requirements are Annex I Part I (2) points, accepted risks name a threat, a rationale and
// who accepted, a point marked not applicable carries a justification, at most one statement
// per point, a component stated unreachable has a rationale, is stated once and is not listed
// behind an interface.
Result<void> validate(const Assessment& a);

// Things a reviewer should see but that do not make the assessment invalid: a missing context
// field, a threat without STRIDE category, a high or critical residual risk neither mitigated
// further nor accepted, a mitigation without evidence, an asset no threat touches.
std::vector<std::string> warnings(const Assessment& a);

// ---- applicability (the rule that drives the checklist) ------------------------------------

struct DerivedPoint {
  std::string requirement;  // "AI.P1.2a"
  bool applicable = true;
  std::string justification;             // why (not) applicable / how it is implemented
  std::vector<std::string> mitigations;  // ids of the mitigations implementing it
  std::vector<std::string> threats;      // ids of the threats those mitigations address
  std::vector<EvidenceRef> evidence;     // the mitigations' evidence
  bool stated = false;                   // from an explicit applicability statement
};
// One entry per Annex I Part I (2) point, in order. An explicit statement decides; otherwise
// a point implemented by mitigations applies ("implemented by M1, M2 against T3"); otherwise
// it applies by default with the justification "applies; no mitigation in the assessment
// yet". A statement of not applicable together with mitigations implementing the point is an
// error (kInvalidInput), as is one without a justification.
Result<std::vector<DerivedPoint>> derive_applicability(const Assessment& a);

// ---- merge and diff ----------------------------------------------------------------------

// overlay laid over base: non-empty context fields replace, list fields replace when not
// empty; elements with the same id replace, new ones are appended; product/release from base
// when the overlay has none; reachability: `complete` when either says so, unreachable
// statements by component like elements by id.
Assessment merge(Assessment base, const Assessment& overlay);

struct Change {
  std::string kind;  // "asset", "interface", "threat", "mitigation", "accepted_risk",
                     // "applicability", "context", "actor", "reachability"
  std::string id;
  std::string change;  // "added", "removed", "changed"
  std::string detail;  // for threats: the residual risk level change, e.g. "high -> medium"
};
std::vector<Change> diff(const Assessment& from, const Assessment& to);

}  // namespace bulwark::assessment
