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
// UDP ports (udp_ports): SNMP v2c/v1 GetRequests for sysDescr.0 with the communities public and
// private (EXP.NET.SNMP).
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

struct NetOptions {
  std::string host;
  std::vector<int> ports;                           // empty: default_ports()
  std::vector<int> udp_ports;                       // SNMP probes (empty: no UDP)
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
