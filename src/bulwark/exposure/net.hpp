// bulwark exposure net HOST [--ports LIST] (issue 13): the network exposure of a running unit.
// A TCP connect scan of the given ports (no raw packets, no privileges), rate-limited, refused
// for any host outside the scope (a scope file of addresses and CIDR ranges; without one, the
// loopback ranges 127.0.0.0/8 and ::1 only). Host names are not resolved (no DNS traffic):
// HOST is a numeric address or "localhost". For each open port: the banner, then by what it is
//   SSH     the identification and the algorithms of the server's KEXINIT (EXP.NET.SSH);
//   TLS     the protocol versions offered (hand-built ClientHellos for SSLv3, TLS 1.0, 1.1, 1.2
//           so that versions the local OpenSSL refuses are still seen; OpenSSL for TLS 1.3), the
//           cipher suites each accepts (EXP.NET.TLSVERSION, EXP.NET.TLSCIPHER), and the
//           certificate (OpenSSL: expiry, key size, self-signed, signature; EXP.NET.CERT);
//   SMTP, IMAP, POP3 whether STARTTLS is offered and works, then the TLS checks over it
//           (EXP.NET.STARTTLS);
//   FTP     an anonymous login attempt (EXP.NET.FTP) and AUTH TLS (EXP.NET.STARTTLS);
//   telnet, plain HTTP (EXP.NET.TELNET, EXP.NET.HTTP).
// SSH also gets each host key's type and size (one curve25519-sha256 exchange per key family,
// never authenticating; RSA under 2048 bits and DSA are weak in EXP.NET.SSH).
// UDP ports (udp_ports), each with the probe of its service:
//   SNMP    v2c/v1 GetRequests for sysDescr.0 with the communities public and private
//           (EXP.NET.SNMP);
//   SSDP    a unicast M-SEARCH for ssdp:all: UPnP exposure, SERVER and LOCATION (EXP.NET.UPNP);
//   mDNS    a unicast query for _services._dns-sd._udp.local PTR (EXP.NET.MDNS);
//   DNS     a recursion-desired query for a name outside any device zone (open resolver: an
//           answer with RA set) and a CHAOS TXT version.bind query (EXP.NET.DNS);
//   NTP     mode 7 monlist and mode 6 READVAR (amplification vectors; EXP.NET.NTP).
// Implicit-TLS ports (SMTPS, IMAPS, POP3S) get the TLS checks and are named by the greeting read
// over TLS; plaintext SMTP/IMAP/POP3 also get EXP.NET.PLAINAUTH (authentication offered before
// TLS). SSH also gets EXP.NET.SSHMODERN (curve25519-class key exchange, Ed25519 host keys).
// With an interface manifest, each open port is checked against the declared ones (EXP.NET.PORT).
// Results are a Report (target_kind "network", paths "tcp/PORT") in the usual outputs.
#pragma once

#include <chrono>
#include <string>
#include <string_view>
#include <vector>

#include "bulwark/core/clock.hpp"
#include "bulwark/core/result.hpp"
#include "bulwark/exposure/exposure.hpp"
#include "bulwark/exposure/manifest.hpp"

namespace bulwark::exposure {

// Address ranges a scan may touch.
struct Scope {
  struct Range {
    bool v6 = false;
    unsigned char addr[16] = {};
    int prefix = 0;
    std::string text;
  };
  std::vector<Range> ranges;
};
// The default scope: 127.0.0.0/8 and ::1/128.
Scope loopback_scope();
// One address or CIDR per line ("192.0.2.0/24", "::1", "# comment"); errors name the line.
Result<Scope> parse_scope(std::string_view text);
Result<Scope> read_scope(const std::string& path);

// "22,80,443,8000-8010" (1..65535, at most 4096 ports); errors name the item.
Result<std::vector<int>> parse_ports(std::string_view list);
// The default list: common service and administration ports.
std::vector<int> default_ports();

// The UDP probes, by service.
enum class UdpProbe { kSnmp, kSsdp, kMdns, kDns, kNtp };
std::string_view udp_probe_name(UdpProbe p);  // "snmp", "ssdp", "mdns", "dns", "ntp"
struct UdpTarget {
  int port = 0;
  UdpProbe probe = UdpProbe::kSnmp;
};
// "161,1900,dns:5300,ntp:12300-12301" (at most 256 ports): a port alone gets the probe of its
// well-known service (53 dns, 123 ntp, 161 snmp, 1900 ssdp, 5353 mdns); any other port needs
// SERVICE:PORT (or SERVICE:LOW-HIGH). Errors name the item.
Result<std::vector<UdpTarget>> parse_udp_ports(std::string_view list);
// The well-known UDP ports: 53, 123, 161, 1900, 5353.
std::vector<UdpTarget> default_udp_ports();

struct NetOptions {
  std::string host;
  std::vector<int> ports;                           // empty: default_ports()
  std::vector<UdpTarget> udp_ports;                 // UDP probes (empty: no UDP)
  double rate = 20;                                 // connection attempts per second
  std::chrono::milliseconds connect_timeout{1000};  // per connection
  std::chrono::milliseconds read_timeout{1500};     // per answer
  Scope scope = loopback_scope();
  const Manifest* manifest = nullptr;
};

// Scans (see above). kInvalidInput for a host that is not a numeric address or "localhost";
// kPrecondition for an address outside the scope (nothing is sent).
Result<Report> scan_network(const NetOptions& options, const Clock& clock);

}  // namespace bulwark::exposure
