#include "bulwark/assessment/propose.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <map>
#include <set>

#include "bulwark/core/text.hpp"

namespace bulwark::assessment {
namespace {

struct ClassRule {
  std::string_view cls;
  std::array<std::string_view, 8> names;  // lower-case substrings of the component name
};

constexpr std::array<ClassRule, 8> kClasses = {{
    {"web-server",
     {"express", "nginx", "lighttpd", "httpd", "flask", "django", "tomcat", "uhttpd"}},
    {"tls", {"openssl", "libssl", "gnutls", "mbedtls", "wolfssl", "boringssl", "", ""}},
    {"ssh", {"openssh", "dropbear", "libssh", "", "", "", "", ""}},
    {"telnet", {"telnetd", "inetutils-telnet", "", "", "", "", "", ""}},
    {"update", {"updater", "swupdate", "rauc", "mender", "hawkbit", "", "", ""}},
    {"bootloader", {"u-boot", "bootloader", "grub", "barebox", "", "", "", ""}},
    {"logging", {"log4j", "logback", "syslog", "rsyslog", "", "", "", ""}},
    {"http-client", {"requests", "golang.org/x/net", "curl", "okhttp", "urllib3", "", "", ""}},
}};

// End-of-life lines (written for Bulwark from the projects' published end-of-life dates).
struct EolRule {
  std::string_view name;            // exact lower-case component name
  std::string_view version_prefix;  // version line
  std::string_view eol;             // date the line stopped receiving security fixes
};
constexpr std::array<EolRule, 10> kEol = {{
    {"openssl", "1.1.1", "2023-09-11"},
    {"libssl1.1", "1.1.1", "2023-09-11"},
    {"openssl", "1.0.", "2019-12-31"},
    {"debian", "10", "2024-06-30"},
    {"debian", "11", "2026-08-31"},
    {"log4j", "1.", "2015-08-05"},
    {"log4j-core", "1.", "2015-08-05"},
    {"python", "2.", "2020-01-01"},
    {"node", "16.", "2023-09-11"},
    {"busybox", "1.2", "2019-01-01"},
}};

bool has_id(const auto& v, const std::string& id) {
  return std::any_of(v.begin(), v.end(), [&](const auto& x) { return x.id == id; });
}

std::string slug(std::string_view s) {
  std::string out;
  for (char c : s) out += std::isalnum(static_cast<unsigned char>(c)) ? c : '-';
  return out;
}

Threat make_threat(std::string id, std::string title, std::vector<Stride> stride,
                   std::string source, Rating inherent) {
  Threat t;
  t.id = std::move(id);
  t.title = std::move(title);
  t.stride = std::move(stride);
  t.source = std::move(source);
  t.inherent = inherent;
  return t;
}

std::vector<std::string> ifaces_with(const Assessment* a, std::string_view component) {
  std::vector<std::string> out;
  if (!a) return out;
  for (const auto& in : a->interfaces)
    for (const auto& c : in.components)
      if (equals_icase(c, component)) out.push_back(in.id);
  return out;
}

std::vector<std::string> assets_behind(const Assessment* a, const std::vector<std::string>& ifs) {
  std::set<std::string> out;
  if (!a) return {};
  for (const auto& in : a->interfaces)
    if (std::find(ifs.begin(), ifs.end(), in.id) != ifs.end())
      out.insert(in.assets.begin(), in.assets.end());
  return {out.begin(), out.end()};
}

struct InterfaceRule {
  std::string_view cls, id, name, kind, exposure, threat_title, stride, requirement, mitigation;
};
constexpr std::array<InterfaceRule, 4> kInterfaceRules = {{
    {"web-server", "IF-WEB", "HTTP(S) web interface and API", "api", "lan",
     "Attacks on the web interface (injection, authentication bypass, CSRF)", "STE", "AI.P1.2d",
     "Authenticated, hardened web interface (no default credentials, CSRF tokens, input "
     "validation)"},
    {"ssh", "IF-SSH", "SSH remote administration", "network", "lan",
     "Credential attacks on SSH administration", "SE", "AI.P1.2d",
     "Key-based SSH authentication only; rate limiting"},
    {"telnet", "IF-TELNET", "Telnet service", "network", "lan",
     "Credential attacks and eavesdropping on Telnet (clear-text protocol)", "SIE", "AI.P1.2j",
     "Remove or disable Telnet in the delivered configuration"},
    {"update", "IF-UPDATE", "Software update mechanism", "update", "internet",
     "Malicious or tampered software update", "TE", "AI.P1.2c",
     "Updates signed by the manufacturer and verified before installation"},
}};

// What a failed exposure check says about the product's interfaces (docs/risk-assessment.md).
// An empty interface id: the proposal is a threat (and mitigation) only.
struct ExposureRule {
  std::string_view key;     // proposal key suffix, "telnet"
  std::string_view checks;  // catalogue ids, space-separated
  std::string_view id, name, kind, exposure;
  std::string_view threat_title, stride, source, requirement, mitigation;
};
constexpr std::array<ExposureRule, 11> kExposureRules = {{
    {"telnet", "EXP.NET.TELNET EXP.SVC.TELNET", "IF-TELNET", "Telnet service", "network", "lan",
     "Credential attacks and eavesdropping on Telnet (clear-text protocol)", "SIE",
     "network attacker", "AI.P1.2j", "Remove or disable Telnet in the delivered configuration"},
    {"ftp", "EXP.NET.FTP EXP.SVC.FTP", "IF-FTP", "FTP/TFTP file transfer", "network", "lan",
     "Eavesdropping on and tampering with files over clear-text FTP/TFTP", "TIE",
     "network attacker", "AI.P1.2j", "Remove FTP/TFTP; transfer files over SFTP or HTTPS"},
    {"snmp", "EXP.NET.SNMP EXP.SVC.SNMP", "IF-SNMP", "SNMP agent", "network", "lan",
     "Reading or changing the configuration through a default SNMP community", "TI",
     "network attacker", "AI.P1.2b", "No default community; SNMPv3 with authentication"},
    {"http-admin", "EXP.NET.HTTP", "IF-HTTP-ADMIN", "Plain-text HTTP administration", "api", "lan",
     "Credential theft on plain-text web administration", "SI", "network attacker", "AI.P1.2e",
     "Administration over HTTPS only"},
    {"debug-console", "EXP.DBG.CONSOLE", "IF-DEBUG-CONSOLE", "Console shell", "debug", "physical",
     "Root shell through a console without login", "E", "attacker with physical access", "AI.P1.2d",
     "The console asks for a login; debug ports disabled in production"},
    {"default-credentials", "EXP.ACC.EMPTYPW EXP.ACC.DEFAULTPW", "", "", "", "",
     "Login with an empty or well-known default password", "SE", "remote or local attacker",
     "AI.P1.2b", "Unique per-device credentials set at first use; no empty passwords"},
    {"baked-host-key", "EXP.SEC.HOSTKEY", "", "", "", "",
     "Impersonation of every unit with a server key shipped in the image", "SI", "network attacker",
     "AI.P1.2e", "Server keys generated on each unit at first boot"},
    {"upnp", "EXP.NET.UPNP EXP.SVC.UPNP", "IF-UPNP", "UPnP/SSDP discovery and control", "network",
     "lan", "Port mappings and device control through an exposed UPnP service", "TE",
     "network attacker", "AI.P1.2j", "UPnP off by default, or limited to the LAN and secure mode"},
    {"amplifier", "EXP.NET.DNS EXP.NET.NTP", "IF-UDP-REFLECT", "UDP services answering any source",
     "network", "internet",
     "Use of the unit as a traffic amplifier in denial-of-service attacks on others", "D",
     "remote attacker spoofing a victim's address", "AI.P1.2i",
     "No open recursion, no NTP mode 6/7 queries from outside; rate limits"},
    {"plain-auth", "EXP.NET.PLAINAUTH", "", "", "", "",
     "Theft of mail credentials sent in clear text before TLS", "SI", "network attacker",
     "AI.P1.2e", "Authentication only after TLS (implicit TLS or required STARTTLS)"},
    {"port", "EXP.NET.PORT", "IF-PORT", "Undeclared open port", "network", "lan",
     "Attacks on an undeclared network service", "STIDE", "network attacker", "AI.P1.2j",
     "Close the port, or declare the service in the interface manifest and harden it"},
}};

bool listed(std::string_view checks, std::string_view id) {
  std::size_t i = 0;
  while (i < checks.size()) {
    auto j = checks.find(' ', i);
    if (j == std::string_view::npos) j = checks.size();
    if (checks.substr(i, j - i) == id) return true;
    i = j + 1;
  }
  return false;
}

// One proposal per rule (the undeclared-port rule: one per port) while the assessment has
// neither its threat nor its interface.
template <class Add>
void propose_from_exposure(const Assessment* cur, const ProposalFacts& f, Add&& add) {
  for (const auto& r : kExposureRules) {
    std::map<std::string, std::vector<const ExposureFact*>> groups;
    for (const auto& e : f.exposure)
      if (listed(r.checks, e.check)) groups[r.key == "port" ? e.where : ""].push_back(&e);
    for (const auto& [where, facts] : groups) {
      const std::string suffix = where.empty() ? "" : "-" + slug(where);
      const std::string iface = r.id.empty() ? "" : std::string(r.id) + suffix;
      const std::string tid = "T-EXP-" + slug(r.key) + suffix;
      if (cur && (has_id(cur->threats, tid) || (!iface.empty() && has_id(cur->interfaces, iface))))
        continue;
      Proposal p;
      p.key = "exposure:" + std::string(r.key) + (where.empty() ? "" : ":" + where);
      p.kind = iface.empty() ? "threat" : "interface";
      p.title = std::string(r.threat_title) + (where.empty() ? "" : " (" + where + ")");
      std::vector<std::string> seen;
      for (const auto* e : facts)
        if (seen.size() < 3)
          seen.push_back(fmt::format("{} {}{}", e->check, e->where.empty() ? "" : e->where + ": ",
                                     e->message));
      p.reason =
          fmt::format("the exposure results of {} fail: {}{} ({})", f.release, join(seen, "; "),
                      facts.size() > seen.size() ? "; ..." : "", facts.front()->run);
      std::vector<Stride> stride;
      for (char ch : r.stride) stride.push_back(*stride_from_string(std::string(1, ch)));
      Threat t =
          make_threat(tid, p.title, stride, std::string(r.source), Rating{4, Impact{1, 4, 2}});
      if (!iface.empty()) {
        Interface in;
        in.id = iface;
        in.name = std::string(r.name) + (where.empty() ? "" : " " + where);
        in.kind = std::string(r.kind);
        in.exposure = std::string(r.exposure);
        t.interfaces = {iface};
        p.fragment.interfaces.push_back(std::move(in));
      }
      Mitigation m;
      m.id = "M-EXP-" + slug(r.key) + suffix;
      m.title = std::string(r.mitigation);
      m.requirements = {std::string(r.requirement)};
      t.mitigations = {m.id};
      p.fragment.threats.push_back(std::move(t));
      p.fragment.mitigations.push_back(std::move(m));
      add(std::move(p));
    }
  }
}

}  // namespace

std::string component_class(const ComponentFact& c) {
  const std::string n = to_lower(c.name);
  if (c.type == "operating-system") return "operating-system";
  if (c.type == "firmware" && n.find("boot") != std::string::npos) return "bootloader";
  for (const auto& rule : kClasses)
    for (auto pat : rule.names)
      if (!pat.empty() && n.find(pat) != std::string::npos) return std::string(rule.cls);
  return "";
}

std::vector<Proposal> propose(const Assessment* cur, const ProposalFacts& f) {
  std::map<std::string, Proposal> out;
  auto add = [&](Proposal p) { out.emplace(p.key, std::move(p)); };
  std::map<std::string, std::vector<std::string>> classes, previous;
  for (const auto& c : f.components)
    if (auto cls = component_class(c); !cls.empty()) classes[cls].push_back(c.name);
  for (const auto& c : f.previous_components)
    if (auto cls = component_class(c); !cls.empty()) previous[cls].push_back(c.name);

  // Interfaces (with their threat and mitigation) from component classes.
  for (const auto& r : kInterfaceRules) {
    auto it = classes.find(std::string(r.cls));
    if (it == classes.end()) continue;
    const std::string id(r.id);
    if (cur && has_id(cur->interfaces, id)) continue;
    Proposal p;
    p.key = "interface:" + std::string(r.cls);
    p.kind = "interface";
    p.title = std::string(r.name);
    p.reason = fmt::format("the SBOM of {} contains {} ({})", f.release, join(it->second), r.cls);
    Interface in;
    in.id = id;
    in.name = std::string(r.name);
    in.kind = std::string(r.kind);
    in.exposure = std::string(r.exposure);
    in.components = it->second;
    std::vector<Stride> stride;
    for (char ch : r.stride) stride.push_back(*stride_from_string(std::string(1, ch)));
    Threat t = make_threat("T-" + id, std::string(r.threat_title), stride, "network attacker",
                           Rating{3, Impact{0, 4, 2}});
    t.interfaces = {id};
    Mitigation m;
    m.id = "M-" + id;
    m.title = std::string(r.mitigation);
    m.requirements = {std::string(r.requirement)};
    t.mitigations = {m.id};
    p.fragment.interfaces.push_back(std::move(in));
    p.fragment.threats.push_back(std::move(t));
    p.fragment.mitigations.push_back(std::move(m));
    add(std::move(p));
  }

  // What the exposure results say the product exposes.
  propose_from_exposure(cur, f, add);

  // No signed-update evidence -> AI.P1.2c.
  bool update_evidence = false;
  if (cur)
    for (const auto& m : cur->mitigations)
      if (std::find(m.requirements.begin(), m.requirements.end(), "AI.P1.2c") !=
              m.requirements.end() &&
          !m.evidence.empty())
        update_evidence = true;
  if (!update_evidence && !(cur && has_id(cur->mitigations, "M-SIGNED-UPDATES"))) {
    Proposal p;
    p.key = "mitigation:signed-updates";
    p.kind = "mitigation";
    p.title = "Signed security updates with evidence (AI.P1.2c)";
    p.reason =
        "no mitigation linked to AI.P1.2c carries evidence (signature verification test, "
        "update signing procedure)";
    Mitigation m;
    m.id = "M-SIGNED-UPDATES";
    m.title = "Security updates are signed and verified on the device before installation";
    m.requirements = {"AI.P1.2c", "AI.P1.2f"};
    p.fragment.mitigations.push_back(std::move(m));
    add(std::move(p));
  }

  // Known exploited vulnerabilities.
  for (const auto& fd : f.findings) {
    if (!fd.kev) continue;
    const auto ifs = ifaces_with(cur, fd.component);
    const auto assets = assets_behind(cur, ifs);
    const std::string id = "T-KEV-" + slug(fd.vulnerability);
    if (!(cur && has_id(cur->threats, id))) {
      Proposal p;
      p.key = "threat:kev:" + fd.vulnerability;
      p.kind = "threat";
      p.title = fmt::format("Exploitation of known exploited vulnerability {} in {} {}",
                            fd.vulnerability, fd.component, fd.version);
      p.reason = fmt::format("{} is listed in the CISA KEV catalogue and matches {} {} in {} ({})",
                             fd.vulnerability, fd.component, fd.version, f.release,
                             fd.priority.empty() ? "-" : fd.priority);
      Threat t = make_threat(id, p.title, {Stride::kElevationOfPrivilege, Stride::kTampering},
                             "remote attacker with a public exploit (CISA KEV)",
                             Rating{5, Impact{1, 5, 3}});
      t.interfaces = ifs;
      t.assets = assets;
      Mitigation m;
      m.id = "M-FIX-" + slug(fd.component);
      m.title = fmt::format("Update {} to a fixed version{}", fd.component,
                            fd.fixed.empty() ? "" : " (" + fd.fixed + ")");
      m.requirements = {"AI.P1.2a"};
      t.mitigations = {m.id};
      p.fragment.threats.push_back(std::move(t));
      if (!(cur && has_id(cur->mitigations, m.id))) p.fragment.mitigations.push_back(std::move(m));
      add(std::move(p));
    }
    if (cur) {
      Proposal r;
      r.key = "review:kev:" + fd.vulnerability;
      r.kind = "review";
      r.title = fmt::format("Article 13(7): review the assessment, {} (KEV) in {}",
                            fd.vulnerability, fd.component);
      r.reason = assets.empty()
                     ? fmt::format(
                           "{} is known exploited; no interface of the assessment names "
                           "{}, so the assets it reaches are unknown",
                           fd.vulnerability, fd.component)
                     : fmt::format("{} is known exploited and reaches assets {} through {}",
                                   fd.vulnerability, join(assets), join(ifs));
      add(std::move(r));
    }
  }

  // End-of-life components.
  const std::string today = format_rfc3339(f.now).substr(0, 10);
  for (const auto& c : f.components) {
    const std::string n = to_lower(c.name);
    for (const auto& e : kEol) {
      if (n != e.name || !c.version.starts_with(e.version_prefix) || today < e.eol) continue;
      const std::string id = "T-EOL-" + slug(c.name);
      if (cur && has_id(cur->threats, id)) break;
      Proposal p;
      p.key = "threat:eol:" + c.name;
      p.kind = "threat";
      p.title =
          fmt::format("End-of-life component {} {}: no upstream security fixes", c.name, c.version);
      p.reason = fmt::format("the {} {} line reached its end of life on {}", c.name,
                             e.version_prefix, e.eol);
      Threat t =
          make_threat(id, p.title, {Stride::kElevationOfPrivilege, Stride::kTampering},
                      "attacker exploiting unfixed vulnerabilities", Rating{3, Impact{0, 4, 2}});
      t.interfaces = ifaces_with(cur, c.name);
      t.assets = assets_behind(cur, t.interfaces);
      Mitigation m;
      m.id = "M-EOL-" + slug(c.name);
      m.title = fmt::format(
          "Replace {} {} with a supported line or obtain extended security "
          "support",
          c.name, c.version);
      m.requirements = {"AI.P1.2a", "AI.P1.2c"};
      t.mitigations = {m.id};
      p.fragment.threats.push_back(std::move(t));
      p.fragment.mitigations.push_back(std::move(m));
      add(std::move(p));
      break;
    }
  }

  // New component classes compared with the previous release.
  if (!f.previous_release.empty())
    for (const auto& [cls, names] : classes)
      if (!previous.contains(cls)) {
        Proposal r;
        r.key = "review:new-class:" + cls;
        r.kind = "review";
        r.title = fmt::format("Article 13(7): {} adds a {} component", f.release, cls);
        r.reason = fmt::format("{} ({}) is new since {}: review interfaces and threats",
                               join(names), cls, f.previous_release);
        add(std::move(r));
      }

  // Starter catalogue for the product's category.
  for (const auto& c : catalogue_for(f.category_item)) {
    if (f.category_item.empty() && c.categories != "*") continue;
    const std::string id(c.id);
    if (cur && has_id(cur->threats, id)) continue;
    Proposal p;
    p.key = "threat:catalogue:" + id;
    p.kind = "threat";
    p.title = std::string(c.title);
    p.reason =
        fmt::format("starter catalogue for {}",
                    f.category_item.empty() ? std::string("every product") : f.category_item);
    std::vector<Stride> stride;
    for (char ch : c.stride) stride.push_back(*stride_from_string(std::string(1, ch)));
    Threat t =
        make_threat(id, std::string(c.title), stride, "attacker", Rating{3, Impact{0, 3, 0}});
    Mitigation m;
    m.id = "M-" + id;
    m.title = std::string(c.mitigation);
    for (auto r : split(c.requirements, ' '))
      if (!r.empty()) m.requirements.emplace_back(r);
    t.mitigations = {m.id};
    p.fragment.threats.push_back(std::move(t));
    if (!(cur && has_id(cur->mitigations, m.id))) p.fragment.mitigations.push_back(std::move(m));
    add(std::move(p));
  }

  std::vector<Proposal> v;
  for (auto& [k, p] : out) v.push_back(std::move(p));
  return v;
}

}  // namespace bulwark::assessment
