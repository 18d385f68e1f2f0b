// Starter threat catalogues for the Annex III/IV product categories, written for Bulwark from
// the categories' typical attack surfaces. A start for the assessment, never a substitute: each
// entry is proposed and a person accepts or rejects it.
#include <array>

#include "bulwark/assessment/propose.hpp"
#include "bulwark/core/text.hpp"

namespace bulwark::assessment {
namespace {

constexpr std::array<CatalogueThreat, 16> kCatalogue = {{
    {"CAT-ANY-1", "*", "Exploitation of a known vulnerability in a third-party component", "TE",
     "AI.P1.2a AI.P1.2c", "Vulnerability monitoring of the SBOM and timely security updates"},
    {"CAT-ANY-2", "*", "Credential guessing or reuse against administrative access", "SE",
     "AI.P1.2b AI.P1.2d", "No default passwords; per-device credentials; lockout"},
    {"CAT-ROUTER-1", "AIII.C1.12 AIII.C1.10",
     "Remote management interface reachable from the internet (WAN)", "SE", "AI.P1.2j AI.P1.2b",
     "Management disabled on WAN by default"},
    {"CAT-ROUTER-2", "AIII.C1.12", "DNS or routing configuration hijacked to redirect traffic",
     "TI", "AI.P1.2f AI.P1.2d", "Integrity-protected configuration; change logging"},
    {"CAT-ROUTER-3", "AIII.C1.12 AIII.C1.10",
     "Device recruited into a botnet for attacks on other networks", "DE", "AI.P1.2i AI.P1.2h",
     "Outbound rate limiting; no open relays; hardened services"},
    {"CAT-ROUTER-4", "AIII.C1.12", "Eavesdropping on management traffic", "I", "AI.P1.2e",
     "TLS for every management protocol"},
    {"CAT-BOOT-1", "AIII.C1.8 AIII.C1.13 AIII.C1.14", "Boot chain tampering (unsigned code runs)",
     "TE", "AI.P1.2f AI.P1.2k", "Verified boot with keys in ROM/fuses"},
    {"CAT-OS-1", "AIII.C1.11", "Local privilege escalation to the kernel", "E", "AI.P1.2k",
     "Exploit mitigations (ASLR, stack protection, W^X); least privilege"},
    {"CAT-VPN-1", "AIII.C1.5", "Tunnel key or credential compromise", "SI", "AI.P1.2e AI.P1.2d",
     "Keys in protected storage; modern ciphers only"},
    {"CAT-PWM-1", "AIII.C1.3", "Exfiltration of the credential vault", "I", "AI.P1.2e AI.P1.2m",
     "Vault encrypted with a key derived from the master secret"},
    {"CAT-BROWSER-1", "AIII.C1.2", "Malicious web content escapes the renderer sandbox", "E",
     "AI.P1.2k", "Site isolation and sandboxing"},
    {"CAT-SIEM-1", "AIII.C1.7 AIII.C1.6", "Tampering with collected security events", "TR",
     "AI.P1.2f AI.P1.2l", "Append-only, integrity-protected event storage"},
    {"CAT-HOME-1", "AIII.C1.16 AIII.C1.17 AIII.C1.18",
     "Unauthorised access to cameras, microphones or locks", "SI", "AI.P1.2d AI.P1.2e",
     "Strong pairing and authentication; encrypted streams"},
    {"CAT-FW-1", "AIII.C2.1 AIII.C2.2", "Rule bypass or policy tampering", "TE",
     "AI.P1.2f AI.P1.2j", "Signed policies; minimal management surface"},
    {"CAT-SC-1", "AIV.1 AIV.2 AIV.3 AIII.C2.3 AIII.C2.4",
     "Key extraction through side channels or fault injection", "I", "AI.P1.2e AI.P1.2k",
     "Certified countermeasures against side channels and faults"},
    {"CAT-ANY-3", "*", "Loss of essential functions under denial of service", "D", "AI.P1.2h",
     "Resource limits and watchdogs; graceful degradation"},
}};

}  // namespace

std::span<const CatalogueThreat> threat_catalogue() { return kCatalogue; }

std::vector<CatalogueThreat> catalogue_for(std::string_view item) {
  std::vector<CatalogueThreat> out;
  for (const auto& c : kCatalogue) {
    bool match = item.empty() || c.categories == "*";
    for (auto cat : split(c.categories, ' '))
      if (cat == item) match = true;
    if (match) out.push_back(c);
  }
  return out;
}

}  // namespace bulwark::assessment
