// The Annex I catalogue and the coverage table, as data (paraphrased from the CRA digest).

#include "bulwark/cra/checklist.hpp"

namespace bulwark::cra {

namespace {
constexpr std::string_view kP1 = "Annex I Part I";
constexpr std::string_view kP2 = "Annex I Part II";

constexpr CatalogueItem kCatalogue[] = {
    {"AI.P1.1", kP1, "Cybersecurity appropriate to the risks",
     "Design, develop and produce the product so that its cybersecurity is appropriate to the "
     "risks.",
     false},
    {"AI.P1.2a", kP1, "No known exploitable vulnerabilities",
     "No known exploitable vulnerabilities when the product is made available on the market.",
     true},
    {"AI.P1.2b", kP1, "Secure by default",
     "Secure-by-default configuration, with a way to reset the product to its original state.",
     true},
    {"AI.P1.2c", kP1, "Security updates",
     "Vulnerabilities can be fixed by security updates; where applicable automatic updates on by "
     "default, with opt-out, notification and postponement.",
     true},
    {"AI.P1.2d", kP1, "Protection from unauthorised access",
     "Protection from unauthorised access through appropriate controls (authentication, identity "
     "or access management) and reporting of possible unauthorised access.",
     true},
    {"AI.P1.2e", kP1, "Confidentiality",
     "Confidentiality of stored, transmitted or processed data, e.g. state-of-the-art encryption "
     "at rest and in transit.",
     true},
    {"AI.P1.2f", kP1, "Integrity",
     "Integrity of data, commands, programs and configuration against unauthorised changes, and "
     "reporting of corruptions.",
     true},
    {"AI.P1.2g", kP1, "Data minimisation",
     "Process only data that is adequate, relevant and necessary for the intended purpose.", true},
    {"AI.P1.2h", kP1, "Availability",
     "Availability of essential and basic functions, also after an incident (resilience, DoS "
     "mitigation).",
     true},
    {"AI.P1.2i", kP1, "Limited impact on other devices",
     "Minimise the negative impact on the availability of services of other devices or networks.",
     true},
    {"AI.P1.2j", kP1, "Limited attack surface",
     "Limit attack surfaces, including external interfaces.", true},
    {"AI.P1.2k", kP1, "Exploitation mitigation",
     "Reduce the impact of incidents through exploitation-mitigation mechanisms and techniques.",
     true},
    {"AI.P1.2l", kP1, "Security logging and monitoring",
     "Record and monitor relevant internal activity (access to or changes of data, services, "
     "functions), with a user opt-out.",
     true},
    {"AI.P1.2m", kP1, "Secure deletion and transfer",
     "Users can securely and easily delete all data and settings permanently; data transfer to "
     "other products is secure.",
     true},
    {"AI.P2.1", kP2, "SBOM and component inventory",
     "Identify and document vulnerabilities and components, including an SBOM in a commonly used "
     "machine-readable format covering at least the top-level dependencies.",
     false},
    {"AI.P2.2", kP2, "Remediate without delay",
     "Address and remediate vulnerabilities without delay, in proportion to the risk, including "
     "through security updates shipped separately from feature updates where feasible.",
     false},
    {"AI.P2.3", kP2, "Security testing",
     "Test and review the product's security effectively and regularly.", false},
    {"AI.P2.4", kP2, "Publish fixed vulnerabilities",
     "Once a fix is out, publish information on fixed vulnerabilities: description, affected "
     "products, impact, severity and remediation guidance (delay only in duly justified cases).",
     false},
    {"AI.P2.5", kP2, "CVD policy",
     "Have, and enforce, a coordinated vulnerability disclosure policy.", false},
    {"AI.P2.6", kP2, "Vulnerability reporting contact",
     "Make it easy to share information on potential vulnerabilities in the product and its "
     "components, including a contact address for reports.",
     false},
    {"AI.P2.7", kP2, "Secure update distribution",
     "Have mechanisms to distribute updates securely, automatically where applicable for security "
     "updates.",
     false},
    {"AI.P2.8", kP2, "Free, timely security updates",
     "Disseminate security updates without delay and free of charge, with advisory messages "
     "telling users what to do.",
     false},
};

constexpr CoverageEntry kCoverage[] = {
    // Article 13
    {"A13.1",
     "implemented: Annex I checklist (cra::annex_i_catalogue, validate) and Annex VII technical "
     "documentation (cra::render_document)"},
    {"A13.2",
     "implemented: the risk assessment as data per release (assessment::Assessment: context, "
     "assets, interfaces, STRIDE threats, likelihood x impact, mitigations, accepted risks), "
     "reviewed and approved (bulwark risk), rendered in Annex VII section AVII.3"},
    {"A13.3",
     "implemented: context (intended purpose, foreseeable use and misuse, environment, time in "
     "use) and per-point applicability of AI.P1.2a..m derived from the approved assessment "
     "(assessment::derive_applicability), rendered in AVII.3"},
    {"A13.4",
     "implemented: validate() and assessment::validate reject a not-applicable Annex I item "
     "without a justification; the approved assessment and the checklist go into AVII.3"},
    {"A13.5",
     "out of scope: due diligence on third-party components is an engineering process; Bulwark's "
     "SBOM and vulnerability matching support it"},
    {"A13.6",
     "out of scope: reporting to upstream maintainers and sharing fixes is a manual step; findings "
     "per component come from the scanner"},
    {"A13.7",
     "implemented: vulnerabilities are recorded as findings with analysis states; the Article 14 "
     "case keeps an audit trail (Case::audit); KEV findings and new component classes propose "
     "a review of the risk assessment (assessment::propose)"},
    {"A13.8.handle",
     "implemented: AI.P2.* checklist hooks (SBOM per release, fix-by deadlines, CVD, contact) over "
     "the support period"},
    {"A13.8.determine",
     "implemented: SupportPeriod records the end and the rationale used to set it"},
    {"A13.8.min",
     "implemented: validate(SupportPeriod) requires a rationale when the period is under five "
     "years"},
    {"A13.8.doc", "implemented: the support rationale is rendered in Annex VII section AVII.4"},
    {"A13.8.cvd",
     "implemented: check_cvd_policy and check_vulnerability_contact hooks (AI.P2.5, AI.P2.6)"},
    {"A13.9",
     "implemented: retain_until(update released, support end) = max(released + 10 years, support "
     "end)"},
    {"A13.10",
     "out of scope: whether the latest-version-only option applies is a product decision; record "
     "it in the checklist justification"},
    {"A13.11",
     "implemented: the end-of-support notice warns about the risks of running unsupported "
     "software"},
    {"A13.12",
     "implemented: Annex VII technical documentation, conformity routes (conformity_routes) and "
     "Annex V declaration generation; CE marking itself is out of scope"},
    {"A13.13",
     "implemented: documentation_retain_until(placed on market, support end) = max(placed + 10 "
     "years, support end)"},
    {"A13.14", "out of scope: series-production conformity is a manufacturing process"},
    {"A13.15",
     "implemented: product name and version identify the product in every generated document "
     "(AV.1, AII.3)"},
    {"A13.16",
     "implemented: manufacturer name, address and contact in DocFacts, rendered in AII.1 and AV.2"},
    {"A13.17",
     "implemented: the single point of contact is recorded (DocFacts::single_point_of_contact) and "
     "rendered in AII.2"},
    {"A13.18",
     "implemented: Annex II user information generation; retention via documentation_retain_until"},
    {"A13.19.publish",
     "implemented: support_end_month / support_end_month_name give the end date (month and year) "
     "for publication and AII.7"},
    {"A13.19.notify",
     "implemented: end_of_support_notice text and support_status (ending soon / ended)"},
    {"A13.20", "implemented: Annex VI simplified declaration with the URL of the full declaration"},
    {"A13.21", "out of scope: corrective action, withdrawal and recall are business decisions"},
    {"A13.22",
     "implemented: reproducible evidence bundle (write_evidence_bundle) with a SHA-256 manifest "
     "for authority requests"},
    {"A13.23", "out of scope: notifying authorities of ceasing operations is a manual step"},
    {"A13.24",
     "out of scope: no implementing act on the SBOM format exists yet; Bulwark writes CycloneDX "
     "and SPDX"},
    {"A13.25",
     "implemented: SBOMs are stored per release and can be exported into the evidence bundle"},
    {"A13.SBOM",
     "implemented: check_sbom_per_release hook (AI.P2.1); the sbom module writes CycloneDX/SPDX"},
    // Article 14
    {"A14.1",
     "implemented: Article 14 case for actively exploited vulnerabilities (cra::Case, kind "
     "vulnerability) with clocks and report drafts"},
    {"A14.3",
     "implemented: Article 14 case for severe incidents (kind severe_incident) with clocks and "
     "report drafts"},
    {"A14.5", "implemented: SevereIncidentQuestionnaire and assess() decide severity with reasons"},
    {"A14.6",
     "out of scope: intermediate reports on request are drafted by hand; the case audit trail "
     "records them only as free events"},
    {"A14.7",
     "out of scope: the coordinator CSIRT is chosen by the user; reports are drafted for copying "
     "into the platform forms"},
    {"A14.8",
     "out of scope: informing users is done through advisories (csaf module); the case tracks the "
     "reporting stages only"},
    {"A14.9",
     "out of scope: the delay of onward notification is a CSIRT decision (Delegated Regulation "
     "2026/881)"},
    {"A14.10",
     "out of scope: no implementing act on the notification format is in force; drafts follow the "
     "digest's minimum content"},
    {"A14.ROUTE",
     "out of scope: submission goes through the ENISA single reporting platform (no API); Bulwark "
     "drafts content and records the submission reference"},
    {"A14.AEV.EW",
     "implemented: early warning due at awareness + 24 h; draft with Member States and "
     "exploitation evidence"},
    {"A14.AEV.VN",
     "implemented: vulnerability notification due at awareness + 72 h; draft with product, nature "
     "of vulnerability and exploit, measures, sensitivity"},
    {"A14.AEV.FR",
     "implemented: final report due 14 days after a corrective measure is available; draft with "
     "description, severity, impact, malicious actor, update details"},
    {"A14.SI.EW",
     "implemented: early warning due at awareness + 24 h; draft with the suspected unlawful or "
     "malicious cause and Member States"},
    {"A14.SI.IN",
     "implemented: incident notification due at awareness + 72 h; draft with nature, initial "
     "assessment, measures, sensitivity"},
    {"A14.SI.FR",
     "implemented: final report due one calendar month after the incident notification; draft with "
     "description, root cause, mitigation"},
    {"DATE.DA149", "out of scope: delegated act on CSIRT delay concerns CSIRTs, not manufacturers"},
    // Definitions and cross-references given in the Article 13/14 sections
    {"DEF.20", "implemented: the support period (SupportPeriod) bounds vulnerability handling"},
    {"DEF.30", "out of scope: judging a substantial modification is a manual assessment"},
    {"DEF.39", "implemented: SBOM presence per release (check_sbom_per_release)"},
    {"DEF.40", "implemented: vulnerabilities are the subject of kind vulnerability cases"},
    {"DEF.41",
     "implemented: dismissing a case as \"not exploitable in the product\" is recorded as such"},
    {"DEF.42",
     "implemented: cases record the exploitation source (CISA KEV, user) as the evidence of active "
     "exploitation"},
    {"DEF.43", "implemented: incidents are the subject of kind severe_incident cases"},
    {"DEF.44", "implemented: questionnaire question affects_product_security"},
    {"DEF.45", "out of scope: near misses are reported voluntarily (Art 15)"},
    {"DEF.51", "out of scope: the coordinator CSIRT is chosen by the user"},
    {"DEF.SEVERE", "implemented: questionnaire criteria (a) and (b) in assess()"},
    {"AII.7", "implemented: the Annex II user information states the support type and end date"},
    {"AVII.4", "implemented: the Annex VII section AVII.4 renders the support end and rationale"},
    // Annex I
    {"AI.P1.1", "implemented: checklist item (manual evidence)"},
    {"AI.P1.2a", "implemented: checklist item with the check_no_known_exploitable hook"},
    {"AI.P1.2b",
     "implemented: checklist item with the check_exposure hook (stored exposure result)"},
    {"AI.P1.2c", "implemented: checklist item (manual evidence)"},
    {"AI.P1.2d",
     "implemented: checklist item with the check_exposure hook (stored exposure result)"},
    {"AI.P1.2e",
     "implemented: checklist item with the check_exposure hook (stored exposure result)"},
    {"AI.P1.2f", "implemented: checklist item (manual evidence)"},
    {"AI.P1.2g", "implemented: checklist item (manual evidence)"},
    {"AI.P1.2h", "implemented: checklist item (manual evidence)"},
    {"AI.P1.2i", "implemented: checklist item (manual evidence)"},
    {"AI.P1.2j",
     "implemented: checklist item with the check_exposure hook (stored exposure result)"},
    {"AI.P1.2k",
     "implemented: checklist item with the check_exposure hook (stored exposure result)"},
    {"AI.P1.2l",
     "implemented: checklist item with the check_exposure hook (stored exposure result)"},
    {"AI.P1.2m", "implemented: checklist item (manual evidence)"},
    {"AI.P2.1", "implemented: checklist item with the check_sbom_per_release hook"},
    {"AI.P2.2", "implemented: checklist item with the check_fix_deadlines hook"},
    {"AI.P2.3", "implemented: checklist item (manual evidence: test reports)"},
    {"AI.P2.4", "implemented: checklist item; advisories come from the csaf module"},
    {"AI.P2.5", "implemented: checklist item with the check_cvd_policy hook"},
    {"AI.P2.6", "implemented: checklist item with the check_vulnerability_contact hook"},
    {"AI.P2.7", "implemented: checklist item (manual evidence)"},
    {"AI.P2.8", "implemented: checklist item (manual evidence)"},
};
}  // namespace

std::span<const CatalogueItem> annex_i_catalogue() { return kCatalogue; }
std::span<const CoverageEntry> coverage_table() { return kCoverage; }

}  // namespace bulwark::cra
