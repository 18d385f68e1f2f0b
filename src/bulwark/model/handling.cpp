// Name tables of the handling model (see handling.hpp).
#include "bulwark/model/handling.hpp"

#include <array>
#include <utility>

namespace bulwark {
namespace {

constexpr std::array<std::pair<std::string_view, AnalysisState>, 14> kStates{{
    {"affected", AnalysisState::kAffected},
    {"not_affected", AnalysisState::kNotAffected},
    {"fixed", AnalysisState::kFixed},
    {"under_investigation", AnalysisState::kUnderInvestigation},
    {"false_positive", AnalysisState::kFalsePositive},
    // CycloneDX impactAnalysisState
    {"exploitable", AnalysisState::kAffected},
    {"resolved", AnalysisState::kFixed},
    {"resolved_with_pedigree", AnalysisState::kFixed},
    {"in_triage", AnalysisState::kUnderInvestigation},
    // CSAF product_status groups
    {"known_affected", AnalysisState::kAffected},
    {"known_not_affected", AnalysisState::kNotAffected},
    {"first_fixed", AnalysisState::kFixed},
    {"last_affected", AnalysisState::kAffected},
    {"first_affected", AnalysisState::kAffected},
}};

constexpr std::array<std::pair<std::string_view, Justification>, 14> kJustifications{{
    {"component_not_present", Justification::kComponentNotPresent},
    {"vulnerable_code_not_present", Justification::kVulnerableCodeNotPresent},
    {"vulnerable_code_not_in_execute_path", Justification::kVulnerableCodeNotInExecutePath},
    {"vulnerable_code_cannot_be_controlled_by_adversary",
     Justification::kVulnerableCodeCannotBeControlledByAdversary},
    {"inline_mitigations_already_exist", Justification::kInlineMitigationsAlreadyExist},
    // CycloneDX impactAnalysisJustification
    {"code_not_present", Justification::kVulnerableCodeNotPresent},
    {"code_not_reachable", Justification::kVulnerableCodeNotInExecutePath},
    {"requires_configuration", Justification::kVulnerableCodeCannotBeControlledByAdversary},
    {"requires_dependency", Justification::kComponentNotPresent},
    {"requires_environment", Justification::kVulnerableCodeCannotBeControlledByAdversary},
    {"protected_by_compiler", Justification::kInlineMitigationsAlreadyExist},
    {"protected_at_runtime", Justification::kInlineMitigationsAlreadyExist},
    {"protected_at_perimeter", Justification::kInlineMitigationsAlreadyExist},
    {"protected_by_mitigating_control", Justification::kInlineMitigationsAlreadyExist},
}};

}  // namespace

std::string_view to_string(AnalysisState s) {
  for (const auto& [name, v] : kStates)
    if (v == s) return name;
  return "under_investigation";
}

std::string_view to_string(Justification j) {
  if (j == Justification::kNone) return "";
  for (const auto& [name, v] : kJustifications)
    if (v == j) return name;
  return "";
}

std::optional<AnalysisState> analysis_state_from_string(std::string_view s) {
  for (const auto& [name, v] : kStates)
    if (name == s) return v;
  return std::nullopt;
}

std::optional<Justification> justification_from_string(std::string_view s) {
  for (const auto& [name, v] : kJustifications)
    if (name == s) return v;
  return std::nullopt;
}

}  // namespace bulwark
