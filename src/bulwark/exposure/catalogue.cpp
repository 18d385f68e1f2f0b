// The exposure check catalogue (version kCatalogueVersion): data shipped in the binary. Changing
// any field changes catalogue_sha256(), which every report records; bump kCatalogueVersion with it.
// Sources of the checks: docs/exposure.md and the survey in shared/docs/exposure-notes.md §6.3.
#include "bulwark/exposure/internal.hpp"

#include <array>
#include <cstdio>

#include "bulwark/core/text.hpp"
#include "bulwark/exposure/exposure.hpp"

namespace bulwark::exposure {
namespace {

using enum Severity;
using enum Confidence;

const std::vector<CheckDef> kCatalogue = {
    // Binary hardening (AI.P1.2k exploitation mitigation).
    {"EXP.BIN.NX", "Non-executable stack and no writable+executable segment",
     "An executable stack or a segment both writable and executable lets injected data run as "
     "code.",
     "Link with -z noexecstack; never mark objects with an executable stack; avoid RWX segments.",
     kHigh, kCertain, "AI.P1.2k", "CWE-119"},
    {"EXP.BIN.PIE", "Position-independent executable",
     "A non-PIE executable loads at a fixed address, so ASLR does not randomise its code.",
     "Compile with -fPIE and link with -pie (static programs: -static-pie).", kMedium, kCertain,
     "AI.P1.2k", ""},
    {"EXP.BIN.RELRO", "Full RELRO (read-only relocations, BIND_NOW)",
     "Without RELRO the GOT stays writable; partial RELRO leaves lazy-binding slots writable.",
     "Link with -Wl,-z,relro,-z,now.", kMedium, kCertain, "AI.P1.2k", ""},
    {"EXP.BIN.CANARY", "Stack protector (canary)",
     "Stack canaries detect stack buffer overflows before a corrupted return address is used.",
     "Compile with -fstack-protector-strong.", kMedium, kFirm, "AI.P1.2k", "CWE-121"},
    {"EXP.BIN.FORTIFY", "FORTIFY_SOURCE checked libc calls",
     "Fortified (_chk) variants of memory and string functions stop overflows of known-size "
     "buffers.",
     "Compile with -O2 -D_FORTIFY_SOURCE=2 (or 3).", kLow, kFirm, "AI.P1.2k", "CWE-120"},
    {"EXP.BIN.CFI", "Control-flow protection (CET IBT/SHSTK, BTI/PAC)",
     "Indirect-branch tracking and shadow stacks make code-reuse attacks harder where hardware "
     "supports them.",
     "Compile with -fcf-protection=full (x86) or -mbranch-protection=standard (AArch64).", kInfo,
     kCertain, "AI.P1.2k", ""},
    {"EXP.BIN.STACKCLASH", "Stack clash protection",
     "Stack probing stops large stack allocations from jumping over the guard page; invisible "
     "without compiler "
     "notes or DWARF, so this check never fails.",
     "Compile with -fstack-clash-protection.", kInfo, kTentative, "AI.P1.2k", ""},
    {"EXP.BIN.TEXTREL", "No text relocations",
     "Text relocations make code pages writable at load time.",
     "Build every object with -fPIC/-fPIE.", kMedium, kCertain, "AI.P1.2k", ""},
    {"EXP.BIN.RPATH", "Safe RPATH/RUNPATH",
     "A relative, empty, build-host or world-writable library search path lets an attacker plant "
     "libraries.",
     "Remove RPATH/RUNPATH or restrict it to $ORIGIN-relative or system paths.", kMedium, kCertain,
     "AI.P1.2j AI.P1.2k", "CWE-426"},
    {"EXP.BIN.UNSAFEFN", "No unsafe library functions",
     "gets cannot be used safely; strcpy/sprintf families and system/popen need review.",
     "Replace gets/strcpy/sprintf with bounded variants; avoid system/popen with external data.",
     kLow, kFirm, "AI.P1.2k", "CWE-676"},
    {"EXP.BIN.DEBUGINFO", "No symbols or debug information shipped",
     "Symbol tables and DWARF ease reverse engineering and exploitation of shipped binaries.",
     "Strip release binaries (keep debug files separately).", kInfo, kCertain, "AI.P1.2j",
     "CWE-215"},
    // Kernel and platform.
    {"EXP.KRN.VERSION", "Kernel version identified",
     "The kernel version feeds vulnerability matching (AI.P1.2a); an unknown kernel cannot be "
     "matched.",
     "Match the SBOM (bulwark sbom, bulwark scan) and update end-of-life kernels.", kMedium, kFirm,
     "AI.P1.2a AI.P1.2c", ""},
    {"EXP.KRN.CONFIG", "Kernel hardening options",
     "Kernel options such as STACKPROTECTOR_STRONG, RANDOMIZE_BASE and STRICT_KERNEL_RWX mitigate "
     "kernel exploits.",
     "Enable the missing hardening options in the kernel configuration.", kLow, kCertain,
     "AI.P1.2k", ""},
    {"EXP.KRN.SYSCTL", "Kernel runtime hardening (sysctl)",
     "kernel.randomize_va_space below 2 weakens ASLR; kptr_restrict/dmesg_restrict 0 leak kernel "
     "addresses.",
     "Keep kernel.randomize_va_space=2, kernel.kptr_restrict>=1, kernel.dmesg_restrict=1.", kHigh,
     kCertain, "AI.P1.2k", ""},
    // Accounts.
    {"EXP.ACC.EMPTYPW", "No login account with an empty password",
     "An account with an empty password field logs in without any secret.",
     "Lock the account or set a unique per-device password at first boot.", kCritical, kCertain,
     "AI.P1.2b AI.P1.2d", "CWE-258"},
    {"EXP.ACC.DEFAULTPW", "No account with a well-known default password",
     "A hash that matches a short list of default passwords is a universal default credential.",
     "Set unique per-device credentials or require a password change at first use.", kCritical,
     kCertain, "AI.P1.2b AI.P1.2d", "CWE-1392"},
    {"EXP.ACC.WEAKHASH", "Strong password hashes, kept out of passwd",
     "DES crypt and MD5-crypt hashes are cracked quickly; a hash in world-readable passwd is "
     "exposed.",
     "Use yescrypt or SHA-512 crypt in a shadow file readable by root only.", kHigh, kCertain,
     "AI.P1.2d AI.P1.2e", "CWE-916"},
    {"EXP.ACC.UID0", "No extra UID 0 account or passwordless sudo",
     "Extra UID 0 accounts and NOPASSWD: ALL grant root without the root credential.",
     "Remove extra UID 0 accounts; require authentication in sudoers.", kHigh, kCertain, "AI.P1.2d",
     "CWE-250"},
    // Services.
    {"EXP.SVC.INVENTORY", "Services started at boot",
     "Every boot-started service is attack surface; it should match the declared interface "
     "manifest.",
     "Start only the services the product's purpose needs; declare them in the manifest.", kHigh,
     kFirm, "AI.P1.2j AI.P1.2b", ""},
    {"EXP.SVC.TELNET", "No telnet daemon",
     "Telnet sends credentials in clear text; telnetd -l /bin/sh gives a root shell without login.",
     "Remove telnetd; use SSH with key authentication.", kHigh, kCertain, "AI.P1.2d AI.P1.2e",
     "CWE-319"},
    {"EXP.SVC.FTP", "No FTP/TFTP daemon or anonymous write",
     "FTP and TFTP are unauthenticated or clear-text; anonymous access exposes files.",
     "Remove ftp/tftp daemons or disable anonymous access.", kMedium, kCertain, "AI.P1.2d AI.P1.2e",
     "CWE-319"},
    {"EXP.SVC.SSH", "SSH server configuration",
     "Root login with a password and empty passwords allow unauthorised access.",
     "Set PermitRootLogin prohibit-password (or no), PermitEmptyPasswords no, "
     "PasswordAuthentication no.",
     kMedium, kCertain, "AI.P1.2d AI.P1.2e", "CWE-287"},
    {"EXP.SVC.SNMP", "No SNMP public/private community",
     "SNMP v1/v2c with a default community gives read or write access to anyone.",
     "Use SNMPv3 with authentication, or unique communities.", kHigh, kCertain, "AI.P1.2d",
     "CWE-1392"},
    {"EXP.SVC.UPNP", "UPnP secure mode",
     "miniupnpd without secure_mode lets any LAN host map ports for other hosts.",
     "Disable UPnP by default or set secure_mode=yes.", kMedium, kCertain, "AI.P1.2j AI.P1.2b", ""},
    {"EXP.SVC.WEB", "Web server configuration",
     "Directory listing and error display leak information.",
     "Disable directory listing and display_errors; serve administration over TLS only.", kMedium,
     kCertain, "AI.P1.2j AI.P1.2e", "CWE-548"},
    // Secrets.
    {"EXP.SEC.HOSTKEY", "No SSH/TLS server key baked into the image",
     "A server key shipped in the image is the same on every unit; it belongs to first boot.",
     "Generate host keys on first boot.", kHigh, kCertain, "AI.P1.2e", "CWE-321"},
    {"EXP.SEC.PRIVKEY", "No other unprotected private key",
     "An unencrypted or short private key in the image is shared by every unit and easy to "
     "extract.",
     "Remove private keys from the image or provision them per device; use at least RSA-2048/EC "
     "P-256.",
     kHigh, kCertain, "AI.P1.2e", "CWE-321"},
    {"EXP.SEC.CERT", "Certificates valid, with strong keys and signatures",
     "An expired certificate, a SHA-1/MD5 signature or a short key breaks or weakens TLS.",
     "Renew certificates before the support period ends; use SHA-256+ and RSA-2048/EC P-256 keys.",
     kMedium, kCertain, "AI.P1.2e", "CWE-298"},
    {"EXP.SEC.TOKEN", "No access tokens or credentials in files",
     "Cloud keys, API tokens and passwords in configuration files are shared by every unit.",
     "Remove the credential, rotate it and provision secrets per device.", kHigh, kFirm, "AI.P1.2e",
     "CWE-798"},
    // File system.
    {"EXP.FS.SUID", "No unexpected setuid/setgid files",
     "Every setuid/setgid binary is a privilege-escalation path.",
     "Remove the setuid/setgid bit where not needed; declare the rest in the manifest.", kMedium,
     kCertain, "AI.P1.2j", "CWE-250"},
    {"EXP.FS.WRITABLE", "No world-writable files",
     "A world-writable file can be changed by any local user; a writable init script runs as root "
     "at boot.",
     "Remove the world-write bit (chmod o-w).", kMedium, kCertain, "AI.P1.2j AI.P1.2f", "CWE-732"},
    // Debug access.
    {"EXP.DBG.CONSOLE", "No console shell without login",
     "A serial-console shell, init=/bin/sh, autologin or ro.debuggable gives root without "
     "credentials.",
     "Start a login prompt (getty) on consoles; disable debug properties in release builds.", kHigh,
     kCertain, "AI.P1.2b AI.P1.2j", "CWE-1191"},
    {"EXP.DBG.TOOLS", "No debug or attack tools shipped",
     "gdbserver, strace, compilers and netcat help an attacker on the device.",
     "Remove debug tools from release images.", kLow, kCertain, "AI.P1.2j", "CWE-489"},
    // Logging.
    {"EXP.LOG.DAEMON", "A logging facility is started",
     "Without a logging or audit daemon, security-relevant events are not recorded.",
     "Start syslogd/journald (and auditd where possible) at boot.", kLow, kFirm, "AI.P1.2l",
     "CWE-778"},
    // Network exposure of a running unit (bulwark exposure net; catalogue 1.1.0).
    {"EXP.NET.PORT", "Only declared ports are open",
     "Every listening port is attack surface; a port not in the interface manifest is either an "
     "undocumented interface or a forgotten service.",
     "Close the port or declare it in the manifest ([[port]]).", kHigh, kCertain,
     "AI.P1.2j AI.P1.2b", "CWE-1125"},
    {"EXP.NET.TLSVERSION", "No SSLv3, TLS 1.0 or TLS 1.1",
     "SSLv3 (POODLE) and TLS 1.0/1.1 (deprecated by RFC 8996) protect traffic with broken or "
     "outdated constructions.",
     "Offer TLS 1.2 and TLS 1.3 only.", kHigh, kCertain, "AI.P1.2e", "CWE-327"},
    {"EXP.NET.TLSCIPHER", "No weak TLS cipher suites",
     "NULL, anonymous, export, RC4, DES/3DES and MD5 suites give no or breakable protection; "
     "suites without forward secrecy expose past traffic when the key leaks.",
     "Offer AEAD suites with ECDHE key exchange only.", kHigh, kCertain, "AI.P1.2e", "CWE-327"},
    {"EXP.NET.CERT", "TLS certificate valid, with a strong key",
     "An expired certificate trains users to click through warnings; a self-signed one cannot be "
     "verified; keys under 2048 RSA bits or SHA-1/MD5 signatures are breakable.",
     "Provision a per-device certificate from the product's CA with an RSA >= 2048 or EC key and "
     "a SHA-256 signature; renew it before expiry.",
     kMedium, kCertain, "AI.P1.2e AI.P1.2d", "CWE-295"},
    {"EXP.NET.SSH", "No weak SSH algorithms",
     "SHA-1 key exchange, CBC/3DES/RC4 ciphers, MD5 and truncated MACs, DSA host keys and SSH-1 "
     "are broken or deprecated (RFC 9142, RFC 8758).",
     "Configure curve25519/ECDH key exchange, AES-GCM/ChaCha20 ciphers, ETM SHA-2 MACs and "
     "Ed25519/RSA-SHA2 host keys only.",
     kMedium, kCertain, "AI.P1.2e AI.P1.2d", "CWE-327"},
    {"EXP.NET.TELNET", "No telnet service listening",
     "Telnet carries the login and the whole session in clear text.",
     "Disable telnetd; offer SSH with key authentication.", kHigh, kCertain, "AI.P1.2d AI.P1.2e",
     "CWE-319"},
    {"EXP.NET.FTP", "No plaintext FTP service listening",
     "FTP sends credentials and files in clear text; anonymous FTP exposes data to anyone.",
     "Remove the FTP server or use SFTP/FTPS.", kMedium, kCertain, "AI.P1.2d AI.P1.2e", "CWE-319"},
    {"EXP.NET.HTTP", "No plaintext HTTP administration",
     "An HTTP interface (especially with Basic authentication) sends credentials and session "
     "cookies in clear text.",
     "Serve the web interface over HTTPS only; redirect plain HTTP.", kMedium, kFirm,
     "AI.P1.2d AI.P1.2e", "CWE-319"},
    // Catalogue 1.2.0: SNMP over UDP, STARTTLS.
    {"EXP.NET.SNMP", "No SNMP agent answering a default community",
     "An SNMP agent answering the well-known communities public or private discloses the device's "
     "configuration (and with private may let anyone change it); an unauthenticated UDP "
     "responder is also an amplifying reflector against other networks.",
     "Disable SNMP v1/v2c or set unique per-device communities restricted to the management "
     "network; prefer SNMPv3 with authentication and privacy.",
     kHigh, kCertain, "AI.P1.2d AI.P1.2i", "CWE-1392"},
    {"EXP.NET.STARTTLS", "Plaintext mail and file services offer STARTTLS",
     "An SMTP, IMAP, POP3 or FTP service that does not offer (or refuses) the upgrade to TLS "
     "carries credentials and content in clear text.",
     "Offer STARTTLS (FTP: AUTH TLS) with TLS 1.2+ and require it before authentication, or "
     "serve the implicit-TLS port only.",
     kMedium, kCertain, "AI.P1.2e AI.P1.2d", "CWE-319"},
    // Catalogue 1.3.0: UDP discovery and amplification, modern SSH algorithms, clear-text mail
    // authentication.
    {"EXP.NET.SSHMODERN", "SSH offers curve25519-class key exchange and Ed25519 host keys",
     "A server without curve25519 (or the post-quantum hybrids built on it) key exchange or an "
     "Ed25519 host key relies on NIST curves, finite-field groups or RSA alone; current clients "
     "prefer these algorithms (RFC 8731, RFC 8709).",
     "Enable curve25519-sha256 (and sntrup761x25519-sha512/mlkem768x25519-sha256 where "
     "available) and provision an Ed25519 host key.",
     kLow, kCertain, "AI.P1.2e", "CWE-327"},
    {"EXP.NET.PLAINAUTH", "No clear-text authentication before TLS on mail services",
     "An SMTP, IMAP or POP3 service that offers PLAIN/LOGIN, the IMAP LOGIN command or POP3 "
     "USER/PASS on the unencrypted connection lets clients send passwords in clear text (even "
     "with STARTTLS offered, a stripped or careless client never upgrades).",
     "Advertise authentication only after STARTTLS (IMAP LOGINDISABLED, no AUTH before TLS) or "
     "serve the implicit-TLS ports (465, 993, 995) only.",
     kHigh, kCertain, "AI.P1.2d AI.P1.2e", "CWE-523"},
    {"EXP.NET.UPNP", "No UPnP/SSDP answer to unicast M-SEARCH",
     "A device answering SSDP M-SEARCH advertises its UPnP description (LOCATION) and software "
     "(SERVER) to anyone who can reach it, widens the attack surface (IGD control, SUBSCRIBE "
     "callbacks: CallStranger) and reflects traffic with amplification.",
     "Disable UPnP/SSDP or restrict it to the local network segment; never answer on WAN "
     "interfaces.",
     kMedium, kCertain, "AI.P1.2j AI.P1.2i AI.P1.2b", "CWE-1125"},
    {"EXP.NET.UPNPIGD", "No UPnP port mapping control (IGD) reachable",
     "A UPnP Internet Gateway Device advertising WANIPConnection, WANPPPConnection or "
     "WANIPv6FirewallControl lets any host that reaches it add port mappings or pinholes "
     "(AddPortMapping, AddPinhole) without authentication: malware on the LAN opens the network "
     "to the Internet, and a control URL reachable from beyond the LAN does so for anyone.",
     "Disable UPnP IGD by default; where it is needed, enable secure mode (mappings only to the "
     "requesting host), restrict the allowed ports and never serve the control URLs on WAN "
     "interfaces.",
     kHigh, kCertain, "AI.P1.2j AI.P1.2b AI.P1.2d", "CWE-306"},
    {"EXP.NET.MDNS", "No mDNS responder answering unicast queries",
     "An mDNS responder answering unicast queries (from beyond the link) discloses host and "
     "service names and can be used as a traffic reflector.",
     "Answer mDNS only on the local link (source address check, TTL 255) or disable the "
     "responder.",
     kMedium, kCertain, "AI.P1.2j AI.P1.2i", "CWE-200"},
    {"EXP.NET.DNS", "No open recursive DNS resolver or version disclosure",
     "A DNS server that resolves names outside its own zones for any client is an open resolver: "
     "a reflector with large amplification against other networks and a cache-poisoning target; "
     "version.bind answers tell attackers which bugs to try.",
     "Restrict recursion to the device's own clients (allow-recursion / access control) and hide "
     "the version (version.bind).",
     kHigh, kCertain, "AI.P1.2i AI.P1.2j", "CWE-406"},
    {"EXP.NET.NTP", "No NTP mode 6/7 queries answered",
     "An NTP server answering mode 7 monlist (CVE-2013-5211) or mode 6 READVAR from any source "
     "returns far more bytes than asked: an amplifying reflector, which also discloses the "
     "software version.",
     "Restrict NTP control queries (restrict default noquery), drop mode 7 (upgrade ntpd), or "
     "use a client-only time service.",
     kMedium, kCertain, "AI.P1.2i AI.P1.2j", "CWE-406"},
};

std::string compute_sha256() {
  std::string text = std::string(kCatalogueVersion) + "\n";
  for (const auto& c : kCatalogue) {
    for (std::string_view f : {c.id, c.title, c.rationale, c.remediation, to_string(c.severity),
                               to_string(c.confidence), c.annex, c.cwe}) {
      text += f;
      text += '\t';
    }
    text += '\n';
  }
  return detail::sha256_hex(text);
}

}  // namespace

const std::vector<CheckDef>& catalogue() { return kCatalogue; }

const CheckDef* find_check(std::string_view id) {
  for (const auto& c : kCatalogue)
    if (c.id == id) return &c;
  return nullptr;
}

const std::string& catalogue_sha256() {
  static const std::string hash = compute_sha256();
  return hash;
}

std::string_view to_string(Status s) {
  switch (s) {
    case Status::kPass:
      return "pass";
    case Status::kFail:
      return "fail";
    case Status::kNotApplicable:
      return "not_applicable";
    case Status::kIndeterminate:
      return "indeterminate";
  }
  return "indeterminate";
}

std::string_view to_string(Severity s) {
  switch (s) {
    case kInfo:
      return "info";
    case kLow:
      return "low";
    case kMedium:
      return "medium";
    case kHigh:
      return "high";
    case kCritical:
      return "critical";
  }
  return "info";
}

std::string_view to_string(Confidence c) {
  switch (c) {
    case kCertain:
      return "certain";
    case kFirm:
      return "firm";
    case kTentative:
      return "tentative";
  }
  return "tentative";
}

Result<Status> parse_status(std::string_view s) {
  for (Status v : {Status::kPass, Status::kFail, Status::kNotApplicable, Status::kIndeterminate})
    if (to_string(v) == s) return v;
  return invalid_input("unknown status '" + std::string(s) +
                       "' (pass, fail, not_applicable, indeterminate)");
}

Result<Severity> parse_severity(std::string_view s) {
  for (Severity v : {kInfo, kLow, kMedium, kHigh, kCritical})
    if (equals_icase(to_string(v), s)) return v;
  return invalid_input("unknown severity '" + std::string(s) +
                       "' (info, low, medium, high, critical)");
}

Severity raise(Severity s) {
  return s == kCritical ? kCritical : static_cast<Severity>(static_cast<int>(s) + 1);
}

}  // namespace bulwark::exposure
