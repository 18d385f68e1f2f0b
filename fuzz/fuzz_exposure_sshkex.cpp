// libFuzzer entry point for the key exchange messages the SSH host key probe of `bulwark exposure
// net` reads after the KEXINIT (exposure/net_probe.hpp): the binary packet, KEX_DH_GEX_GROUP
// (RFC 4419), the KEXDH/KEX_ECDH/KEX_DH_GEX replies and the host key blob they carry, and the
// exchange choice over a parsed KEXINIT. Any input parses or fails with an error naming SSH;
// never a crash, an out-of-bounds read or a group outside the limits.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "bulwark/exposure/net_probe.hpp"

namespace {
namespace d = bulwark::exposure::detail;

void check_error(const std::string& message) {
  if (message.find("ssh ") != 0) std::abort();  // every error names the protocol
}

void replies(std::string_view payload) {
  for (std::uint8_t msg : {std::uint8_t{31}, std::uint8_t{33}}) {
    auto blob = d::parse_ssh_kex_reply(payload, msg);
    if (!blob) {
      check_error(blob.error().message);
      continue;
    }
    if (blob->empty() || blob->size() > payload.size()) std::abort();
    if (auto k = d::parse_ssh_host_key(*blob); k) {
      if (k->bits < 0 || k->curve.size() > 32) std::abort();
      (void)d::weak_ssh_host_key(*k);
    }
  }
  auto g = d::parse_ssh_gex_group(payload);
  if (!g) {
    check_error(g.error().message);
    return;
  }
  // p: 1024..8192 bits without leading zeros; 2 <= g < p.
  if (g->p.size() < 128 || g->p.size() > 1024 || g->p[0] == '\0') std::abort();
  if (g->g.empty() || g->g.size() > g->p.size() || g->g[0] == '\0') std::abort();
  if (g->g.size() == g->p.size() && !(g->g < g->p)) std::abort();
  auto m = d::ssh_mpint(g->p);
  if (m.size() != g->p.size() && m.size() != g->p.size() + 1) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view in(reinterpret_cast<const char*>(data), size);
  replies(in);  // a payload as such
  if (auto p = d::parse_ssh_packet(in); p && p->payload) {
    if (p->consumed > in.size() || p->payload->size() >= p->consumed) std::abort();
    replies(*p->payload);
  } else if (!p) {
    check_error(p.error().message);
  }
  if (auto k = d::parse_ssh_kexinit(in); k && k->kexinit) {
    auto c = d::choose_ssh_host_key_kex(*k->kexinit);
    if (c.kind != d::SshKexChoice::kNone) {
      if (c.name.empty()) std::abort();
      auto ours = d::parse_ssh_kexinit(d::build_ssh_kexinit(*k->kexinit, c.name, "ssh-rsa"));
      if (!ours || !ours->kexinit || ours->kexinit->kex.size() != 1) std::abort();
    }
  }
  return 0;
}
