// bulwark exposure net (exposure/net.hpp, net_probe.hpp): the parsers on hand-made answers, the
// scope and port rules, and scans of real servers the test starts on 127.0.0.1 (never another
// address): a TLS server offering only TLS 1.0 (openssl s_server at security level 0), a modern
// TLS server with a self-signed certificate, OpenSSH sshd and dropbear (with their KEXINIT
// algorithms), BusyBox telnetd and httpd, vsftpd. Each server's test skips with a message when
// its binary is missing or does not start.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
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

int free_port() {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
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

// A daemon started by the test, stopped (SIGTERM, then SIGKILL) when the object goes.
class Daemon {
 public:
  Daemon(std::vector<std::string> argv, int port) : port_(port) {
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
    for (int i = 0; pid_ > 0 && i < 100 && !port_open(port_); ++i)
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
  bool up() const { return pid_ > 0 && port_open(port_); }

 private:
  pid_t pid_ = -1;
  int port_;
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
  int port = free_port();
  const auto config = dir.path() / "sshd_config";
  write(config,
        "Port " + std::to_string(port) + "\nListenAddress 127.0.0.1\nHostKey " + hostkey.string() +
            "\nPidFile " + (dir.path() / "sshd.pid").string() +
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
  EXPECT_EQ(find(r, "EXP.NET.PORT", Status::kPass).size(), 1u);  // declared
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
  int port = free_port();
  Daemon s({*dropbear, "-F", "-E", "-s", "-w", "-p", "127.0.0.1:" + std::to_string(port), "-r",
            hostkey.string(), "-P", (dir.path() / "db.pid").string()},
           port);
  if (!s.up()) GTEST_SKIP() << "dropbear did not start";
  auto r = scan(port);
  auto f = find(r, "EXP.NET.SSH", Status::kFail);
  ASSERT_EQ(f.size(), 1u) << to_table(r, true);
  EXPECT_NE(evidence(*f[0], "identification").find("dropbear"), std::string::npos);
  EXPECT_NE(evidence(*f[0], "weak").find("kex diffie-hellman-group14-sha1"), std::string::npos)
      << evidence(*f[0], "weak");
}

// A one-connection-at-a-time server on 127.0.0.1 answering every connection with `greeting`
// (for services whose daemon is not packaged: Debian's busybox has no telnetd applet).
class GreetingServer {
 public:
  explicit GreetingServer(std::string greeting) : greeting_(std::move(greeting)) {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ::bind(fd_, reinterpret_cast<sockaddr*>(&a), sizeof a);
    socklen_t len = sizeof a;
    ::getsockname(fd_, reinterpret_cast<sockaddr*>(&a), &len);
    port_ = ntohs(a.sin_port);
    ::listen(fd_, 8);
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
  auto busybox = tool("busybox");
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
