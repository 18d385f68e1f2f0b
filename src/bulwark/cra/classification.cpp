#include "bulwark/cra/classification.hpp"

#include <array>

namespace bulwark::cra {

namespace {
using PC = ProductCategory;
constexpr std::array<CategoryItem, 26> kItems = {{
    {"AIII.C1.1", PC::kImportantClassI,
     "Identity management systems and privileged access management software and hardware, "
     "including authentication and access control readers (incl. biometric readers)"},
    {"AIII.C1.2", PC::kImportantClassI, "Standalone and embedded browsers"},
    {"AIII.C1.3", PC::kImportantClassI, "Password managers"},
    {"AIII.C1.4", PC::kImportantClassI,
     "Software that searches for, removes or quarantines malicious software"},
    {"AIII.C1.5", PC::kImportantClassI, "Products with a virtual private network (VPN) function"},
    {"AIII.C1.6", PC::kImportantClassI, "Network management systems"},
    {"AIII.C1.7", PC::kImportantClassI, "Security information and event management (SIEM) systems"},
    {"AIII.C1.8", PC::kImportantClassI, "Boot managers"},
    {"AIII.C1.9", PC::kImportantClassI,
     "Public key infrastructure and digital certificate issuance software"},
    {"AIII.C1.10", PC::kImportantClassI, "Physical and virtual network interfaces"},
    {"AIII.C1.11", PC::kImportantClassI, "Operating systems"},
    {"AIII.C1.12", PC::kImportantClassI, "Routers, modems for internet connection, and switches"},
    {"AIII.C1.13", PC::kImportantClassI, "Microprocessors with security-related functionalities"},
    {"AIII.C1.14", PC::kImportantClassI, "Microcontrollers with security-related functionalities"},
    {"AIII.C1.15", PC::kImportantClassI, "ASICs and FPGAs with security-related functionalities"},
    {"AIII.C1.16", PC::kImportantClassI, "Smart home general-purpose virtual assistants"},
    {"AIII.C1.17", PC::kImportantClassI,
     "Smart home products with security functions (smart door locks, security cameras, baby "
     "monitors, alarm systems)"},
    {"AIII.C1.18", PC::kImportantClassI,
     "Internet-connected toys with social interactive features or location tracking"},
    {"AIII.C1.19", PC::kImportantClassI,
     "Personal wearables with a health-monitoring purpose outside the medical device regulations, "
     "or wearables for use by or for children"},
    {"AIII.C2.1", PC::kImportantClassII,
     "Hypervisors and container runtime systems supporting virtualised execution of operating "
     "systems and similar environments"},
    {"AIII.C2.2", PC::kImportantClassII, "Firewalls, intrusion detection and prevention systems"},
    {"AIII.C2.3", PC::kImportantClassII, "Tamper-resistant microprocessors"},
    {"AIII.C2.4", PC::kImportantClassII, "Tamper-resistant microcontrollers"},
    {"AIV.1", PC::kCritical, "Hardware devices with security boxes"},
    {"AIV.2", PC::kCritical,
     "Smart meter gateways in smart metering systems and other devices for advanced security "
     "purposes, including secure cryptoprocessing"},
    {"AIV.3", PC::kCritical, "Smartcards or similar devices, including secure elements"},
}};

constexpr std::array<std::string_view, 4> kCategoryNames = {"default", "important_class_i",
                                                            "important_class_ii", "critical"};

ConformityRoute module_a(std::string basis, std::string condition) {
  return {ConformityProcedure::kModuleA, "AVIII.A", "Internal control (module A)", std::move(basis),
          "The manufacturer itself assesses conformity: technical documentation, control of "
          "production and vulnerability handling, CE marking and EU declaration of conformity; no "
          "notified body." +
              condition};
}
ConformityRoute module_bc(std::string basis) {
  return {ConformityProcedure::kModuleBC, "AVIII.B+AVIII.C",
          "EU-type examination followed by conformity to type (modules B+C)", std::move(basis),
          "A notified body examines the design and the vulnerability handling processes and issues "
          "an EU-type examination certificate, auditing vulnerability handling periodically; the "
          "manufacturer then ensures production conforms to the examined type."};
}
ConformityRoute module_h(std::string basis) {
  return {
      ConformityProcedure::kModuleH, "AVIII.H", "Full quality assurance (module H)",
      std::move(basis),
      "A notified body approves and surveils the manufacturer's quality system covering design, "
      "development, testing and vulnerability handling during the support period; its number "
      "follows the CE marking."};
}
ConformityRoute certification(std::string basis, std::string condition) {
  return {ConformityProcedure::kEuCertification, "A27.9",
          "European cybersecurity certification scheme", std::move(basis),
          "A European cybersecurity certificate at assurance level at least \"substantial\" (e.g. "
          "EUCC) covers the requirements it certifies, without a separate third-party "
          "assessment." +
              condition};
}
}  // namespace

std::string_view to_string(ProductCategory c) {
  return kCategoryNames[static_cast<std::size_t>(c)];
}

std::optional<ProductCategory> product_category_from_string(std::string_view s) {
  for (std::size_t i = 0; i < kCategoryNames.size(); ++i)
    if (kCategoryNames[i] == s) return static_cast<ProductCategory>(i);
  return std::nullopt;
}

std::span<const CategoryItem> category_items() { return kItems; }

std::optional<CategoryItem> find_category_item(std::string_view id) {
  for (const auto& it : kItems)
    if (it.id == id) return it;
  return std::nullopt;
}

std::string_view to_string(ConformityProcedure p) {
  switch (p) {
    case ConformityProcedure::kModuleA:
      return "module_a";
    case ConformityProcedure::kModuleBC:
      return "module_b_c";
    case ConformityProcedure::kModuleH:
      return "module_h";
    case ConformityProcedure::kEuCertification:
      break;
  }
  return "eu_certification";
}

std::vector<ConformityRoute> conformity_routes(ProductCategory category, bool harmonised_in_full,
                                               bool foss_documentation_public) {
  const std::string where = " Only where a scheme is specified under Art 27(9).";
  if (category == PC::kDefault || (foss_documentation_public && category != PC::kCritical)) {
    const std::string basis = category == PC::kDefault ? "Art 32(1)" : "Art 32(5)";
    std::string cond = category == PC::kDefault
                           ? ""
                           : " Allowed because the product is free and open-source software whose "
                             "technical documentation is public when placed on the market.";
    return {module_a(basis, cond), module_bc(basis), module_h(basis), certification(basis, where)};
  }
  if (category == PC::kImportantClassI) {
    std::vector<ConformityRoute> out;
    if (harmonised_in_full)
      out.push_back(
          module_a("Art 32(2)",
                   " Allowed for class I only because harmonised standards, common "
                   "specifications or an EU certification scheme (at least \"substantial\") "
                   "were applied in full for the relevant requirements."));
    out.push_back(module_bc("Art 32(2)"));
    out.push_back(module_h("Art 32(2)"));
    out.push_back(certification("Art 32(2)", where));
    return out;
  }
  if (category == PC::kImportantClassII)
    return {module_bc("Art 32(3)"), module_h("Art 32(3)"),
            certification("Art 32(3)", " No module A for class II.")};
  return {certification("Art 32(4)",
                        " Required where a delegated act under Art 8(1) demands it; otherwise the "
                        "class II procedures apply."),
          module_bc("Art 32(4)"), module_h("Art 32(4)")};
}

}  // namespace bulwark::cra
