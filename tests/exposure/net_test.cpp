// bulwark exposure net (exposure/net.hpp, net_probe.hpp): the parsers on hand-made answers, the
// scope and port rules, and scans of real servers the test starts on 127.0.0.1 (never another
// address): a TLS server offering only TLS 1.0 (openssl s_server at security level 0), a modern
// TLS server with a self-signed certificate, OpenSSH sshd and dropbear (with their KEXINIT
// algorithms), BusyBox telnetd and httpd, vsftpd. Each server's test skips with a message when
// its binary is missing or does not start.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <openssl/ssl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <thread>

#include "bulwark/exposure/manifest.hpp"
#include "bulwark/exposure/net.hpp"
#include "bulwark/exposure/net_probe.hpp"
#include "fixtures.hpp"

extern char** environ;

namespace bulwark::exposure::test {
namespace {

namespace d = detail;

// ---- parsers ----------------------------------------------------------------------------------

std::string be32(std::uint32_t v) {
  return {static_cast<char>(v >> 24), static_cast<char>(v >> 16), static_cast<char>(v >> 8),
          static_cast<char>(v)};
}
std::string kexinit_packet(const std::vector<std::string>& lists) {
  std::string payload(1, '\x14');
  payload += std::string(16, 'c');
  for (const auto& l : lists) payload += be32(static_cast<std::uint32_t>(l.size())) + l;
  payload += std::string(5, '\0');
  std::size_t pad = 4 + (8 - (payload.size() + 5 + 4) % 8) % 8;
  return be32(static_cast<std::uint32_t>(payload.size() + pad + 1)) +
         std::string(1, static_cast<char>(pad)) + payload + std::string(pad, '\0');
}

TEST(ExposureNetParsers, SshIdentificationAndKexinit) {
  auto id = d::parse_ssh_identification("hello\r\nSSH-2.0-OpenSSH_9.2p1 Debian-2\r\nrest");
  ASSERT_TRUE(id && *id);
  EXPECT_EQ((*id)->proto, "2.0");
  EXPECT_EQ((*id)->software, "OpenSSH_9.2p1");
  EXPECT_EQ((*id)->comments, "Debian-2");
  EXPECT_EQ((*id)->consumed, 39u);
  auto partial = d::parse_ssh_identification("SSH-2.0-Open");
  ASSERT_TRUE(partial);
  EXPECT_FALSE(*partial);
  auto long_line = d::parse_ssh_identification(std::string(300, 'x') + "\n");
  ASSERT_FALSE(long_line);
  EXPECT_NE(long_line.error().message.find("line 1"), std::string::npos);

  auto pkt = kexinit_packet({"curve25519-sha256,diffie-hellman-group1-sha1", "ssh-ed25519,ssh-dss",
                             "aes128-ctr,3des-cbc", "aes128-ctr", "hmac-sha2-256,hmac-md5",
                             "hmac-sha2-256", "none", "none", "", ""});
  auto k = d::parse_ssh_kexinit(pkt);
  ASSERT_TRUE(k) << k.error().message;
  ASSERT_TRUE(k->kexinit);
  EXPECT_EQ(k->kexinit->kex.size(), 2u);
  EXPECT_EQ(k->kexinit->host_key[1], "ssh-dss");
  auto weak = d::weak_ssh_algorithms(*k->kexinit);
  EXPECT_EQ(weak.size(), 4u);  // group1-sha1, ssh-dss, 3des-cbc, hmac-md5
  // Incomplete: asks for the whole packet.
  auto more = d::parse_ssh_kexinit(pkt.substr(0, 20));
  ASSERT_TRUE(more);
  EXPECT_FALSE(more->kexinit);
  EXPECT_EQ(more->needed, pkt.size());
  // Hostile: huge length, name-list longer than the packet, another message.
  EXPECT_FALSE(d::parse_ssh_kexinit(be32(0x7fffffff) + "x"));
  auto lying = pkt;
  lying[4 + 1 + 1 + 16 + 0] = '\x7f';  // first name-list length's top byte
  EXPECT_FALSE(d::parse_ssh_kexinit(lying));
  auto other = pkt;
  other[5] = '\x15';
  auto o = d::parse_ssh_kexinit(other);
  ASSERT_FALSE(o);
  EXPECT_NE(o.error().message.find("message 21"), std::string::npos);
}

TEST(ExposureNetParsers, TlsAnswersAndClientHello) {
  auto hello = d::build_client_hello(d::kTls10, {0x002f, 0xc013}, "device.example");
  ASSERT_GT(hello.size(), 50u);
  EXPECT_EQ(hello[0], '\x16');
  EXPECT_EQ(hello[5], '\x01');  // ClientHello
  EXPECT_NE(hello.find("device.example"), std::string::npos);
  EXPECT_EQ(d::build_client_hello(d::kTls12, {0x002f}, "127.0.0.1").find("127.0.0.1"),
            std::string::npos);  // no SNI for addresses
  auto ssl3 = d::build_client_hello(d::kSsl3, {0x000a}, "x");
  EXPECT_EQ(ssl3[2], '\x00');  // record version 3.0

  std::string sh =
      "\x03\x03" + std::string(32, 'r') + std::string(1, '\0') + "\xc0\x2f" + std::string(1, '\0');
  std::string hs = std::string("\x02\x00\x00", 3) + static_cast<char>(sh.size()) + sh;
  std::string rec = std::string("\x16\x03\x03\x00", 4) + static_cast<char>(hs.size()) + hs;
  auto a = d::parse_tls_answer(rec);
  ASSERT_TRUE(a && *a) << (a ? "" : a.error().message);
  EXPECT_EQ((*a)->kind, d::TlsAnswer::kServerHello);
  EXPECT_EQ((*a)->version, d::kTls12);
  EXPECT_EQ((*a)->cipher, 0xc02f);
  auto partial = d::parse_tls_answer(rec.substr(0, rec.size() - 3));
  ASSERT_TRUE(partial);
  EXPECT_FALSE(*partial);
  auto alert = d::parse_tls_answer(std::string("\x15\x03\x01\x00\x02\x02\x46", 7));
  ASSERT_TRUE(alert && *alert);
  EXPECT_EQ((*alert)->kind, d::TlsAnswer::kAlert);
  EXPECT_EQ((*alert)->alert_description, 70);
  auto bad_sid = rec;
  bad_sid[9 + 2 + 32] = '\x40';
  EXPECT_FALSE(d::parse_tls_answer(bad_sid));
  auto not_tls = d::parse_tls_answer("HTTP/1.0 400 Bad Request\r\n");
  ASSERT_TRUE(not_tls && *not_tls);
  EXPECT_EQ((*not_tls)->kind, d::TlsAnswer::kOther);
}

TEST(ExposureNetParsers, SnmpRequestAndResponse) {
  // v2c GetRequest for sysDescr.0, community public, request id 1 (byte for byte).
  const std::string expected(
      "\x30\x26\x02\x01\x01\x04\x06public\xa0\x19\x02\x01\x01\x02\x01\x00\x02\x01\x00\x30\x0e"
      "\x30\x0c\x06\x08\x2b\x06\x01\x02\x01\x01\x01\x00\x05\x00",
      40);
  EXPECT_EQ(d::build_snmp_get(1, "public", 1), expected);
  EXPECT_EQ(d::build_snmp_get(0, "public", 1)[4], '\x00');  // v1
  // net-snmp 5.9.3's answer to it.
  const std::string answer(
      "\x30\x38\x02\x01\x01\x04\x06public\xa2\x2b\x02\x01\x01\x02\x01\x00\x02\x01\x00\x30\x20"
      "\x30\x1e\x06\x08\x2b\x06\x01\x02\x01\x01\x01\x00\x04\x12"
      "Bulwark test agent",
      58);
  auto r = d::parse_snmp_response(answer);
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->version, 1);
  EXPECT_EQ(r->community, "public");
  EXPECT_EQ(r->request_id, 1u);
  EXPECT_EQ(r->oid, "1.3.6.1.2.1.1.1.0");
  EXPECT_EQ(r->value_type, "string");
  EXPECT_EQ(r->value, "Bulwark test agent");
  // A v2c exception value.
  auto nso = answer.substr(0, 38) + std::string("\x80\x00", 2);
  nso[1] = static_cast<char>(nso.size() - 2);
  nso[14] = static_cast<char>(nso.size() - 15);
  nso[25] = static_cast<char>(nso.size() - 26);
  nso[27] = static_cast<char>(nso.size() - 28);
  auto n = d::parse_snmp_response(nso);
  ASSERT_TRUE(n) << n.error().message;
  EXPECT_EQ(n->value_type, "noSuchObject");
  // Hostile: truncation, lengths over the parent, indefinite and 5-byte lengths, another PDU.
  for (std::size_t cut : {0ul, 1ul, 10ul, 30ul, 57ul})
    EXPECT_FALSE(d::parse_snmp_response(answer.substr(0, cut))) << cut;
  auto over = answer;
  over[39] = '\x7f';  // the string's length
  auto e = d::parse_snmp_response(over);
  ASSERT_FALSE(e);
  EXPECT_NE(e.error().message.find("value length 127"), std::string::npos) << e.error().message;
  EXPECT_FALSE(d::parse_snmp_response(std::string("\x30\x80\x02\x01\x01", 5)));
  EXPECT_FALSE(d::parse_snmp_response(std::string("\x30\x85\x00\x00\x00\x00\x01\x00", 8)));
  EXPECT_FALSE(d::parse_snmp_response(std::string("\x3f\x01\x00", 3)));
  auto trap = answer;
  trap[13] = '\xa4';
  auto t = d::parse_snmp_response(trap);
  ASSERT_FALSE(t);
  EXPECT_NE(t.error().message.find("not a Response"), std::string::npos);
  auto big_int =
      d::parse_snmp_response(std::string("\x30\x08\x02\x06\x01\x02\x03\x04\x05\x06", 10));
  ASSERT_FALSE(big_int);
  EXPECT_NE(big_int.error().message.find("version"), std::string::npos);
}

std::string ssh_str(std::string_view v) {
  return be32(static_cast<std::uint32_t>(v.size())) + std::string(v);
}

TEST(ExposureNetParsers, SshPacketsAndHostKeys) {
  auto pkt = d::build_ssh_packet("\x1e" + ssh_str(std::string(32, 'k')));
  EXPECT_EQ(pkt.size() % 8, 0u);
  auto p = d::parse_ssh_packet(pkt + "next");
  ASSERT_TRUE(p && p->payload);
  EXPECT_EQ(p->consumed, pkt.size());
  EXPECT_EQ(p->payload->size(), 37u);
  auto partial = d::parse_ssh_packet(pkt.substr(0, 9));
  ASSERT_TRUE(partial);
  EXPECT_FALSE(partial->payload);
  EXPECT_EQ(partial->needed, pkt.size());
  d::SshKexInit server;
  server.cipher_c2s = server.cipher_s2c = {"aes128-ctr", "chacha20-poly1305@openssh.com"};
  server.mac_c2s = server.mac_s2c = {"hmac-sha2-256"};
  server.comp_c2s = server.comp_s2c = {"none"};
  auto ours = d::parse_ssh_kexinit(d::build_ssh_kexinit(server, "ssh-ed25519"));
  ASSERT_TRUE(ours && ours->kexinit) << (ours ? "incomplete" : ours.error().message);
  EXPECT_EQ(ours->kexinit->host_key, std::vector<std::string>{"ssh-ed25519"});
  EXPECT_EQ(ours->kexinit->kex[0], "curve25519-sha256");
  EXPECT_EQ(ours->kexinit->cipher_s2c, server.cipher_s2c);

  // An RSA key with a 1024-bit modulus (mpint with its leading zero byte).
  std::string modulus = std::string(1, '\0') + "\xc1" + std::string(127, '\x55');
  auto rsa_blob =
      ssh_str("ssh-rsa") + ssh_str(std::string_view("\x01\x00\x01", 3)) + ssh_str(modulus);
  auto reply = std::string(1, '\x1f') + ssh_str(rsa_blob) + ssh_str(std::string(32, 'q')) +
               ssh_str(ssh_str("rsa-sha2-512") + ssh_str("sig"));
  auto blob = d::parse_ssh_ecdh_reply(reply);
  ASSERT_TRUE(blob) << blob.error().message;
  auto rsa = d::parse_ssh_host_key(*blob);
  ASSERT_TRUE(rsa) << rsa.error().message;
  EXPECT_EQ(rsa->type, "ssh-rsa");
  EXPECT_EQ(rsa->bits, 1024);
  EXPECT_EQ(d::weak_ssh_host_key(*rsa), "host key ssh-rsa 1024 bits (under 2048)");
  auto ed = d::parse_ssh_host_key(ssh_str("ssh-ed25519") + ssh_str(std::string(32, 'e')));
  ASSERT_TRUE(ed);
  EXPECT_EQ(ed->bits, 256);
  EXPECT_EQ(d::weak_ssh_host_key(*ed), "");
  auto ec = d::parse_ssh_host_key(ssh_str("ecdsa-sha2-nistp384") + ssh_str("nistp384") +
                                  ssh_str(std::string(97, '\x04')));
  ASSERT_TRUE(ec);
  EXPECT_EQ(ec->bits, 384);
  auto dss = d::parse_ssh_host_key(ssh_str("ssh-dss") +
                                   ssh_str(std::string("\x00\x80", 2) + std::string(127, 'p')) +
                                   ssh_str("q") + ssh_str("g") + ssh_str("y"));
  ASSERT_TRUE(dss);
  EXPECT_NE(d::weak_ssh_host_key(*dss), "");
  EXPECT_EQ(d::ssh_host_key_family("rsa-sha2-512"), "rsa");
  EXPECT_EQ(d::ssh_host_key_family("ssh-ed25519-cert-v01@openssh.com"), "");
  // Hostile: lengths over the packet, another message, a short Ed25519 key.
  EXPECT_FALSE(d::parse_ssh_ecdh_reply(std::string(1, '\x1f') + be32(0xffffffff)));
  auto other = d::parse_ssh_ecdh_reply(std::string(1, '\x14'));
  ASSERT_FALSE(other);
  EXPECT_NE(other.error().message.find("message 20"), std::string::npos);
  EXPECT_FALSE(d::parse_ssh_host_key(ssh_str("ssh-ed25519") + ssh_str("short")));
  EXPECT_FALSE(d::parse_ssh_host_key(ssh_str("ssh-rsa") +
                                     ssh_str(std::string_view("\x01\x00\x01", 3)) + be32(500)));
  EXPECT_FALSE(d::parse_ssh_host_key(be32(3) + "a\nb"));
}

TEST(ExposureNetParsers, SshKeyExchangeChoiceAndDiffieHellmanMessages) {
  d::SshKexInit k;
  k.kex = {"diffie-hellman-group14-sha1", "ecdh-sha2-nistp384", "curve25519-sha256@libssh.org"};
  auto c = d::choose_ssh_host_key_kex(k);
  EXPECT_EQ(c.kind, d::SshKexChoice::kCurve25519);
  EXPECT_EQ(c.name, "curve25519-sha256@libssh.org");
  k.kex = {"diffie-hellman-group14-sha1", "ecdh-sha2-nistp384", "kex-strict-s-v00@openssh.com"};
  c = d::choose_ssh_host_key_kex(k);
  EXPECT_EQ(c.kind, d::SshKexChoice::kEcdh);
  EXPECT_EQ(c.curve, "P-384");
  k.kex = {"diffie-hellman-group-exchange-sha256", "diffie-hellman-group1-sha1",
           "diffie-hellman-group16-sha512"};
  c = d::choose_ssh_host_key_kex(k);
  EXPECT_EQ(c.kind, d::SshKexChoice::kDhGroup);
  EXPECT_EQ(c.group, 16);
  k.kex = {"diffie-hellman-group-exchange-sha1"};
  EXPECT_EQ(d::choose_ssh_host_key_kex(k).kind, d::SshKexChoice::kDhGex);
  k.kex = {"sntrup761x25519-sha512@openssh.com", "gss-group14-sha256-"};
  EXPECT_EQ(d::choose_ssh_host_key_kex(k).kind, d::SshKexChoice::kNone);
  // Our KEXINIT names exactly the chosen exchange.
  auto ours = d::parse_ssh_kexinit(d::build_ssh_kexinit(k, "ecdh-sha2-nistp256", "rsa-sha2-512"));
  ASSERT_TRUE(ours && ours->kexinit);
  EXPECT_EQ(ours->kexinit->kex, std::vector<std::string>{"ecdh-sha2-nistp256"});
  EXPECT_EQ(ours->kexinit->host_key, std::vector<std::string>{"rsa-sha2-512"});
  // mpints: leading zeros dropped, a zero byte before a set top bit.
  EXPECT_EQ(d::ssh_mpint(std::string("\x00\x00\x7f\x01", 4)), "\x7f\x01");
  EXPECT_EQ(d::ssh_mpint("\x80"), std::string("\x00\x80", 2));
  EXPECT_EQ(d::ssh_mpint(std::string(3, '\0')), "");
  auto gex = d::build_ssh_gex_request(1024, 2048, 8192);
  auto gp = d::parse_ssh_packet(gex);
  ASSERT_TRUE(gp && gp->payload);
  EXPECT_EQ(*gp->payload, "\x22" + be32(1024) + be32(2048) + be32(8192));
  // KEX_DH_GEX_GROUP: a 2048-bit p and g = 2.
  const std::string p = std::string(1, '\0') + std::string(256, '\xff');
  auto group = d::parse_ssh_gex_group("\x1f" + ssh_str(p) + ssh_str("\x02"));
  ASSERT_TRUE(group) << group.error().message;
  EXPECT_EQ(group->p.size(), 256u);
  EXPECT_EQ(group->g, "\x02");
  for (const auto& [bad, what] : std::vector<std::pair<std::string, std::string>>{
           {"\x1f" + ssh_str(std::string(64, '\x7f')) + ssh_str("\x02"), "p of 511 bits"},
           {"\x1f" + ssh_str(std::string(1100, '\x7f')) + ssh_str("\x02"), "outside 1024..8192"},
           {"\x1f" + ssh_str(std::string(256, '\xff')) + ssh_str("\x02"), "p is negative"},
           {"\x1f" + ssh_str(p) + ssh_str("\x01"), "g not in 2..p-1"},
           {"\x1f" + ssh_str(p) + ssh_str(p), "g not in 2..p-1"},
           {"\x1f" + ssh_str(p), "truncated g"},
           {"\x1f" + be32(4000) + "p", "truncated p"},
           {"\x21", "message 33"}}) {
    auto g = d::parse_ssh_gex_group(bad);
    ASSERT_FALSE(g) << what;
    EXPECT_NE(g.error().message.find(what), std::string::npos) << g.error().message;
  }
  // KEX_DH_GEX_REPLY (33) carries the host key like KEXDH_REPLY (31).
  auto blob = ssh_str("ssh-dss") + ssh_str(std::string("\x00\x80", 2) + std::string(127, 'p')) +
              ssh_str("q") + ssh_str("g") + ssh_str("y");
  auto reply = "\x21" + ssh_str(blob) + ssh_str("f") + ssh_str("sig");
  auto r = d::parse_ssh_kex_reply(reply, 33);
  ASSERT_TRUE(r) << r.error().message;
  auto key = d::parse_ssh_host_key(*r);
  ASSERT_TRUE(key);
  EXPECT_EQ(key->type, "ssh-dss");
  EXPECT_EQ(key->bits, 1024);
  auto wrong = d::parse_ssh_kex_reply(reply, 31);
  ASSERT_FALSE(wrong);
  EXPECT_NE(wrong.error().message.find("message 33"), std::string::npos);
  auto cut = d::parse_ssh_kex_reply("\x21" + ssh_str(blob) + ssh_str("f"), 33);
  ASSERT_FALSE(cut);
  EXPECT_NE(cut.error().message.find("KEX_DH_GEX_REPLY: truncated signature"), std::string::npos);
}

TEST(ExposureNetParsers, UpnpUrlsHttpDocumentsAndDescriptions) {
  auto u = d::parse_http_url("http://[::1]:49152/a/rootDesc.xml?x#f");
  ASSERT_TRUE(u) << u.error().message;
  EXPECT_EQ(u->host, "::1");
  EXPECT_EQ(u->port, 49152);
  EXPECT_EQ(u->path, "/a/rootDesc.xml?x");
  auto r = d::resolve_http_url(*u, "WANIPCn.xml");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->path, "/a/WANIPCn.xml");
  EXPECT_EQ(d::build_http_get(*u),
            "GET /a/rootDesc.xml?x HTTP/1.0\r\nHost: [::1]:49152\r\nConnection: "
            "close\r\nUser-Agent: bulwark-exposure\r\n\r\n");
  EXPECT_FALSE(d::parse_http_url("https://1.2.3.4/"));
  EXPECT_FALSE(d::parse_http_url("http://u@1.2.3.4/"));
  EXPECT_FALSE(d::parse_http_url("http://1.2.3.4:0/"));
  auto h = d::parse_http_document("HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\nabcdef", false);
  ASSERT_TRUE(h && *h);
  EXPECT_EQ((*h)->body, "abc");
  auto part = d::parse_http_document("HTTP/1.1 200 OK\r\nContent-Length: 9\r\n\r\nabc", false);
  ASSERT_TRUE(part);
  EXPECT_FALSE(*part);
  auto ch = d::parse_http_document(
      "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n2;x\r\nde\r\n0\r\n\r\n",
      false);
  ASSERT_TRUE(ch && *ch) << (ch ? "" : ch.error().message);
  EXPECT_EQ((*ch)->body, "abcde");
  auto close = d::parse_http_document("HTTP/1.0 200 OK\r\n\r\nxyz", true);
  ASSERT_TRUE(close && *close);
  EXPECT_EQ((*close)->body, "xyz");
  auto desc = d::parse_upnp_description(
      R"(<?xml version="1.0"?><root xmlns="urn:schemas-upnp-org:device-1-0"><device><deviceType>urn:schemas-upnp-org:device:InternetGatewayDevice:1</deviceType><manufacturer> Ex </manufacturer><serialNumber>S</serialNumber><serviceList><service><serviceType>urn:schemas-upnp-org:service:Layer3Forwarding:1</serviceType></service></serviceList><deviceList><device><deviceType>urn:schemas-upnp-org:device:WANDevice:1</deviceType><deviceList><device><deviceType>x</deviceType><serviceList><service><serviceType>urn:schemas-upnp-org:service:WANIPConnection:1</serviceType><SCPDURL>/s.xml</SCPDURL><controlURL>/c</controlURL></service></serviceList></device></deviceList></device></deviceList></device></root>)");
  ASSERT_TRUE(desc) << desc.error().message;
  EXPECT_EQ(desc->manufacturer, "Ex");
  EXPECT_EQ(desc->device_types.size(), 3u);
  ASSERT_EQ(desc->services.size(), 2u);
  EXPECT_TRUE(d::upnp_port_mapping_service(desc->services[1].type));
  EXPECT_FALSE(d::upnp_port_mapping_service(desc->services[0].type));
  EXPECT_EQ(d::upnp_short_type(desc->services[1].type), "WANIPConnection:1");
  std::string deep = "<root><device>";
  for (int k = 0; k < 200; ++k) deep += "<a>";
  for (int k = 0; k < 200; ++k) deep += "</a>";
  deep += "</device></root>";
  auto dd = d::parse_upnp_description(deep);
  ASSERT_FALSE(dd);
  EXPECT_EQ(dd.error().message, "upnp description: elements nested deeper than 32");
  auto dt = d::parse_upnp_description("<!DOCTYPE x><root/>");
  ASSERT_FALSE(dt);
  EXPECT_NE(dt.error().message.find("DOCTYPE"), std::string::npos);
  auto sc = d::parse_upnp_scpd(
      "<scpd><actionList><action><name>AddPortMapping</name></action></actionList></scpd>");
  ASSERT_TRUE(sc);
  ASSERT_EQ(sc->size(), 1u);
  EXPECT_EQ((*sc)[0], "AddPortMapping");
}

TEST(ExposureNetParsers, FtpSmtpImapPop3Answers) {
  auto one = d::parse_ftp_reply("230 Login successful.\r\n");
  ASSERT_TRUE(one && *one);
  EXPECT_EQ((*one)->code, 230);
  EXPECT_EQ((*one)->lines[0], "Login successful.");
  auto multi = d::parse_ftp_reply("250-mail.test\r\n250-SIZE 1000\r\n250 STARTTLS\r\n221 x\r\n");
  ASSERT_TRUE(multi && *multi);
  EXPECT_EQ((*multi)->lines.size(), 3u);
  EXPECT_EQ((*multi)->lines[2], "STARTTLS");
  EXPECT_EQ((*multi)->consumed, 44u);
  auto more = d::parse_ftp_reply("220-welcome\r\n");
  ASSERT_TRUE(more);
  EXPECT_FALSE(*more);
  EXPECT_FALSE(d::parse_ftp_reply("hello\r\n"));
  EXPECT_FALSE(d::parse_ftp_reply("2200\r\n"));
  std::string flood;
  for (int i = 0; i < 70; ++i) flood += "220-x\r\n";
  auto f = d::parse_ftp_reply(flood);
  ASSERT_FALSE(f);
  EXPECT_NE(f.error().message.find("64 lines"), std::string::npos);

  auto imap =
      d::parse_imap_answer("* CAPABILITY IMAP4rev1 STARTTLS LOGINDISABLED\r\na1 OK done\r\n", "a1");
  ASSERT_TRUE(imap && *imap);
  EXPECT_TRUE((*imap)->ok);
  EXPECT_EQ((*imap)->capabilities[1], "STARTTLS");
  auto imap_no = d::parse_imap_answer("a1 BAD no\r\n", "a1");
  ASSERT_TRUE(imap_no && *imap_no);
  EXPECT_FALSE((*imap_no)->ok);
  auto pop = d::parse_pop3_answer("+OK\r\nUSER\r\nstls\r\n.\r\n", true);
  ASSERT_TRUE(pop && *pop);
  EXPECT_EQ((*pop)->capabilities, (std::vector<std::string>{"USER", "STLS"}));
  auto pop_more = d::parse_pop3_answer("+OK\r\nUSER\r\n", true);
  ASSERT_TRUE(pop_more);
  EXPECT_FALSE(*pop_more);
  EXPECT_FALSE(d::parse_pop3_answer("HELLO\r\n", false));
  EXPECT_EQ(d::classify_banner("* OK [CAPABILITY IMAP4rev1] ready\r\n"), "imap");
  EXPECT_EQ(d::classify_banner("+OK POP3 ready\r\n"), "pop3");
}

TEST(ExposureNetParsers, BannersScopeAndPorts) {
  EXPECT_EQ(d::classify_banner("SSH-2.0-dropbear\r\n"), "ssh");
  EXPECT_EQ(d::classify_banner(std::string("\xff\xfd\x01\xff\xfb\x03", 6)), "telnet");
  EXPECT_EQ(d::classify_banner("220 (vsFTPd 3.0.3)\r\n"), "ftp");
  EXPECT_EQ(d::classify_banner("220 mail ESMTP Postfix\r\n"), "smtp");
  EXPECT_EQ(d::classify_banner("random"), "");
  EXPECT_EQ(d::banner_text(std::string("\xff\xfd\x01login: \x01", 10)), "login: ");
  auto h = d::parse_http_answer(
      "HTTP/1.0 401 Unauthorized\r\nServer: GoAhead\r\nWWW-Authenticate: Basic realm=x\r\n\r\n");
  ASSERT_TRUE(h);
  EXPECT_TRUE(h->basic_auth);
  EXPECT_EQ(h->server, "GoAhead");
  EXPECT_EQ(h->status_line, "HTTP/1.0 401 Unauthorized");

  auto ports = parse_ports("443, 22,8000-8002,22");
  ASSERT_TRUE(ports);
  EXPECT_EQ(*ports, (std::vector<int>{22, 443, 8000, 8001, 8002}));
  for (const char* bad : {"0", "65536", "22-", "9-3", "abc", "", "1-65535"})
    EXPECT_FALSE(parse_ports(bad)) << bad;
  auto scope = parse_scope("# lab\n10.0.0.0/8\n::1\n");
  ASSERT_TRUE(scope);
  EXPECT_EQ(scope->ranges.size(), 2u);
  auto bad = parse_scope("127.0.0.1\nexample.com\n");
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().message.find("line 2"), std::string::npos);
  EXPECT_FALSE(parse_scope("10.0.0.0/33\n"));
}

TEST(ExposureNetParsers, SshModernAlgorithmClasses) {
  d::SshKexInit modern;
  modern.kex = {"sntrup761x25519-sha512@openssh.com", "ecdh-sha2-nistp256"};
  modern.host_key = {"rsa-sha2-512", "ssh-ed25519"};
  EXPECT_TRUE(d::missing_modern_ssh_algorithms(modern).empty());
  d::SshKexInit old;
  old.kex = {"ecdh-sha2-nistp256", "diffie-hellman-group14-sha1"};
  old.host_key = {"ecdsa-sha2-nistp256", "ssh-rsa"};
  auto missing = d::missing_modern_ssh_algorithms(old);
  ASSERT_EQ(missing.size(), 2u);
  EXPECT_TRUE(missing[0].starts_with("kex: no curve25519")) << missing[0];
  EXPECT_TRUE(missing[1].starts_with("host key: no Ed25519")) << missing[1];
  // The weak list names the algorithms of the brief: ssh-dss, group1/group14-sha1, CBC,
  // hmac-md5 and hmac-sha1-96.
  d::SshKexInit weak;
  weak.kex = {"diffie-hellman-group1-sha1", "diffie-hellman-group14-sha1"};
  weak.host_key = {"ssh-dss"};
  weak.cipher_s2c = {"aes256-cbc"};
  weak.mac_s2c = {"hmac-md5", "hmac-sha1-96"};
  EXPECT_EQ(d::weak_ssh_algorithms(weak).size(), 6u);
}

TEST(ExposureNetParsers, SsdpSearchAndAnswer) {
  auto req = d::build_ssdp_msearch("127.0.0.1", 1900);
  EXPECT_TRUE(req.starts_with("M-SEARCH * HTTP/1.1\r\n")) << req;
  EXPECT_NE(req.find("HOST: 127.0.0.1:1900\r\n"), std::string::npos);
  EXPECT_NE(req.find("MAN: \"ssdp:discover\"\r\n"), std::string::npos);
  EXPECT_NE(req.find("ST: ssdp:all\r\n"), std::string::npos);
  EXPECT_TRUE(req.ends_with("\r\n\r\n"));
  EXPECT_NE(d::build_ssdp_msearch("::1", 1900).find("HOST: [::1]:1900"), std::string::npos);
  auto a = d::parse_ssdp_response(
      "HTTP/1.1 200 OK\r\nCACHE-CONTROL: max-age=120\r\nST: upnp:rootdevice\r\n"
      "USN: uuid:1::upnp:rootdevice\r\nSERVER: Debian/12 UPnP/1.1 MiniUPnPd/2.3.1\r\n"
      "location:   http://192.0.2.1:5000/rootDesc.xml  \r\n\r\n");
  ASSERT_TRUE(a) << a.error().message;
  EXPECT_EQ(a->status, 200);
  EXPECT_EQ(a->server, "Debian/12 UPnP/1.1 MiniUPnPd/2.3.1");
  EXPECT_EQ(a->location, "http://192.0.2.1:5000/rootDesc.xml");
  EXPECT_EQ(a->st, "upnp:rootdevice");
  auto notify = d::parse_ssdp_response("NOTIFY * HTTP/1.1\r\n\r\n");
  ASSERT_FALSE(notify);
  EXPECT_NE(notify.error().message.find("ssdp: status line"), std::string::npos);
  std::string many = "HTTP/1.1 200 OK\r\n";
  for (int i = 0; i < 70; ++i) many += "X: y\r\n";
  auto m = d::parse_ssdp_response(many);
  ASSERT_FALSE(m);
  EXPECT_NE(m.error().message.find("more than 64"), std::string::npos);
  EXPECT_FALSE(d::parse_ssdp_response("HTTP/1.1 200 OK\r\nno colon\r\n\r\n"));
  EXPECT_FALSE(d::parse_ssdp_response(std::string(9000, 'x')));
}

std::string be16(std::uint16_t v) { return {static_cast<char>(v >> 8), static_cast<char>(v)}; }
std::string dns_name(std::string_view dotted) {
  std::string out;
  while (!dotted.empty()) {
    auto dot = dotted.find('.');
    auto label = dotted.substr(0, dot);
    out += static_cast<char>(label.size());
    out += label;
    dotted = dot == std::string_view::npos ? std::string_view() : dotted.substr(dot + 1);
  }
  return out + std::string(1, '\0');
}
// A DNS answer to `query` (its id and question copied): flags, then the given answer records
// (each: name pointer to the question, type, class, TTL, data).
std::string dns_answer(std::string_view query, std::uint16_t flags,
                       const std::vector<std::pair<std::uint16_t, std::string>>& records,
                       std::uint16_t klass = 1) {
  std::string out(query.substr(0, 2));
  out +=
      be16(flags) + be16(1) + be16(static_cast<std::uint16_t>(records.size())) + be16(0) + be16(0);
  out += query.substr(12);
  for (const auto& [type, data] : records)
    out += std::string("\xc0\x0c", 2) + be16(type) + be16(klass) + be32(60) +
           be16(static_cast<std::uint16_t>(data.size())) + data;
  return out;
}

TEST(ExposureNetParsers, DnsQueriesAndAnswers) {
  auto q = d::build_dns_query(0x1234, "version.bind", d::kDnsTxt, d::kDnsClassChaos, false);
  EXPECT_EQ(q, std::string("\x12\x34\x00\x00\x00\x01\x00\x00\x00\x00\x00\x00", 12) +
                   dns_name("version.bind") + be16(16) + be16(3));
  auto rq = d::build_dns_query(1, "www.example.com", d::kDnsA, d::kDnsClassIn, true);
  EXPECT_EQ(rq[2], '\x01');  // RD
  // version.bind: a CHAOS TXT answer.
  auto v = d::parse_dns_response(dns_answer(q, 0x8400,
                                            {{16,
                                              "\x0c"
                                              "dnsmasq-2.90"}},
                                            3));
  ASSERT_TRUE(v) << v.error().message;
  EXPECT_TRUE(v->qr);
  EXPECT_TRUE(v->aa);
  EXPECT_FALSE(v->ra);
  EXPECT_EQ(v->id, 0x1234);
  ASSERT_EQ(v->answers.size(), 1u);
  EXPECT_EQ(v->answers[0].name, "version.bind");
  EXPECT_EQ(v->answers[0].klass, 3);
  EXPECT_EQ(v->answers[0].value, "dnsmasq-2.90");
  // Recursion: RA set, an A record.
  auto a = d::parse_dns_response(dns_answer(rq, 0x8180, {{1, std::string("\xc0\x00\x02\x07", 4)}}));
  ASSERT_TRUE(a) << a.error().message;
  EXPECT_TRUE(a->ra);
  EXPECT_EQ(a->rcode, 0);
  EXPECT_EQ(a->answers[0].value, "192.0.2.7");
  auto refused = d::parse_dns_response(dns_answer(rq, 0x8105, {}));
  ASSERT_TRUE(refused);
  EXPECT_EQ(d::dns_rcode_name(refused->rcode), "REFUSED");
  // mDNS: PTR records whose names point back into the question (compression).
  auto mq =
      d::build_dns_query(0, "_services._dns-sd._udp.local", d::kDnsPtr, d::kDnsClassIn, false);
  auto ptr = dns_answer(
      mq, 0x8400, {{12, "\x05_http\x04_tcp\xc0\x1e"}, {12, "\x04_ssh\x04_tcp\xc0\x1e"}}, 0x8001);
  auto m = d::parse_dns_response(ptr);
  ASSERT_TRUE(m) << m.error().message;
  ASSERT_EQ(m->answers.size(), 2u);
  EXPECT_EQ(m->answers[0].value, "_http._tcp._udp.local");
  EXPECT_EQ(m->answers[1].value, "_ssh._tcp._udp.local");
  EXPECT_EQ(m->answers[0].klass, 1);  // cache-flush bit dropped
  // Hostile: a pointer to itself, a pointer forward, data longer than the datagram, too many
  // questions, a short header.
  auto header = std::string("\x00\x01\x80\x00\x00\x01\x00\x00\x00\x00\x00\x00", 12);
  auto self = d::parse_dns_response(header + "\xc0\x0c" + be16(1) + be16(1));
  ASSERT_FALSE(self);
  EXPECT_NE(self.error().message.find("dns: question name pointer"), std::string::npos);
  EXPECT_FALSE(d::parse_dns_response(header + "\xc0\x20" + be16(1) + be16(1) + std::string(20, 0)));
  auto longdata = dns_answer(rq, 0x8180, {{1, "abcd"}});
  longdata[longdata.size() - 5] = '\x7f';  // rdlength 0x7f04
  auto ld = d::parse_dns_response(longdata);
  ASSERT_FALSE(ld);
  EXPECT_NE(ld.error().message.find("answer 1 data"), std::string::npos) << ld.error().message;
  auto many = header;
  many[5] = '\x40';
  EXPECT_FALSE(d::parse_dns_response(many));
  EXPECT_FALSE(d::parse_dns_response("\x00\x01"));
  // A name of more than 255 bytes.
  std::string big = header;
  for (int i = 0; i < 6; ++i) big += "\x3f" + std::string(63, 'a');
  big += std::string(1, '\0') + be16(1) + be16(1);
  auto b = d::parse_dns_response(big);
  ASSERT_FALSE(b);
  EXPECT_NE(b.error().message.find("longer than 255"), std::string::npos);
}

TEST(ExposureNetParsers, NtpControlAndPrivateModes) {
  auto rv = d::build_ntp_readvar(0x4201);
  EXPECT_EQ(rv, std::string("\x16\x02\x42\x01\x00\x00\x00\x00\x00\x00\x00\x00", 12));
  auto ml = d::build_ntp_monlist();
  ASSERT_EQ(ml.size(), 48u);
  EXPECT_EQ(ml.substr(0, 4), std::string("\x17\x00\x03\x2a", 4));
  const std::string vars = "version=\"ntpd 4.2.8p15\", stratum=2";
  auto r6 = d::parse_ntp_response(std::string("\x16\x82\x42\x01\x06\x15\x00\x00\x00\x00", 10) +
                                  be16(static_cast<std::uint16_t>(vars.size())) + vars + "\0\0");
  ASSERT_TRUE(r6) << r6.error().message;
  EXPECT_EQ(r6->mode, 6);
  EXPECT_TRUE(r6->response);
  EXPECT_EQ(r6->opcode, 2);
  EXPECT_EQ(r6->sequence, 0x4201);
  EXPECT_EQ(r6->data, vars);
  auto r7 = d::parse_ntp_response(std::string("\xd7\x00\x03\x2a\x00\x06\x00\x48", 8) +
                                  std::string(6 * 72, '\x11'));
  ASSERT_TRUE(r7) << r7.error().message;
  EXPECT_EQ(r7->mode, 7);
  EXPECT_TRUE(r7->response);
  EXPECT_TRUE(r7->more);
  EXPECT_EQ(r7->request_code, 42);
  EXPECT_EQ(r7->items, 6);
  EXPECT_EQ(r7->item_size, 72);
  auto err7 = d::parse_ntp_response(std::string("\x97\x00\x03\x2a\x40\x00\x00\x00", 8));
  ASSERT_TRUE(err7);
  EXPECT_TRUE(err7->error);
  // Hostile: a count over the datagram, items over the limit, another mode, truncation.
  auto over =
      d::parse_ntp_response(std::string("\x16\x82\x00\x01\x00\x00\x00\x00\x00\x00\x01\x00", 12));
  ASSERT_FALSE(over);
  EXPECT_NE(over.error().message.find("ntp: mode 6 count 256"), std::string::npos);
  EXPECT_FALSE(d::parse_ntp_response(std::string("\x97\x00\x03\x2a\x00\x10\x00\x48", 8)));
  auto mode3 = d::parse_ntp_response(std::string("\x1c", 1) + std::string(47, '\0'));
  ASSERT_FALSE(mode3);
  EXPECT_NE(mode3.error().message.find("mode 4"), std::string::npos) << mode3.error().message;
  EXPECT_FALSE(d::parse_ntp_response(std::string("\x16\x82", 2)));
  EXPECT_FALSE(d::parse_ntp_response(""));
}

TEST(ExposureNetParsers, UdpPortList) {
  auto l = parse_udp_ports("161, 1900,dns:5300,ntp:12300-12301,5353");
  ASSERT_TRUE(l) << l.error().message;
  ASSERT_EQ(l->size(), 6u);
  EXPECT_EQ((*l)[0].probe, UdpProbe::kSnmp);
  EXPECT_EQ((*l)[1].probe, UdpProbe::kSsdp);
  EXPECT_EQ((*l)[2].port, 5300);
  EXPECT_EQ((*l)[2].probe, UdpProbe::kDns);
  EXPECT_EQ((*l)[4].port, 12301);
  EXPECT_EQ((*l)[4].probe, UdpProbe::kNtp);
  EXPECT_EQ((*l)[5].probe, UdpProbe::kMdns);
  auto unknown = parse_udp_ports("16161");
  ASSERT_FALSE(unknown);
  EXPECT_NE(unknown.error().message.find("SERVICE:PORT"), std::string::npos);
  for (const char* bad : {"", "0", "foo:53", "dns:", "dns:0", "snmp:1-400"})
    EXPECT_FALSE(parse_udp_ports(bad)) << bad;
  EXPECT_EQ(default_udp_ports().size(), 5u);
}

TEST(ExposureNet, RefusesHostsOutsideTheScopeWithoutSending) {
  NetOptions o;
  o.host = "192.0.2.10";  // TEST-NET-1: never contacted, refused before any connection
  auto r = scan_network(o, test_clock());
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kPrecondition);
  o.host = "device.example";
  auto n = scan_network(o, test_clock());
  ASSERT_FALSE(n);
  EXPECT_EQ(n.error().code, ErrorCode::kInvalidInput);
  // A scope file not naming loopback refuses loopback too.
  o.host = "127.0.0.1";
  o.scope = *parse_scope("10.0.0.0/8\n");
  EXPECT_FALSE(scan_network(o, test_clock()));
}

// ---- servers on loopback ----------------------------------------------------------------------

// A loopback port the kernel just handed out (TCP, or UDP with SOCK_DGRAM).
int free_port(int type = SOCK_STREAM) {
  int fd = ::socket(AF_INET, type, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a);
  socklen_t len = sizeof a;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len);
  ::close(fd);
  return ntohs(a.sin_port);
}

bool port_open(int port) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(static_cast<std::uint16_t>(port));
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  bool ok = ::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0;
  ::close(fd);
  return ok;
}

int free_udp_port() { return free_port(SOCK_DGRAM); }

// Whether a UDP socket is bound to 127.0.0.1:port (from /proc/net/udp).
bool udp_bound(int port) {
  std::ifstream in("/proc/net/udp");
  std::string line;
  char want[32];
  std::snprintf(want, sizeof want, "0100007F:%04X", port);
  while (std::getline(in, line))
    if (line.find(want) != std::string::npos) return true;
  return false;
}

// A daemon started by the test, stopped (SIGTERM, then SIGKILL) when the object goes.
class Daemon {
 public:
  Daemon(std::vector<std::string> argv, int port, bool udp = false) : port_(port), udp_(udp) {
    std::vector<char*> args;
    for (auto& a : argv) args.push_back(a.data());
    args.push_back(nullptr);
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
    if (posix_spawn(&pid_, args[0], &fa, nullptr, args.data(), environ) != 0) pid_ = -1;
    posix_spawn_file_actions_destroy(&fa);
    for (int i = 0; pid_ > 0 && i < 100 && !ready(); ++i)
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  ~Daemon() {
    if (pid_ <= 0) return;
    ::kill(pid_, SIGTERM);
    for (int i = 0; i < 40; ++i) {
      if (::waitpid(pid_, nullptr, WNOHANG) == pid_) return;
      std::this_thread::sleep_for(std::chrono::milliseconds(25));
    }
    ::kill(pid_, SIGKILL);
    ::waitpid(pid_, nullptr, 0);
  }
  bool up() const { return pid_ > 0 && ready(); }

 private:
  bool ready() const { return udp_ ? udp_bound(port_) : port_open(port_); }
  pid_t pid_ = -1;
  int port_;
  bool udp_ = false;
};

std::optional<std::string> tool(const char* name) {
  for (const char* dir : {"/usr/sbin/", "/usr/bin/", "/sbin/", "/bin/"}) {
    std::string p = std::string(dir) + name;
    if (::access(p.c_str(), X_OK) == 0) return p;
  }
  return std::nullopt;
}

Report scan(int port, const Manifest* m = nullptr) {
  NetOptions o;
  o.host = "127.0.0.1";
  o.ports = {port};
  o.rate = 200;
  o.manifest = m;
  auto r = scan_network(o, test_clock());
  EXPECT_TRUE(r) << r.error().message;
  return r ? *r : Report{};
}

std::string evidence(const Observation& o, const std::string& key) {
  std::string v;
  for (const auto& [k, val] : o.evidence)
    if (k == key) v += (v.empty() ? "" : "|") + val;
  return v;
}

std::vector<const Observation*> any_status(const Report& r, std::string_view check) {
  std::vector<const Observation*> out;
  for (const auto& o : r.observations)
    if (o.check == check) out.push_back(&o);
  return out;
}

class ExposureNetServers : public ::testing::Test {
 protected:
  bulwark::test::TempDir dir;
  std::string cert, key;
  void make_cert(const std::string& days, int bits) {
    cert = (dir.path() / "cert.pem").string();
    key = (dir.path() / "key.pem").string();
    auto r = bulwark::test::run("openssl req -x509 -newkey rsa:" + std::to_string(bits) +
                                " -nodes -keyout " + key + " -out " + cert + " -days " + days +
                                " -subj /CN=localhost 2>&1");
    ASSERT_EQ(r.exit_code, 0) << r.out;
  }
};

TEST_F(ExposureNetServers, TlsServerOfferingOnlyTls10) {
  auto openssl = tool("openssl");
  if (!openssl) GTEST_SKIP() << "openssl not installed";
  make_cert("30", 2048);
  int port = free_port();
  Daemon s({*openssl, "s_server", "-accept", "127.0.0.1:" + std::to_string(port), "-cert", cert,
            "-key", key, "-tls1", "-cipher", "ALL:@SECLEVEL=0", "-quiet"},
           port);
  if (!s.up()) GTEST_SKIP() << "openssl s_server -tls1 did not start (OpenSSL without TLS 1.0?)";
  auto r = scan(port);
  auto v = find(r, "EXP.NET.TLSVERSION", Status::kFail);
  ASSERT_EQ(v.size(), 1u) << to_table(r, true);
  EXPECT_NE(v[0]->message.find("TLS 1.0"), std::string::npos) << v[0]->message;
  EXPECT_EQ(evidence(*v[0], "offered"), "TLS 1.0");  // nothing else, no TLS 1.3
  // Anonymous and RSA key exchange suites are among those offered at security level 0.
  auto c = find(r, "EXP.NET.TLSCIPHER", Status::kFail);
  ASSERT_EQ(c.size(), 1u) << to_table(r, true);
  EXPECT_NE(c[0]->message.find("TLS_DH_anon_WITH_AES_128_CBC_SHA"), std::string::npos)
      << c[0]->message;
  // Self-signed certificate read with OpenSSL at security level 0 over TLS 1.0.
  auto cert_fail = find(r, "EXP.NET.CERT", Status::kFail);
  ASSERT_EQ(cert_fail.size(), 1u) << to_table(r, true);
  EXPECT_NE(cert_fail[0]->message.find("self-signed"), std::string::npos);
  EXPECT_NE(evidence(*cert_fail[0], "negotiated").find("TLSv1"), std::string::npos);
  EXPECT_EQ(find(r, "EXP.NET.PORT", Status::kIndeterminate).size(), 1u);  // no manifest
}

TEST_F(ExposureNetServers, ModernTlsServerPassesVersionsAndNamesAWeakKey) {
  auto openssl = tool("openssl");
  if (!openssl) GTEST_SKIP() << "openssl not installed";
  make_cert("30", 1024);
  int port = free_port();
  Daemon s({*openssl, "s_server", "-accept", "127.0.0.1:" + std::to_string(port), "-cert", cert,
            "-key", key, "-cipher", "ECDHE+AESGCM:@SECLEVEL=0", "-quiet"},
           port);
  if (!s.up()) GTEST_SKIP() << "openssl s_server did not start";
  auto r = scan(port);
  auto v = find(r, "EXP.NET.TLSVERSION", Status::kPass);
  ASSERT_EQ(v.size(), 1u) << to_table(r, true);
  EXPECT_EQ(evidence(*v[0], "offered"), "TLS 1.2, TLS 1.3");
  EXPECT_EQ(find(r, "EXP.NET.TLSCIPHER", Status::kPass).size(), 1u) << to_table(r, true);
  auto cert_fail = find(r, "EXP.NET.CERT", Status::kFail);
  ASSERT_EQ(cert_fail.size(), 1u);
  EXPECT_NE(cert_fail[0]->message.find("1024-bit RSA key"), std::string::npos)
      << cert_fail[0]->message;
  EXPECT_EQ(cert_fail[0]->severity, Severity::kHigh);
}

TEST_F(ExposureNetServers, OpenSshKexinitAndTheManifest) {
  auto sshd = tool("sshd");
  auto keygen = tool("ssh-keygen");
  if (!sshd || !keygen)
    GTEST_SKIP() << "openssh-server not installed (make setup installs it with CI=true or "
                    "BULWARK_INSTALL_TEST_DAEMONS=1)";
  const auto hostkey = dir.path() / "hostkey";
  ASSERT_EQ(bulwark::test::run(*keygen + " -q -t ed25519 -N '' -f " + hostkey.string()).exit_code,
            0);
  // A second, weak host key: RSA 1024 (sshd's RequiredRSASize default is 1024).
  const auto rsakey = dir.path() / "hostkey_rsa";
  ASSERT_EQ(
      bulwark::test::run(*keygen + " -q -t rsa -b 1024 -N '' -f " + rsakey.string()).exit_code, 0);
  int port = free_port();
  const auto config = dir.path() / "sshd_config";
  write(config,
        "Port " + std::to_string(port) + "\nListenAddress 127.0.0.1\nHostKey " + hostkey.string() +
            "\nHostKey " + rsakey.string() + "\nPidFile " + (dir.path() / "sshd.pid").string() +
            "\nPermitRootLogin no\nPasswordAuthentication no\nUsePAM no\nStrictModes no\n"
            "Ciphers +aes128-cbc\n",
        0600);
  std::filesystem::create_directories("/run/sshd");  // privilege separation directory (root)
  Daemon s({*sshd, "-D", "-e", "-f", config.string()}, port);
  if (!s.up()) GTEST_SKIP() << "sshd did not start on 127.0.0.1:" << port;
  auto m = parse_manifest("[[port]]\nport = " + std::to_string(port) + "\nservice = \"ssh\"\n");
  ASSERT_TRUE(m);
  auto r = scan(port, &*m);
  auto f = find(r, "EXP.NET.SSH", Status::kFail);
  ASSERT_EQ(f.size(), 1u) << to_table(r, true);
  EXPECT_NE(evidence(*f[0], "identification").find("OpenSSH_"), std::string::npos);
  EXPECT_NE(evidence(*f[0], "weak").find("cipher aes128-cbc"), std::string::npos)
      << evidence(*f[0], "weak");
  EXPECT_NE(evidence(*f[0], "kex").find("curve25519-sha256"), std::string::npos);
  // The host keys, read by a curve25519-sha256 exchange per key family.
  EXPECT_NE(evidence(*f[0], "host_key_size").find("ssh-ed25519 256 bits"), std::string::npos)
      << evidence(*f[0], "host_key_size");
  EXPECT_NE(evidence(*f[0], "host_key_size").find("ssh-rsa 1024 bits"), std::string::npos)
      << evidence(*f[0], "host_key_size");
  EXPECT_NE(evidence(*f[0], "weak").find("host key ssh-rsa 1024 bits (under 2048)"),
            std::string::npos)
      << evidence(*f[0], "weak");
  EXPECT_EQ(find(r, "EXP.NET.PORT", Status::kPass).size(), 1u);  // declared
  // curve25519-sha256 and the Ed25519 host key: the modern classes are offered.
  EXPECT_EQ(find(r, "EXP.NET.SSHMODERN", Status::kPass).size(), 1u) << to_table(r, true);
  // Without the declaration the open port is a finding.
  auto other = parse_manifest("[[port]]\nport = 1\n");
  auto undeclared = scan(port, &*other);
  EXPECT_EQ(find(undeclared, "EXP.NET.PORT", Status::kFail).size(), 1u);
  std::string notes;
  for (const auto& n : undeclared.notes) notes += n;
  EXPECT_EQ(notes.find("declared port tcp/1"), std::string::npos);  // port 1 was not scanned
}

TEST_F(ExposureNetServers, DropbearOffersSha1KeyExchange) {
  auto dropbear = tool("dropbear");
  auto keygen = tool("dropbearkey");
  if (!dropbear || !keygen) GTEST_SKIP() << "dropbear-bin not installed";
  const auto hostkey = dir.path() / "dropbear_ed25519";
  ASSERT_EQ(bulwark::test::run(*keygen + " -t ed25519 -f " + hostkey.string() + " >/dev/null 2>&1")
                .exit_code,
            0);
  const auto rsakey = dir.path() / "dropbear_rsa";
  ASSERT_EQ(
      bulwark::test::run(*keygen + " -t rsa -s 1024 -f " + rsakey.string() + " >/dev/null 2>&1")
          .exit_code,
      0);
  int port = free_port();
  Daemon s({*dropbear, "-F", "-E", "-s", "-w", "-p", "127.0.0.1:" + std::to_string(port), "-r",
            hostkey.string(), "-r", rsakey.string(), "-P", (dir.path() / "db.pid").string()},
           port);
  if (!s.up()) GTEST_SKIP() << "dropbear did not start";
  auto r = scan(port);
  auto f = find(r, "EXP.NET.SSH", Status::kFail);
  ASSERT_EQ(f.size(), 1u) << to_table(r, true);
  EXPECT_NE(evidence(*f[0], "identification").find("dropbear"), std::string::npos);
  EXPECT_NE(evidence(*f[0], "weak").find("kex diffie-hellman-group14-sha1"), std::string::npos)
      << evidence(*f[0], "weak");
  EXPECT_NE(evidence(*f[0], "host_key_size").find("ssh-ed25519 256 bits"), std::string::npos)
      << evidence(*f[0], "host_key_size");
  EXPECT_NE(evidence(*f[0], "host_key_size").find("ssh-rsa 1024 bits"), std::string::npos)
      << evidence(*f[0], "host_key_size");
  EXPECT_NE(evidence(*f[0], "weak").find("host key ssh-rsa 1024 bits"), std::string::npos);
  EXPECT_EQ(find(r, "EXP.NET.SSHMODERN", Status::kPass).size(), 1u) << to_table(r, true);
}

TEST_F(ExposureNetServers, OpenSshWithoutModernAlgorithms) {
  auto sshd = tool("sshd");
  auto keygen = tool("ssh-keygen");
  if (!sshd || !keygen)
    GTEST_SKIP() << "openssh-server not installed (make setup installs it with CI=true or "
                    "BULWARK_INSTALL_TEST_DAEMONS=1)";
  // Only an ECDSA host key, NIST-curve and SHA-1 key exchange, CBC and SHA-1-96 MACs.
  const auto hostkey = dir.path() / "hostkey_ecdsa";
  ASSERT_EQ(
      bulwark::test::run(*keygen + " -q -t ecdsa -b 256 -N '' -f " + hostkey.string()).exit_code,
      0);
  int port = free_port();
  const auto config = dir.path() / "sshd_config";
  write(config,
        "Port " + std::to_string(port) + "\nListenAddress 127.0.0.1\nHostKey " + hostkey.string() +
            "\nPidFile " + (dir.path() / "sshd.pid").string() +
            "\nPasswordAuthentication no\nUsePAM no\nStrictModes no\n"
            "KexAlgorithms ecdh-sha2-nistp256,diffie-hellman-group14-sha1\n"
            "Ciphers aes128-ctr,aes256-cbc\nMACs hmac-sha2-256,hmac-sha1-96,hmac-md5\n",
        0600);
  std::filesystem::create_directories("/run/sshd");
  Daemon s({*sshd, "-D", "-e", "-f", config.string()}, port);
  if (!s.up()) GTEST_SKIP() << "sshd did not start on 127.0.0.1:" << port;
  auto r = scan(port);
  auto m = find(r, "EXP.NET.SSHMODERN", Status::kFail);
  ASSERT_EQ(m.size(), 1u) << to_table(r, true);
  EXPECT_EQ(m[0]->severity, Severity::kLow);
  EXPECT_EQ(m[0]->path, "tcp/" + std::to_string(port));
  EXPECT_NE(evidence(*m[0], "missing").find("kex: no curve25519"), std::string::npos)
      << evidence(*m[0], "missing");
  EXPECT_NE(evidence(*m[0], "missing").find("host key: no Ed25519"), std::string::npos);
  EXPECT_EQ(evidence(*m[0], "host_key"), "ecdsa-sha2-nistp256");
  auto w = find(r, "EXP.NET.SSH", Status::kFail);
  ASSERT_EQ(w.size(), 1u) << to_table(r, true);
  for (const char* weak :
       {"kex diffie-hellman-group14-sha1", "cipher aes256-cbc", "mac hmac-sha1-96", "mac hmac-md5"})
    EXPECT_NE(evidence(*w[0], "weak").find(weak), std::string::npos)
        << weak << " in " << evidence(*w[0], "weak");
  // No curve25519-sha256: the host key is read by an ecdh-sha2-nistp256 exchange instead.
  EXPECT_EQ(evidence(*w[0], "host_key_exchange"), "ecdh-sha2-nistp256");
  EXPECT_EQ(evidence(*w[0], "host_key_size"), "ecdsa-sha2-nistp256 256 bits");
  EXPECT_EQ(evidence(*m[0], "host_key_size"), "ecdsa-sha2-nistp256 256 bits");
  EXPECT_NE(m[0]->message.find("(host keys: ecdsa-sha2-nistp256 256 bits)"), std::string::npos)
      << m[0]->message;
}

// An sshd offering neither curve25519 nor ECDH exchanges and only RSA/DSA host keys: each key is
// read by a Diffie-Hellman exchange (`kex`), and its size judged: RSA under 2048 bits and DSA fail
// EXP.NET.SSH, RSA 2048 and 4096 pass.
struct DhHostKeyCase {
  std::string kex;
  std::vector<std::pair<std::string, int>> keys;  // ssh-keygen type and bits
  std::vector<std::string> sizes, weak;
};
void scan_sshd_with_dh_only(const ExposureNetServers& t, const bulwark::test::TempDir& dir,
                            const DhHostKeyCase& c) {
  (void)t;
  auto sshd = tool("sshd");
  auto keygen = tool("ssh-keygen");
  if (!sshd || !keygen) GTEST_SKIP() << "openssh-server not installed";
  std::string host_keys, algorithms;
  for (const auto& [type, bits] : c.keys) {
    const auto key = dir.path() / ("hostkey_" + type + std::to_string(bits));
    ASSERT_EQ(bulwark::test::run(*keygen + " -q -t " + type + " -b " + std::to_string(bits) +
                                 " -N '' -f " + key.string())
                  .exit_code,
              0)
        << type << " " << bits;
    host_keys += "HostKey " + key.string() + "\n";
  }
  int port = free_port();
  const auto config = dir.path() / "sshd_config";
  write(config,
        "Port " + std::to_string(port) + "\nListenAddress 127.0.0.1\n" + host_keys + "PidFile " +
            (dir.path() / "sshd.pid").string() +
            "\nPasswordAuthentication no\nUsePAM no\nStrictModes no\n"
            "HostKeyAlgorithms rsa-sha2-512,rsa-sha2-256,ssh-rsa,ssh-dss\n"
            "KexAlgorithms " +
            c.kex + "\n",
        0600);
  std::filesystem::create_directories("/run/sshd");
  Daemon s({*sshd, "-D", "-e", "-f", config.string()}, port);
  if (!s.up()) GTEST_SKIP() << "sshd did not start on 127.0.0.1:" << port;
  auto r = scan(port);
  auto all = any_status(r, "EXP.NET.SSH");
  ASSERT_EQ(all.size(), 1u) << to_table(r, true);
  const auto& o = *all[0];
  EXPECT_EQ(evidence(o, "host_key_exchange"), c.kex);
  const auto sizes = evidence(o, "host_key_size");
  for (const auto& want : c.sizes)
    EXPECT_NE(sizes.find(want), std::string::npos) << want << " in " << sizes;
  EXPECT_EQ(sizes.find("not read"), std::string::npos) << sizes;
  const auto weak = evidence(o, "weak");
  for (const auto& want : c.weak)
    EXPECT_NE(weak.find(want), std::string::npos) << want << " in " << weak;
  if (c.weak.empty()) EXPECT_EQ(weak.find(" bits ("), std::string::npos) << weak;
  auto m = find(r, "EXP.NET.SSHMODERN", Status::kFail);
  ASSERT_EQ(m.size(), 1u) << to_table(r, true);
  EXPECT_NE(m[0]->message.find("(host keys: "), std::string::npos) << m[0]->message;
  EXPECT_EQ(evidence(*m[0], "host_key_size"), sizes);
}

TEST_F(ExposureNetServers, OpenSshGroupExchangeReadsRsa1024AndDsaHostKeys) {
  scan_sshd_with_dh_only(
      *this, dir,
      {"diffie-hellman-group-exchange-sha256",
       {{"rsa", 1024}, {"dsa", 1024}},
       {"ssh-rsa 1024 bits", "ssh-dss 1024 bits"},
       {"host key ssh-rsa 1024 bits (under 2048)", "host key ssh-dss 1024 bits (DSA)"}});
}

TEST_F(ExposureNetServers, OpenSshFixedGroupReadsRsa2048) {
  scan_sshd_with_dh_only(
      *this, dir, {"diffie-hellman-group14-sha256", {{"rsa", 2048}}, {"ssh-rsa 2048 bits"}, {}});
}

TEST_F(ExposureNetServers, OpenSshGroup16ReadsRsa4096) {
  scan_sshd_with_dh_only(
      *this, dir, {"diffie-hellman-group16-sha512", {{"rsa", 4096}}, {"ssh-rsa 4096 bits"}, {}});
}

// A TCP socket listening on 127.0.0.1 at a port the kernel picks (`port` set to it).
int listen_loopback(int backlog, int& port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a);
  socklen_t len = sizeof a;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len);
  port = ntohs(a.sin_port);
  ::listen(fd, backlog);
  return fd;
}

// A one-connection-at-a-time server on 127.0.0.1 answering every connection with `greeting`
// (for services whose daemon is not packaged: Debian's busybox has no telnetd applet).
class GreetingServer {
 public:
  explicit GreetingServer(std::string greeting) : greeting_(std::move(greeting)) {
    fd_ = listen_loopback(8, port_);
    thread_ = std::thread([this] {
      for (;;) {
        int c = ::accept(fd_, nullptr, nullptr);
        if (c < 0) return;
        (void)!::send(c, greeting_.data(), greeting_.size(), MSG_NOSIGNAL);
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
        ::close(c);
      }
    });
  }
  ~GreetingServer() {
    ::shutdown(fd_, SHUT_RDWR);
    ::close(fd_);
    thread_.join();
  }
  int port() const { return port_; }

 private:
  std::string greeting_;
  int fd_ = -1, port_ = 0;
  std::thread thread_;
};

TEST_F(ExposureNetServers, TelnetdNegotiation) {
  // A BusyBox with the telnetd applet: the one scripts/setup.sh unpacks from busybox-static
  // (Debian's busybox has no telnetd), else the installed one.
  std::optional<std::string> busybox;
  {
    const char* cache = std::getenv("XDG_CACHE_HOME");
    const char* home = std::getenv("HOME");
    const std::string dir = cache && *cache ? std::string(cache)
                            : home          ? std::string(home) + "/.cache"
                                            : std::string();
    const std::string unpacked = dir + "/bulwark/busybox-static/busybox";
    if (!dir.empty() && ::access(unpacked.c_str(), X_OK) == 0) busybox = unpacked;
  }
  if (!busybox) busybox = tool("busybox");
  const bool applet = busybox && bulwark::test::run(*busybox + " --list").out.find("telnetd\n") !=
                                     std::string::npos;
  if (applet) {
    int telnet = free_port();
    Daemon t({*busybox, "telnetd", "-F", "-b", "127.0.0.1:" + std::to_string(telnet), "-l",
              "/bin/false"},
             telnet);
    ASSERT_TRUE(t.up()) << "busybox telnetd did not start";
    auto r = scan(telnet);
    EXPECT_EQ(find(r, "EXP.NET.TELNET", Status::kFail).size(), 1u) << to_table(r, true);
  }
  // What BusyBox telnetd sends first (IAC DO ECHO, DO NAWS, WILL ECHO, WILL SGA): recognised
  // without the daemon (Debian's busybox is built without the telnetd applet).
  GreetingServer g(std::string("\xff\xfd\x01\xff\xfd\x1f\xff\xfb\x01\xff\xfb\x03", 12));
  auto r = scan(g.port());
  EXPECT_EQ(find(r, "EXP.NET.TELNET", Status::kFail).size(), 1u) << to_table(r, true);
  if (!applet)
    GTEST_SKIP() << "busybox has no telnetd applet (Debian builds it without); the "
                    "negotiation was checked against a greeting server";
}

TEST_F(ExposureNetServers, BusyBoxHttpd) {
  auto busybox = tool("busybox");
  if (!busybox) GTEST_SKIP() << "busybox not installed";
  const auto www = dir.path() / "www";
  write(www / "index.html", "<h1>admin</h1>\n");
  int http = free_port();
  Daemon h({*busybox, "httpd", "-f", "-p", "127.0.0.1:" + std::to_string(http), "-h", www.string()},
           http);
  if (!h.up()) GTEST_SKIP() << "busybox httpd did not start";
  auto hr = scan(http);
  auto f = find(hr, "EXP.NET.HTTP", Status::kFail);
  ASSERT_EQ(f.size(), 1u) << to_table(hr, true);
  EXPECT_NE(f[0]->message.find(" 200 OK"), std::string::npos) << f[0]->message;
}

TEST_F(ExposureNetServers, Vsftpd) {
  auto vsftpd = tool("vsftpd");
  if (!vsftpd)
    GTEST_SKIP() << "vsftpd not installed (make setup installs it with CI=true or "
                    "BULWARK_INSTALL_TEST_DAEMONS=1)";
  int port = free_port();
  const auto empty = dir.path() / "empty";
  std::filesystem::create_directories(empty);
  const auto conf = dir.path() / "vsftpd.conf";
  write(
      conf,
      "listen=YES\nlisten_ipv6=NO\nlisten_address=127.0.0.1\nlisten_port=" + std::to_string(port) +
          "\nbackground=NO\nanonymous_enable=NO\nlocal_enable=YES\nrun_as_launching_user=YES\n"
          "seccomp_sandbox=NO\nsecure_chroot_dir=" +
          empty.string() + "\n",
      0600);
  Daemon s({*vsftpd, conf.string()}, port);
  if (!s.up()) GTEST_SKIP() << "vsftpd did not start";
  auto r = scan(port);
  auto f = find(r, "EXP.NET.FTP", Status::kFail);
  ASSERT_EQ(f.size(), 1u) << to_table(r, true);
  EXPECT_NE(f[0]->message.find("vsFTPd"), std::string::npos) << f[0]->message;
  EXPECT_EQ(f[0]->severity, Severity::kMedium);  // anonymous login refused
  EXPECT_TRUE(evidence(*f[0], "anonymous_login").starts_with("refused: 5"))
      << evidence(*f[0], "anonymous_login");
  // No ssl_enable: AUTH TLS refused.
  auto t = find(r, "EXP.NET.STARTTLS", Status::kFail);
  ASSERT_EQ(t.size(), 1u) << to_table(r, true);
  EXPECT_NE(t[0]->message.find("refuses AUTH TLS"), std::string::npos) << t[0]->message;
}

TEST_F(ExposureNetServers, VsftpdAnonymousLoginAndAuthTls) {
  auto vsftpd = tool("vsftpd");
  if (!vsftpd)
    GTEST_SKIP() << "vsftpd not installed (make setup installs it with CI=true or "
                    "BULWARK_INSTALL_TEST_DAEMONS=1)";
  make_cert("30", 2048);
  int port = free_port();
  const auto empty = dir.path() / "empty";
  const auto anon = dir.path() / "anon";
  std::filesystem::create_directories(empty);
  std::filesystem::create_directories(anon);
  std::filesystem::permissions(anon, std::filesystem::perms(0555));
  const auto conf = dir.path() / "vsftpd.conf";
  write(
      conf,
      "listen=YES\nlisten_ipv6=NO\nlisten_address=127.0.0.1\nlisten_port=" + std::to_string(port) +
          "\nbackground=NO\nanonymous_enable=YES\nlocal_enable=NO\nrun_as_launching_user=YES\n"
          "seccomp_sandbox=NO\nsecure_chroot_dir=" +
          empty.string() + "\nanon_root=" + anon.string() +
          "\nssl_enable=YES\nallow_anon_ssl=YES\nforce_anon_logins_ssl=NO\n"
          "force_anon_data_ssl=NO\nrsa_cert_file=" +
          cert + "\nrsa_private_key_file=" + key + "\n",
      0600);
  Daemon s({*vsftpd, conf.string()}, port);
  if (!s.up()) GTEST_SKIP() << "vsftpd did not start";
  auto r = scan(port);
  auto f = find(r, "EXP.NET.FTP", Status::kFail);
  ASSERT_EQ(f.size(), 1u) << to_table(r, true);
  EXPECT_NE(f[0]->message.find("anonymous login accepted"), std::string::npos) << f[0]->message;
  EXPECT_EQ(f[0]->severity, Severity::kHigh);
  EXPECT_TRUE(evidence(*f[0], "anonymous_login").starts_with("accepted: 230"))
      << evidence(*f[0], "anonymous_login");
  // AUTH TLS works, and the TLS checks run over the upgraded connection.
  ASSERT_EQ(find(r, "EXP.NET.STARTTLS", Status::kPass).size(), 1u) << to_table(r, true);
  EXPECT_EQ(any_status(r, "EXP.NET.TLSVERSION").size(), 1u) << to_table(r, true);
  auto c = find(r, "EXP.NET.CERT", Status::kFail);
  ASSERT_EQ(c.size(), 1u) << to_table(r, true);
  EXPECT_NE(c[0]->message.find("self-signed"), std::string::npos);
}

// A line-based mail server on 127.0.0.1 (one connection at a time) answering commands from a
// script; after the reply to `upgrade` it relays the connection to a TLS server on `backend`
// (openssl s_server), so STARTTLS leads to a real OpenSSL handshake.
class StarttlsServer {
 public:
  StarttlsServer(std::string greeting, std::vector<std::pair<std::string, std::string>> replies,
                 std::string unknown, std::string upgrade, int backend)
      : greeting_(std::move(greeting)),
        replies_(std::move(replies)),
        unknown_(std::move(unknown)),
        upgrade_(std::move(upgrade)),
        backend_(backend) {
    fd_ = listen_loopback(16, port_);
    thread_ = std::thread([this] {
      for (;;) {
        int c = ::accept(fd_, nullptr, nullptr);
        if (c < 0) return;
        serve(c);
        ::close(c);
      }
    });
  }
  ~StarttlsServer() {
    stop_ = true;
    ::shutdown(fd_, SHUT_RDWR);
    ::close(fd_);
    thread_.join();
  }
  int port() const { return port_; }

 private:
  bool readable(int fd) {
    for (int i = 0; i < 50 && !stop_; ++i) {
      pollfd p{fd, POLLIN, 0};
      if (::poll(&p, 1, 100) > 0) return true;
    }
    return false;
  }
  void send_text(int c, const std::string& t) {
    (void)!::send(c, t.data(), t.size(), MSG_NOSIGNAL);
  }
  void serve(int c) {
    send_text(c, greeting_);
    std::string buf;
    char tmp[1024];
    while (readable(c)) {
      auto n = ::recv(c, tmp, sizeof tmp, 0);
      if (n <= 0) return;
      buf.append(tmp, static_cast<std::size_t>(n));
      for (auto nl = buf.find('\n'); nl != std::string::npos; nl = buf.find('\n')) {
        std::string line = buf.substr(0, nl);
        buf.erase(0, nl + 1);
        std::string upper;
        for (char ch : line)
          upper += static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
        auto it = std::find_if(replies_.begin(), replies_.end(),
                               [&](const auto& r) { return upper.starts_with(r.first); });
        send_text(c, it == replies_.end() ? unknown_ : it->second);
        if (it != replies_.end() && it->first == upgrade_) return relay(c);
      }
    }
  }
  void relay(int c) {
    int b = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_port = htons(static_cast<std::uint16_t>(backend_));
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(b, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) {
      ::close(b);
      return;
    }
    char tmp[4096];
    for (int idle = 0; idle < 50 && !stop_;) {
      pollfd p[2] = {{c, POLLIN, 0}, {b, POLLIN, 0}};
      int n = ::poll(p, 2, 100);
      if (n == 0) {
        ++idle;
        continue;
      }
      idle = 0;
      bool done = false;
      for (int i = 0; i < 2 && !done; ++i) {
        if (!(p[i].revents & (POLLIN | POLLHUP | POLLERR))) continue;
        auto got = ::recv(p[i].fd, tmp, sizeof tmp, 0);
        if (got <= 0 || ::send(p[1 - i].fd, tmp, static_cast<std::size_t>(got), MSG_NOSIGNAL) <= 0)
          done = true;
      }
      if (done) break;
    }
    ::close(b);
  }
  std::string greeting_;
  std::vector<std::pair<std::string, std::string>> replies_;
  std::string unknown_, upgrade_;
  int backend_;
  std::atomic<bool> stop_{false};
  int fd_ = -1, port_ = 0;
  std::thread thread_;
};

TEST_F(ExposureNetServers, SmtpImapPop3Starttls) {
  auto openssl = tool("openssl");
  if (!openssl) GTEST_SKIP() << "openssl not installed";
  make_cert("30", 2048);
  int tls = free_port();
  Daemon backend({*openssl, "s_server", "-accept", "127.0.0.1:" + std::to_string(tls), "-cert",
                  cert, "-key", key, "-quiet"},
                 tls);
  if (!backend.up()) GTEST_SKIP() << "openssl s_server did not start";
  // SMTP offering STARTTLS: the upgrade works and the TLS checks run over it.
  {
    StarttlsServer smtp("220 mail.test ESMTP bulwark-test\r\n",
                        {{"EHLO", "250-mail.test\r\n250-SIZE 10240000\r\n250 STARTTLS\r\n"},
                         {"STARTTLS", "220 2.0.0 Ready to start TLS\r\n"},
                         {"QUIT", "221 bye\r\n"}},
                        "502 5.5.2 unknown\r\n", "STARTTLS", tls);
    auto r = scan(smtp.port());
    auto p = find(r, "EXP.NET.STARTTLS", Status::kPass);
    ASSERT_EQ(p.size(), 1u) << to_table(r, true);
    EXPECT_EQ(evidence(*p[0], "protocol"), "smtp");
    auto v = find(r, "EXP.NET.TLSVERSION", Status::kPass);
    ASSERT_EQ(v.size(), 1u) << to_table(r, true);
    EXPECT_EQ(evidence(*v[0], "offered"), "TLS 1.2, TLS 1.3");
    auto c = find(r, "EXP.NET.CERT", Status::kFail);
    ASSERT_EQ(c.size(), 1u) << to_table(r, true);
    EXPECT_NE(c[0]->message.find("self-signed"), std::string::npos);
  }
  // SMTP without STARTTLS: a fail naming what EHLO offered.
  {
    StarttlsServer smtp("220 mail.test ESMTP bulwark-test\r\n",
                        {{"EHLO", "250-mail.test\r\n250 SIZE 10240000\r\n"}},
                        "502 5.5.2 unknown\r\n", "", tls);
    auto r = scan(smtp.port());
    auto f = find(r, "EXP.NET.STARTTLS", Status::kFail);
    ASSERT_EQ(f.size(), 1u) << to_table(r, true);
    EXPECT_NE(f[0]->message.find("does not offer STARTTLS"), std::string::npos) << f[0]->message;
    EXPECT_NE(evidence(*f[0], "capabilities").find("SIZE"), std::string::npos);
    EXPECT_TRUE(any_status(r, "EXP.NET.TLSVERSION").empty());
  }
  // IMAP with STARTTLS.
  {
    StarttlsServer imap("* OK [CAPABILITY IMAP4rev1 STARTTLS LOGINDISABLED] ready\r\n",
                        {{"A1 CAPABILITY", "* CAPABILITY IMAP4rev1 STARTTLS\r\na1 OK done\r\n"},
                         {"A1 STARTTLS", "a1 OK begin TLS now\r\n"}},
                        "a1 BAD unknown\r\n", "A1 STARTTLS", tls);
    auto r = scan(imap.port());
    ASSERT_EQ(find(r, "EXP.NET.STARTTLS", Status::kPass).size(), 1u) << to_table(r, true);
    EXPECT_EQ(find(r, "EXP.NET.TLSVERSION", Status::kPass).size(), 1u) << to_table(r, true);
  }
  // POP3 without STLS.
  {
    StarttlsServer pop3("+OK POP3 ready\r\n", {{"CAPA", "+OK\r\nUSER\r\nUIDL\r\n.\r\n"}},
                        "-ERR unknown\r\n", "", tls);
    auto r = scan(pop3.port());
    auto f = find(r, "EXP.NET.STARTTLS", Status::kFail);
    ASSERT_EQ(f.size(), 1u) << to_table(r, true);
    EXPECT_NE(f[0]->message.find("does not offer STLS"), std::string::npos) << f[0]->message;
  }
}

TEST_F(ExposureNetServers, SnmpdCommunities) {
  auto snmpd = tool("snmpd");
  if (!snmpd)
    GTEST_SKIP() << "snmpd not installed (make setup installs it with CI=true or "
                    "BULWARK_INSTALL_TEST_DAEMONS=1)";
  // snmpd keeps persistent state: in the test's directory, not /var/lib/snmp.
  ::setenv("SNMP_PERSISTENT_DIR", dir.path().c_str(), 1);
  auto agent = [&](const std::string& name, const std::string& config, int port) {
    const auto conf = dir.path() / (name + ".conf");
    write(conf, config, 0600);
    return std::make_unique<Daemon>(
        std::vector<std::string>{*snmpd, "-f", "-Lo", "-C", "-c", conf.string(),
                                 "udp:127.0.0.1:" + std::to_string(port)},
        port, true);
  };
  auto udp_scan = [](int port, const Manifest* m = nullptr) {
    NetOptions o;
    o.host = "127.0.0.1";
    o.ports = {free_port()};  // nothing listens there
    o.udp_ports = {{port, UdpProbe::kSnmp}};
    o.rate = 200;
    o.read_timeout = std::chrono::milliseconds(700);
    o.manifest = m;
    auto r = scan_network(o, test_clock());
    EXPECT_TRUE(r) << r.error().message;
    return r ? *r : Report{};
  };
  // rocommunity public: a fail with the community and the sysDescr.
  {
    int port = free_udp_port();
    auto d = agent("public", "rocommunity public 127.0.0.1\nsysDescr Bulwark test agent\n", port);
    if (!d->up()) GTEST_SKIP() << "snmpd did not start on udp 127.0.0.1:" << port;
    auto m = parse_manifest("[[port]]\nport = " + std::to_string(port) +
                            "\nprotocol = \"udp\"\nservice = \"snmp\"\n");
    ASSERT_TRUE(m);
    auto r = udp_scan(port, &*m);
    auto f = find(r, "EXP.NET.SNMP", Status::kFail);
    ASSERT_EQ(f.size(), 1u) << to_table(r, true);
    EXPECT_EQ(f[0]->path, "udp/" + std::to_string(port));
    EXPECT_EQ(f[0]->severity, Severity::kHigh);
    EXPECT_EQ(evidence(*f[0], "community"), "public (SNMPv2c)");
    EXPECT_EQ(evidence(*f[0], "sysDescr"), "Bulwark test agent");
    EXPECT_NE(f[0]->message.find("reflector"), std::string::npos);
    EXPECT_EQ(find(r, "EXP.NET.PORT", Status::kPass).size(), 1u) << to_table(r, true);  // declared
  }
  // A private community name: silent to public/private, a pass.
  {
    int port = free_udp_port();
    auto d = agent("own", "rocommunity Kq7-unit-1234 127.0.0.1\n", port);
    if (!d->up()) GTEST_SKIP() << "snmpd did not start on udp 127.0.0.1:" << port;
    auto r = udp_scan(port);
    auto p = find(r, "EXP.NET.SNMP", Status::kPass);
    ASSERT_EQ(p.size(), 1u) << to_table(r, true);
    EXPECT_EQ(evidence(*p[0], "answer"), "none (open or filtered)");
    EXPECT_TRUE(find(r, "EXP.NET.PORT", Status::kIndeterminate).empty());
  }
  // Nobody on the port: ICMP port unreachable, a pass.
  auto closed = udp_scan(free_udp_port());
  auto c = find(closed, "EXP.NET.SNMP", Status::kPass);
  ASSERT_EQ(c.size(), 1u) << to_table(closed, true);
  EXPECT_EQ(evidence(*c[0], "answer"), "closed (ICMP port unreachable)");
}

// ---- UDP discovery and amplification --------------------------------------------------------

// A UDP responder on 127.0.0.1 (a port the kernel picks) answering each datagram with the
// datagrams `answer` returns (none: silence). Stands in for SSDP, mDNS and NTP daemons, which
// Debian packages as system services bound to their privileged well-known ports.
class UdpResponder {
 public:
  using Answer = std::function<std::vector<std::string>(const std::string&)>;
  explicit UdpResponder(Answer answer) : answer_(std::move(answer)) {
    fd_ = ::socket(AF_INET, SOCK_DGRAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ::bind(fd_, reinterpret_cast<sockaddr*>(&a), sizeof a);
    socklen_t len = sizeof a;
    ::getsockname(fd_, reinterpret_cast<sockaddr*>(&a), &len);
    port_ = ntohs(a.sin_port);
    thread_ = std::thread([this] {
      while (!stop_) {
        pollfd p{fd_, POLLIN, 0};
        if (::poll(&p, 1, 50) <= 0) continue;
        char buf[2048];
        sockaddr_in from{};
        socklen_t fl = sizeof from;
        auto n = ::recvfrom(fd_, buf, sizeof buf, 0, reinterpret_cast<sockaddr*>(&from), &fl);
        if (n < 0) continue;
        ++requests_;
        for (const auto& reply : answer_(std::string(buf, static_cast<std::size_t>(n))))
          (void)!::sendto(fd_, reply.data(), reply.size(), 0, reinterpret_cast<sockaddr*>(&from),
                          fl);
      }
    });
  }
  ~UdpResponder() {
    stop_ = true;
    thread_.join();
    ::close(fd_);
  }
  int port() const { return port_; }
  int requests() const { return requests_; }

 private:
  Answer answer_;
  std::atomic<bool> stop_{false};
  std::atomic<int> requests_{0};
  int fd_ = -1, port_ = 0;
  std::thread thread_;
};

Report udp_scan(std::vector<UdpTarget> targets, const Manifest* m = nullptr) {
  NetOptions o;
  o.host = "127.0.0.1";
  o.ports = {free_port()};  // nothing listens there
  o.udp_ports = std::move(targets);
  o.rate = 200;
  o.read_timeout = std::chrono::milliseconds(600);
  o.manifest = m;
  auto r = scan_network(o, test_clock());
  EXPECT_TRUE(r) << r.error().message;
  return r ? *r : Report{};
}

TEST(ExposureNetUdp, SsdpAnswerIsUpnpExposure) {
  // What MiniUPnPd 2.3 answers a unicast M-SEARCH for ssdp:all: one datagram per target. Its
  // LOCATION names a loopback port nothing listens on: the description is not read.
  const std::string location = "http://127.0.0.1:" + std::to_string(free_port()) + "/rootDesc.xml";
  UdpResponder ssdp([&](const std::string& req) -> std::vector<std::string> {
    if (!req.starts_with("M-SEARCH * HTTP/1.1\r\n") ||
        req.find("ssdp:discover") == std::string::npos)
      return {};
    std::vector<std::string> out;
    for (const char* st :
         {"upnp:rootdevice", "urn:schemas-upnp-org:device:InternetGatewayDevice:1"})
      out.push_back(std::string("HTTP/1.1 200 OK\r\nCACHE-CONTROL: max-age=120\r\nST: ") + st +
                    "\r\nUSN: uuid:3d3cec3a::" + st +
                    "\r\nEXT:\r\nSERVER: Debian/12 UPnP/1.1 MiniUPnPd/2.3.1\r\n"
                    "LOCATION: " +
                    location + "\r\n\r\n");
    return out;
  });
  auto m = parse_manifest("[[port]]\nport = " + std::to_string(ssdp.port()) +
                          "\nprotocol = \"udp\"\nservice = \"upnp\"\n");
  ASSERT_TRUE(m);
  auto r = udp_scan({{ssdp.port(), UdpProbe::kSsdp}}, &*m);
  auto f = find(r, "EXP.NET.UPNP", Status::kFail);
  ASSERT_EQ(f.size(), 1u) << to_table(r, true);
  EXPECT_EQ(f[0]->path, "udp/" + std::to_string(ssdp.port()));
  EXPECT_EQ(f[0]->severity, Severity::kMedium);
  EXPECT_EQ(evidence(*f[0], "server"), "Debian/12 UPnP/1.1 MiniUPnPd/2.3.1");
  EXPECT_EQ(evidence(*f[0], "location"), location);
  auto igd = find(r, "EXP.NET.UPNPIGD", Status::kIndeterminate);
  ASSERT_EQ(igd.size(), 1u) << to_table(r, true);
  EXPECT_NE(igd[0]->message.find("connection failed"), std::string::npos) << igd[0]->message;
  EXPECT_NE(evidence(*f[0], "st").find("InternetGatewayDevice"), std::string::npos);
  EXPECT_NE(evidence(*f[0], "amplification").find("in 2 datagram(s)"), std::string::npos)
      << evidence(*f[0], "amplification");
  EXPECT_NE(f[0]->message.find("MiniUPnPd"), std::string::npos) << f[0]->message;
  EXPECT_EQ(find(r, "EXP.NET.PORT", Status::kPass).size(), 1u) << to_table(r, true);
  EXPECT_EQ(ssdp.requests(), 1);
  // Silence (a responder that ignores us) and a closed port pass.
  UdpResponder silent([](const std::string&) { return std::vector<std::string>{}; });
  const int nobody = free_udp_port();
  auto s = udp_scan({{silent.port(), UdpProbe::kSsdp}, {nobody, UdpProbe::kSsdp}});
  auto p = find(s, "EXP.NET.UPNP", Status::kPass);
  ASSERT_EQ(p.size(), 2u) << to_table(s, true);
  for (const auto* o : p)
    EXPECT_EQ(evidence(*o, "answer"), o->path == "udp/" + std::to_string(nobody)
                                          ? "closed (ICMP port unreachable)"
                                          : "none (open or filtered)")
        << o->path;
  // Garbage on the port: indeterminate, never a crash.
  UdpResponder junk([](const std::string&) { return std::vector<std::string>{"\x01\x02junk"}; });
  auto j = udp_scan({{junk.port(), UdpProbe::kSsdp}});
  EXPECT_EQ(find(j, "EXP.NET.UPNP", Status::kIndeterminate).size(), 1u) << to_table(j, true);
}

// A one-connection-at-a-time HTTP server on 127.0.0.1 serving `documents` by path (404
// otherwise), recording the paths asked for.
class HttpResponder {
 public:
  explicit HttpResponder(std::map<std::string, std::string> documents)
      : documents_(std::move(documents)) {
    fd_ = listen_loopback(8, port_);
    thread_ = std::thread([this] {
      for (;;) {
        int c = ::accept(fd_, nullptr, nullptr);
        if (c < 0) return;
        std::string req;
        char buf[2048];
        while (req.find("\r\n\r\n") == std::string::npos && req.size() < 8192) {
          pollfd p{c, POLLIN, 0};
          if (::poll(&p, 1, 1000) <= 0) break;
          auto n = ::recv(c, buf, sizeof buf, 0);
          if (n <= 0) break;
          req.append(buf, static_cast<std::size_t>(n));
        }
        std::string path = req.substr(4, req.find(' ', 4) - 4);
        {
          std::lock_guard lock(mutex_);
          requests_.push_back(req.substr(0, req.find("\r\n")));
        }
        auto it = documents_.find(path);
        std::string answer =
            it == documents_.end()
                ? std::string("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n")
                : "HTTP/1.1 200 OK\r\nContent-Type: text/xml; "
                  "charset=\"utf-8\"\r\nContent-Length: " +
                      std::to_string(it->second.size()) + "\r\nConnection: close\r\n\r\n" +
                      it->second;
        (void)!::send(c, answer.data(), answer.size(), MSG_NOSIGNAL);
        ::close(c);
      }
    });
  }
  ~HttpResponder() {
    ::shutdown(fd_, SHUT_RDWR);
    ::close(fd_);
    thread_.join();
  }
  int port() const { return port_; }
  std::vector<std::string> requests() {
    std::lock_guard lock(mutex_);
    return requests_;
  }

 private:
  std::map<std::string, std::string> documents_;
  std::mutex mutex_;
  std::vector<std::string> requests_;
  int fd_ = -1, port_ = 0;
  std::thread thread_;
};

// A root device description as an Internet Gateway Device writes it (our own text): the
// WANIPConnection service sits two embedded devices down.
std::string igd_description(const std::string& wan_service) {
  return R"(<?xml version="1.0"?>
<root xmlns="urn:schemas-upnp-org:device-1-0">
<specVersion><major>1</major><minor>1</minor></specVersion>
<device>
<deviceType>urn:schemas-upnp-org:device:InternetGatewayDevice:2</deviceType>
<friendlyName>Example Router</friendlyName>
<manufacturer>Example Networks</manufacturer>
<modelName>XR-100</modelName>
<modelNumber>2.1</modelNumber>
<modelDescription>Example home router</modelDescription>
<serialNumber>SN-0042-UNIT</serialNumber>
<UDN>uuid:4d696e69-0000-0000-0000-000000000042</UDN>
<serviceList><service>
<serviceType>urn:schemas-upnp-org:service:Layer3Forwarding:1</serviceType>
<serviceId>urn:upnp-org:serviceId:L3Forwarding1</serviceId>
<SCPDURL>/L3F.xml</SCPDURL><controlURL>/ctl/L3F</controlURL><eventSubURL>/evt/L3F</eventSubURL>
</service></serviceList>
<deviceList><device>
<deviceType>urn:schemas-upnp-org:device:WANDevice:2</deviceType>
<deviceList><device>
<deviceType>urn:schemas-upnp-org:device:WANConnectionDevice:2</deviceType>
<serviceList><service>
<serviceType>urn:schemas-upnp-org:service:)" +
         wan_service + R"(</serviceType>
<serviceId>urn:upnp-org:serviceId:WANIPConn1</serviceId>
<SCPDURL>WANIPCn.xml</SCPDURL><controlURL>/ctl/IPConn</controlURL><eventSubURL>/evt/IPConn</eventSubURL>
</service></serviceList>
</device></deviceList>
</device></deviceList>
</device>
</root>
)";
}

const char* kWanIpScpd = R"(<?xml version="1.0"?>
<scpd xmlns="urn:schemas-upnp-org:service-1-0">
<specVersion><major>1</major><minor>0</minor></specVersion>
<actionList>
<action><name>GetExternalIPAddress</name></action>
<action><name>AddPortMapping</name><argumentList><argument><name>NewRemoteHost</name>
<direction>in</direction><relatedStateVariable>RemoteHost</relatedStateVariable></argument>
</argumentList></action>
<action><name>DeletePortMapping</name></action>
</actionList>
<serviceStateTable/>
</scpd>
)";

UdpResponder ssdp_pointing_to(const std::string& location) {
  return UdpResponder([location](const std::string& req) -> std::vector<std::string> {
    if (!req.starts_with("M-SEARCH")) return {};
    return {
        "HTTP/1.1 200 OK\r\nST: upnp:rootdevice\r\nUSN: uuid:x::upnp:rootdevice\r\nSERVER: "
        "Example/1.0 UPnP/1.1 ExampleUPnP/1.0\r\nLOCATION: " +
        location + "\r\n\r\n"};
  });
}

TEST(ExposureNetUdp, UpnpDescriptionWithPortMappingIsHigh) {
  HttpResponder http(
      {{"/rootDesc.xml", igd_description("WANIPConnection:2")}, {"/WANIPCn.xml", kWanIpScpd}});
  auto ssdp = ssdp_pointing_to("http://127.0.0.1:" + std::to_string(http.port()) + "/rootDesc.xml");
  auto r = udp_scan({{ssdp.port(), UdpProbe::kSsdp}});
  auto f = find(r, "EXP.NET.UPNPIGD", Status::kFail);
  ASSERT_EQ(f.size(), 1u) << to_table(r, true);
  EXPECT_EQ(f[0]->severity, Severity::kHigh);
  EXPECT_EQ(f[0]->path, "udp/" + std::to_string(ssdp.port()));
  EXPECT_EQ(evidence(*f[0], "manufacturer"), "Example Networks");
  EXPECT_EQ(evidence(*f[0], "model_name"), "XR-100");
  EXPECT_EQ(evidence(*f[0], "model_number"), "2.1");
  EXPECT_EQ(evidence(*f[0], "port_mapping"),
            "WANIPConnection:2 control /ctl/IPConn (AddPortMapping)");
  EXPECT_EQ(evidence(*f[0], "service"), "Layer3Forwarding:1|WANIPConnection:2");
  EXPECT_NE(f[0]->message.find("Example Networks XR-100"), std::string::npos) << f[0]->message;
  // Unit identifiers are never kept.
  const auto all = to_table(r, true);
  EXPECT_EQ(all.find("SN-0042"), std::string::npos) << all;
  EXPECT_EQ(all.find("4d696e69"), std::string::npos) << all;
  // EXP.NET.UPNP carries the model and services too.
  auto u = find(r, "EXP.NET.UPNP", Status::kFail);
  ASSERT_EQ(u.size(), 1u);
  EXPECT_EQ(evidence(*u[0], "manufacturer"), "Example Networks");
  // The description, then the SCPD (relative to the description's directory); nothing else.
  auto asked = http.requests();
  ASSERT_EQ(asked.size(), 2u);
  EXPECT_EQ(asked[0], "GET /rootDesc.xml HTTP/1.0");
  EXPECT_EQ(asked[1], "GET /WANIPCn.xml HTTP/1.0");
}

TEST(ExposureNetUdp, UpnpDescriptionWithoutPortMappingPasses) {
  std::string media = igd_description("ContentDirectory:1");
  HttpResponder http({{"/d.xml", media}});
  auto ssdp = ssdp_pointing_to("http://127.0.0.1:" + std::to_string(http.port()) + "/d.xml");
  auto r = udp_scan({{ssdp.port(), UdpProbe::kSsdp}});
  auto p = find(r, "EXP.NET.UPNPIGD", Status::kPass);
  ASSERT_EQ(p.size(), 1u) << to_table(r, true);
  EXPECT_NE(p[0]->message.find("no port mapping service among 2 service(s)"), std::string::npos)
      << p[0]->message;
  EXPECT_EQ(http.requests().size(), 1u);  // no SCPD fetched
}

TEST(ExposureNetUdp, UpnpLocationElsewhereOrHostileIsNeverFollowed) {
  // Another host: never contacted (TEST-NET-1), said in the evidence.
  auto other = ssdp_pointing_to("http://192.0.2.1:5000/rootDesc.xml");
  auto r = udp_scan({{other.port(), UdpProbe::kSsdp}});
  auto i = find(r, "EXP.NET.UPNPIGD", Status::kIndeterminate);
  ASSERT_EQ(i.size(), 1u) << to_table(r, true);
  EXPECT_NE(i[0]->message.find("names another host than the probed 127.0.0.1"), std::string::npos)
      << i[0]->message;
  // A description with an entity declaration: refused before parsing; one nested 200 deep;
  // one over 64 KiB; a missing one.
  std::string deep = "<root><device>";
  for (int k = 0; k < 200; ++k) deep += "<a>";
  for (int k = 0; k < 200; ++k) deep += "</a>";
  deep += "</device></root>";
  HttpResponder http(
      {{"/x.xml",
        "<?xml version=\"1.0\"?><!DOCTYPE root [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
        "<root><device><manufacturer>&x;</manufacturer></device></root>"},
       {"/deep.xml", deep},
       {"/big.xml", "<root><device><manufacturer>" + std::string(70000, 'x') +
                        "</manufacturer></device></root>"}});
  for (const auto& [path, error] : std::vector<std::pair<std::string, std::string>>{
           {"/x.xml", "DOCTYPE not accepted"},
           {"/deep.xml", "upnp description: elements nested deeper than 32"},
           {"/big.xml", "64 KiB"},
           {"/missing.xml", "http: status 404"}}) {
    auto ssdp = ssdp_pointing_to("http://127.0.0.1:" + std::to_string(http.port()) + path);
    auto h = udp_scan({{ssdp.port(), UdpProbe::kSsdp}});
    auto x = find(h, "EXP.NET.UPNPIGD", Status::kIndeterminate);
    ASSERT_EQ(x.size(), 1u) << path << to_table(h, true);
    EXPECT_NE(x[0]->message.find(error), std::string::npos) << path << ": " << x[0]->message;
  }
}

TEST(ExposureNetUdp, MdnsUnicastAnswerListsServices) {
  UdpResponder mdns([](const std::string& q) -> std::vector<std::string> {
    auto parsed = d::parse_dns_response(q);  // a query parses as a message with QR clear
    if (!parsed || parsed->qr || q.find("\x09_services\x07_dns-sd") == std::string::npos) return {};
    return {dns_answer(q, 0x8400,
                       {{12, dns_name("_http._tcp.local")}, {12, dns_name("_ssh._tcp.local")}},
                       0x8001)};
  });
  auto r = udp_scan({{mdns.port(), UdpProbe::kMdns}});
  auto f = find(r, "EXP.NET.MDNS", Status::kFail);
  ASSERT_EQ(f.size(), 1u) << to_table(r, true);
  EXPECT_EQ(evidence(*f[0], "service"), "_http._tcp.local|_ssh._tcp.local");
  EXPECT_NE(f[0]->message.find("2 service type(s)"), std::string::npos) << f[0]->message;
  EXPECT_EQ(find(r, "EXP.NET.PORT", Status::kIndeterminate).size(), 1u);  // no manifest
  auto closed = udp_scan({{free_udp_port(), UdpProbe::kMdns}});
  EXPECT_EQ(find(closed, "EXP.NET.MDNS", Status::kPass).size(), 1u) << to_table(closed, true);
}

// A DNS server: `recursion` answers a recursion-desired A query (RA set, one A record) or
// refuses it; `version` answers version.bind or refuses it.
std::vector<std::string> dns_server(const std::string& q, bool recursion, std::string version) {
  if (q.size() < 12) return {};
  if (q.find("\x07version\x04"
             "bind") != std::string::npos)
    return {version.empty()
                ? dns_answer(q, 0x8005, {}, 3)
                : dns_answer(q, 0x8400,
                             {{16, std::string(1, static_cast<char>(version.size())) + version}},
                             3)};
  if (!recursion) return {dns_answer(q, 0x8105, {})};
  return {dns_answer(q, 0x8180, {{1, std::string("\xc0\x00\x02\x07", 4)}})};
}

TEST(ExposureNetUdp, DnsOpenResolverAndVersionBind) {
  UdpResponder open([](const std::string& q) { return dns_server(q, true, "9.18.24-1-Debian"); });
  UdpResponder closed([](const std::string& q) { return dns_server(q, false, ""); });
  UdpResponder chatty([](const std::string& q) { return dns_server(q, false, "9.18.24"); });
  auto r = udp_scan({{open.port(), UdpProbe::kDns},
                     {closed.port(), UdpProbe::kDns},
                     {chatty.port(), UdpProbe::kDns}});
  auto f = find(r, "EXP.NET.DNS", Status::kFail);
  ASSERT_EQ(f.size(), 2u) << to_table(r, true);
  const Observation* o = f[0]->path == "udp/" + std::to_string(open.port()) ? f[0] : f[1];
  const Observation* c = o == f[0] ? f[1] : f[0];
  EXPECT_EQ(o->severity, Severity::kHigh);
  EXPECT_NE(o->message.find("open recursive resolver"), std::string::npos) << o->message;
  EXPECT_EQ(evidence(*o, "version.bind"), "9.18.24-1-Debian");
  EXPECT_EQ(evidence(*o, "recursion"), "www.example.com A, RD set: NOERROR, RA set, 1 answer(s)");
  EXPECT_NE(evidence(*o, "amplification").find("factor"), std::string::npos);
  EXPECT_EQ(c->path, "udp/" + std::to_string(chatty.port()));
  EXPECT_EQ(c->severity, Severity::kLow);
  EXPECT_NE(c->message.find("version.bind '9.18.24'"), std::string::npos) << c->message;
  auto p = find(r, "EXP.NET.DNS", Status::kPass);
  ASSERT_EQ(p.size(), 1u) << to_table(r, true);
  EXPECT_EQ(p[0]->path, "udp/" + std::to_string(closed.port()));
  EXPECT_EQ(evidence(*p[0], "recursion"),
            "www.example.com A, RD set: REFUSED, RA clear, 0 answer(s)");
}

TEST_F(ExposureNetServers, DnsmasqForwardingIsAnOpenResolver) {
  auto dnsmasq = tool("dnsmasq");
  if (!dnsmasq) GTEST_SKIP() << "dnsmasq not installed (Debian package dnsmasq-base)";
  // dnsmasq forwards recursion to an upstream the test runs and answers version.bind itself.
  UdpResponder upstream([](const std::string& q) { return dns_server(q, true, ""); });
  auto start = [&](int port, bool forward) {
    std::vector<std::string> argv = {*dnsmasq,
                                     "--keep-in-foreground",
                                     "--conf-file=/dev/null",
                                     "--port=" + std::to_string(port),
                                     "--listen-address=127.0.0.1",
                                     "--bind-interfaces",
                                     "--no-resolv",
                                     "--no-hosts",
                                     "--pid-file=" + (dir.path() / "dnsmasq.pid").string(),
                                     "--log-facility=-"};
    if (forward) argv.push_back("--server=127.0.0.1#" + std::to_string(upstream.port()));
    return std::make_unique<Daemon>(argv, port, true);
  };
  int port = free_udp_port();
  auto d1 = start(port, true);
  if (!d1->up()) GTEST_SKIP() << "dnsmasq did not start on udp 127.0.0.1:" << port;
  auto r = udp_scan({{port, UdpProbe::kDns}});
  auto f = find(r, "EXP.NET.DNS", Status::kFail);
  ASSERT_EQ(f.size(), 1u) << to_table(r, true);
  EXPECT_EQ(f[0]->severity, Severity::kHigh);
  EXPECT_TRUE(evidence(*f[0], "version.bind").starts_with("dnsmasq-"))
      << evidence(*f[0], "version.bind");
  EXPECT_GE(upstream.requests(), 1);  // the recursion really went upstream
}

// An ntpd-like responder: mode 7 monlist (two datagrams of entries) and mode 6 READVAR, each
// answered or refused.
std::vector<std::string> ntp_server(const std::string& q, bool monlist, bool readvar) {
  if (q.size() >= 4 && (q[0] & 7) == 7 && q[3] == '\x2a') {
    if (!monlist) return {std::string("\x97\x00\x03\x2a\x40\x00\x00\x00", 8)};  // error
    return {std::string("\xd7\x00\x03\x2a\x00\x06\x00\x48", 8) + std::string(6 * 72, '\x11'),
            std::string("\x97\x01\x03\x2a\x00\x02\x00\x48", 8) + std::string(2 * 72, '\x22')};
  }
  if (q.size() == 12 && (q[0] & 7) == 6 && q[1] == '\x02' && readvar) {
    std::string vars = "version=\"ntpd 4.2.8p15@1.3728-o\", processor=\"x86_64\", stratum=2";
    while (vars.size() % 4) vars += ' ';
    return {q.substr(0, 1) + "\x82" + q.substr(2, 2) + std::string("\x06\x15\x00\x00\x00\x00", 6) +
            be16(static_cast<std::uint16_t>(vars.size())) + vars};
  }
  return {};
}

TEST(ExposureNetUdp, NtpMonlistAndReadvar) {
  UdpResponder old([](const std::string& q) { return ntp_server(q, true, true); });
  UdpResponder control([](const std::string& q) { return ntp_server(q, false, true); });
  UdpResponder tight([](const std::string& q) { return ntp_server(q, false, false); });
  auto r = udp_scan({{old.port(), UdpProbe::kNtp},
                     {control.port(), UdpProbe::kNtp},
                     {tight.port(), UdpProbe::kNtp}});
  auto f = find(r, "EXP.NET.NTP", Status::kFail);
  ASSERT_EQ(f.size(), 2u) << to_table(r, true);
  const Observation* o = f[0]->path == "udp/" + std::to_string(old.port()) ? f[0] : f[1];
  const Observation* c = o == f[0] ? f[1] : f[0];
  EXPECT_EQ(o->severity, Severity::kHigh);
  EXPECT_NE(o->message.find("monlist (8 entries"), std::string::npos) << o->message;
  EXPECT_EQ(evidence(*o, "monlist"), "answered, 8 entries");
  // 48 bytes asked, 2 datagrams of 8 + 6 * 72 and 8 + 2 * 72 bytes answered.
  EXPECT_EQ(evidence(*o, "monlist_amplification"),
            "48 byte(s) asked, 592 byte(s) in 2 datagram(s) answered (factor 12.3)");
  EXPECT_EQ(c->path, "udp/" + std::to_string(control.port()));
  EXPECT_EQ(c->severity, Severity::kMedium);
  EXPECT_NE(c->message.find("version=\"ntpd 4.2.8p15"), std::string::npos) << c->message;
  EXPECT_EQ(evidence(*c, "monlist"), "refused with an error");
  auto p = find(r, "EXP.NET.NTP", Status::kPass);
  ASSERT_EQ(p.size(), 1u) << to_table(r, true);
  EXPECT_EQ(p[0]->path, "udp/" + std::to_string(tight.port()));
  std::string notes;
  for (const auto& n : r.notes) notes += n + "\n";
  EXPECT_NE(notes.find("3 UDP probe(s) sent: 3 port(s) answered"), std::string::npos) << notes;
}

// ---- mail: clear-text authentication, implicit TLS
// -----------------------------------------------

TEST_F(ExposureNetServers, MailClearTextAuthentication) {
  const int no_backend = free_port();  // the upgrades below are never reached
  // SMTP with AUTH PLAIN LOGIN before STARTTLS: medium (STARTTLS offered, not required).
  {
    StarttlsServer smtp(
        "220 mail.test ESMTP bulwark-test\r\n",
        {{"EHLO", "250-mail.test\r\n250-AUTH PLAIN LOGIN CRAM-MD5\r\n250 STARTTLS\r\n"}},
        "502 5.5.2 unknown\r\n", "", no_backend);
    auto r = scan(smtp.port());
    auto f = find(r, "EXP.NET.PLAINAUTH", Status::kFail);
    ASSERT_EQ(f.size(), 1u) << to_table(r, true);
    EXPECT_EQ(f[0]->severity, Severity::kMedium);
    EXPECT_EQ(evidence(*f[0], "cleartext_auth"), "AUTH PLAIN|AUTH LOGIN");
    EXPECT_EQ(evidence(*f[0], "other_auth"), "AUTH CRAM-MD5");
    EXPECT_NE(f[0]->message.find("STARTTLS offered but not required"), std::string::npos);
  }
  // SMTP with AUTH LOGIN and no STARTTLS: high.
  {
    StarttlsServer smtp("220 mail.test ESMTP bulwark-test\r\n",
                        {{"EHLO", "250-mail.test\r\n250 AUTH=LOGIN\r\n"}}, "502 5.5.2 unknown\r\n",
                        "", no_backend);
    auto r = scan(smtp.port());
    auto f = find(r, "EXP.NET.PLAINAUTH", Status::kFail);
    ASSERT_EQ(f.size(), 1u) << to_table(r, true);
    EXPECT_EQ(f[0]->severity, Severity::kHigh);
    EXPECT_NE(f[0]->message.find("no STARTTLS"), std::string::npos) << f[0]->message;
  }
  // SMTP relay without AUTH: a pass.
  {
    StarttlsServer smtp("220 mx.test ESMTP\r\n", {{"EHLO", "250-mx.test\r\n250 8BITMIME\r\n"}},
                        "502 unknown\r\n", "", no_backend);
    auto r = scan(smtp.port());
    EXPECT_EQ(find(r, "EXP.NET.PLAINAUTH", Status::kPass).size(), 1u) << to_table(r, true);
  }
  // IMAP with LOGINDISABLED: a pass; without it the LOGIN command is clear-text auth.
  {
    StarttlsServer imap(
        "* OK ready\r\n",
        {{"A1 CAPABILITY",
          "* CAPABILITY IMAP4rev1 STARTTLS LOGINDISABLED AUTH=SCRAM-SHA-256\r\na1 OK done\r\n"}},
        "a1 BAD unknown\r\n", "", no_backend);
    auto r = scan(imap.port());
    auto p = find(r, "EXP.NET.PLAINAUTH", Status::kPass);
    ASSERT_EQ(p.size(), 1u) << to_table(r, true);
    EXPECT_EQ(evidence(*p[0], "other_auth"), "AUTH SCRAM-SHA-256");
  }
  {
    StarttlsServer imap("* OK ready\r\n",
                        {{"A1 CAPABILITY", "* CAPABILITY IMAP4rev1 AUTH=PLAIN\r\na1 OK done\r\n"}},
                        "a1 BAD unknown\r\n", "", no_backend);
    auto r = scan(imap.port());
    auto f = find(r, "EXP.NET.PLAINAUTH", Status::kFail);
    ASSERT_EQ(f.size(), 1u) << to_table(r, true);
    EXPECT_EQ(evidence(*f[0], "cleartext_auth"), "LOGIN command|AUTH PLAIN");
    EXPECT_EQ(f[0]->severity, Severity::kHigh);
  }
  // POP3 with USER and SASL PLAIN, no STLS.
  {
    StarttlsServer pop3("+OK POP3 ready\r\n",
                        {{"CAPA", "+OK\r\nUSER\r\nSASL PLAIN\r\nUIDL\r\n.\r\n"}},
                        "-ERR unknown\r\n", "", no_backend);
    auto r = scan(pop3.port());
    auto f = find(r, "EXP.NET.PLAINAUTH", Status::kFail);
    ASSERT_EQ(f.size(), 1u) << to_table(r, true);
    EXPECT_EQ(evidence(*f[0], "cleartext_auth"), "USER/PASS|AUTH PLAIN");
  }
}

// An implicit-TLS server on 127.0.0.1 (one connection at a time, OpenSSL in the test): the TLS
// handshake first, then the service's greeting over TLS, as SMTPS/IMAPS/POP3S servers do.
class ImplicitTlsServer {
 public:
  ImplicitTlsServer(const std::string& cert, const std::string& key, std::string greeting)
      : greeting_(std::move(greeting)) {
    ctx_ = SSL_CTX_new(TLS_server_method());
    ok_ = ctx_ && SSL_CTX_use_certificate_chain_file(ctx_, cert.c_str()) == 1 &&
          SSL_CTX_use_PrivateKey_file(ctx_, key.c_str(), SSL_FILETYPE_PEM) == 1;
    fd_ = listen_loopback(16, port_);
    thread_ = std::thread([this] {
      for (;;) {
        int c = ::accept(fd_, nullptr, nullptr);
        if (c < 0) return;
        timeval tv{1, 0};
        ::setsockopt(c, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
        ::setsockopt(c, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
        SSL* ssl = SSL_new(ctx_);
        SSL_set_fd(ssl, c);
        if (SSL_accept(ssl) == 1) {
          SSL_write(ssl, greeting_.data(), static_cast<int>(greeting_.size()));
          char buf[256];
          (void)SSL_read(ssl, buf, sizeof buf);  // until the client closes or 1 s
          SSL_shutdown(ssl);
        }
        SSL_free(ssl);
        ::close(c);
      }
    });
  }
  ~ImplicitTlsServer() {
    ::shutdown(fd_, SHUT_RDWR);
    ::close(fd_);
    thread_.join();
    SSL_CTX_free(ctx_);
  }
  bool ok() const { return ok_; }
  int port() const { return port_; }

 private:
  std::string greeting_;
  SSL_CTX* ctx_ = nullptr;
  bool ok_ = false;
  int fd_ = -1, port_ = 0;
  std::thread thread_;
};

TEST_F(ExposureNetServers, ImplicitTlsMailPorts) {
  make_cert("30", 2048);
  for (auto [greeting, service] :
       {std::pair<std::string, std::string>{"* OK [CAPABILITY IMAP4rev1] ready\r\n", "imaps"},
        {"+OK POP3 ready\r\n", "pop3s"},
        {"220 mail.test ESMTP ready\r\n", "smtps"}}) {
    ImplicitTlsServer s(cert, key, greeting);
    ASSERT_TRUE(s.ok());
    auto r = scan(s.port());
    auto v = find(r, "EXP.NET.TLSVERSION", Status::kPass);
    ASSERT_EQ(v.size(), 1u) << service << "\n" << to_table(r, true);
    EXPECT_EQ(evidence(*v[0], "offered"), "TLS 1.2, TLS 1.3");
    EXPECT_EQ(evidence(*v[0], "service"), service + " (implicit TLS)");
    auto c = find(r, "EXP.NET.CERT", Status::kFail);
    ASSERT_EQ(c.size(), 1u) << to_table(r, true);
    EXPECT_NE(c[0]->message.find("self-signed"), std::string::npos);
    auto port = any_status(r, "EXP.NET.PORT");
    ASSERT_EQ(port.size(), 1u);
    EXPECT_EQ(evidence(*port[0], "service"), service);
    EXPECT_EQ(evidence(*port[0], "greeting"), greeting.substr(0, greeting.size() - 2));
    // Implicit TLS: no STARTTLS or clear-text authentication check applies.
    EXPECT_TRUE(any_status(r, "EXP.NET.STARTTLS").empty());
    EXPECT_TRUE(any_status(r, "EXP.NET.PLAINAUTH").empty());
  }
}

TEST_F(ExposureNetServers, ClosedPortsAndRateLimit) {
  int a = free_port(), b = free_port();
  NetOptions o;
  o.host = "127.0.0.1";
  o.ports = {a, b};
  o.rate = 10;  // two attempts: at least 100 ms apart
  auto start = std::chrono::steady_clock::now();
  auto r = scan_network(o, test_clock());
  auto took = std::chrono::steady_clock::now() - start;
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_GE(took, std::chrono::milliseconds(95));
  EXPECT_EQ(find(*r, "EXP.NET.PORT", Status::kPass).size(), 1u);  // nothing open
  EXPECT_EQ(r->target_kind, "network");
}

}  // namespace
}  // namespace bulwark::exposure::test
