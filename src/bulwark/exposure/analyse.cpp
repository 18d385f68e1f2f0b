// analyse(): walks the target once through the inventory walker with one collecting extractor,
// runs the per-file checks (ELF hardening, permissions, keys, tokens) as files arrive, keeps the
// small configuration files the target-wide checks need, then runs those (accounts, services,
// debug access, logging, kernel, SSH/SNMP/UPnP/web configuration).
#include <crypt.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>

#include "bulwark/core/text.hpp"
#include "bulwark/exposure/internal.hpp"
#include "bulwark/extract/walker.hpp"

namespace bulwark::exposure {
namespace fs = std::filesystem;
using namespace detail;

namespace {

constexpr std::uint64_t kMaxConfigSize = 1 << 20;
constexpr std::uint64_t kMaxTextScan = 4 << 20;

std::string basename_of(std::string_view p) {
  auto s = p.rfind('/');
  return std::string(s == std::string_view::npos ? p : p.substr(s + 1));
}

bool under(std::string_view path, std::string_view dir) { return path.starts_with(dir); }

bool is_start_file(std::string_view p) {
  return p == "etc/inittab" || p == "etc/rc.local" || p == "etc/inetd.conf" ||
         under(p, "etc/init.d/") || under(p, "etc/rc.d/") ||
         (under(p, "etc/rc") && p.find(".d/") != std::string_view::npos) ||
         under(p, "etc/xinetd.d/") || (under(p, "etc/systemd/system/") && p.ends_with(".service"));
}

bool is_config_text(std::string_view p) {
  static constexpr std::string_view kExt[] = {
      ".conf", ".cfg", ".ini",  ".env",  ".properties", ".yaml",           ".yml",
      ".json", ".xml", ".toml", ".prop", ".netrc",      ".git-credentials"};
  if (p == "etc/passwd" || p == "etc/shadow" || p == "etc/group" || p == "etc/gshadow")
    return false;
  if (under(p, "etc/") && !is_start_file(p)) return true;
  std::string b = basename_of(p);
  if (b == ".netrc" || b == ".git-credentials" || b == ".env" || b == "credentials") return true;
  for (auto e : kExt)
    if (p.ends_with(e)) return true;
  return false;
}

bool keep_config(std::string_view p) {
  if (is_start_file(p)) return true;
  static constexpr std::string_view kExact[] = {"etc/passwd",
                                                "etc/shadow",
                                                "etc/sudoers",
                                                "etc/ssh/sshd_config",
                                                "etc/sysctl.conf",
                                                "etc/snmp/snmpd.conf",
                                                "etc/snmpd.conf",
                                                "etc/miniupnpd.conf",
                                                "etc/miniupnpd/miniupnpd.conf",
                                                "etc/vsftpd.conf",
                                                "etc/vsftpd/vsftpd.conf",
                                                "boot/cmdline.txt",
                                                "default.prop",
                                                "system/build.prop",
                                                "etc/lighttpd/lighttpd.conf",
                                                "etc/syslog.conf",
                                                "etc/rsyslog.conf"};
  for (auto e : kExact)
    if (p == e) return true;
  if (under(p, "etc/sudoers.d/") || under(p, "etc/sysctl.d/") || under(p, "usr/lib/sysctl.d/") ||
      under(p, "lib/sysctl.d/") || under(p, "etc/ssh/sshd_config.d/") || under(p, "boot/config-") ||
      (under(p, "etc/lighttpd/") && p.ends_with(".conf")) || p.ends_with("php.ini") ||
      p.ends_with(".prop") || under(p, "etc/default/grub") || p.ends_with("grub.cfg") ||
      p.ends_with("uEnv.txt"))
    return true;
  return false;
}

bool trust_store(std::string_view p) {
  return under(p, "usr/share/ca-certificates/") || under(p, "etc/ssl/certs/") ||
         under(p, "etc/pki/") || p.find("ca-bundle") != std::string_view::npos ||
         p.find("ca-certificates") != std::string_view::npos || under(p, "usr/share/doc/") ||
         under(p, "usr/lib/python") || under(p, "usr/share/perl");
}

bool host_key_path(std::string_view p) {
  std::string b = basename_of(p);
  return (b.starts_with("ssh_host_") && !b.ends_with(".pub")) || under(p, "etc/dropbear/") ||
         b.find("host_key") != std::string::npos;
}

bool binary_text(std::string_view content) {
  return content.substr(0, 8192).find('\0') != std::string_view::npos;
}

constexpr std::string_view kDebugTools[] = {"gdbserver", "gdb",   "strace",  "ltrace", "gcc",
                                            "cc",        "tcc",   "tcpdump", "nc",     "netcat",
                                            "ncat",      "socat", "valgrind"};
constexpr std::string_view kLogDaemons[] = {"syslogd",          "klogd",  "rsyslogd", "syslog-ng",
                                            "systemd-journald", "auditd", "logd",     "metalog"};
constexpr std::string_view kDaemons[] = {
    "telnetd",   "utelnetd",   "ftpd",     "vsftpd",   "tftpd",     "in.tftpd",     "proftpd",
    "pure-ftpd", "sshd",       "dropbear", "lighttpd", "uhttpd",    "httpd",        "boa",
    "goahead",   "mini_httpd", "nginx",    "snmpd",    "miniupnpd", "avahi-daemon", "dnsmasq",
    "adbd",      "gdbserver",  "nc",       "netcat",   "syslogd",   "klogd",        "rsyslogd",
    "syslog-ng", "auditd",     "inetd",    "xinetd",   "udhcpd",    "hostapd",      "mosquitto",
    "ntpd",      "crond",      "cron"};

constexpr std::string_view kDefaultPasswords[] = {"",      "root",   "admin",   "password", "1234",
                                                  "12345", "123456", "toor",    "default",  "pass",
                                                  "user",  "guest",  "support", "ubnt"};

// One command line that starts something at boot.
struct StartLine {
  std::string file;
  std::size_t line = 0;
  std::string text;
  std::vector<std::string> words;
};

std::vector<std::string> words_of(std::string_view s) {
  std::vector<std::string> out;
  std::string cur;
  for (char c : s) {
    if (c == ' ' || c == '\t' || c == ';' || c == '&' || c == '|' || c == '"' || c == '\'' ||
        c == '`' || c == '(' || c == ')') {
      if (!cur.empty()) out.push_back(std::move(cur)), cur.clear();
    } else {
      cur += c;
    }
  }
  if (!cur.empty()) out.push_back(std::move(cur));
  return out;
}

// Command name of a word: basename without a leading '-' (login-shell marker).
std::string command_name(std::string_view w) {
  std::string b = basename_of(w);
  if (!b.empty() && b.front() == '-') b.erase(0, 1);
  return b;
}

bool is_shell(std::string_view w) {
  std::string b = command_name(w);
  return b == "sh" || b == "ash" || b == "bash" || b == "hush" || b == "dash" || b == "zsh";
}

class State {
 public:
  State(const Options& o, TimePoint now, const RuleSet* rules)
      : options_(o), now_(now), rules_(rules) {}

  bool wants(const extract::FileInfo& info) const {
    if (info.mode == 0) return false;  // metadata unknown: the walker's probe of the target itself
    return info.size <= options_.max_file_size;
  }

  void on_file(const extract::FileInfo& info, std::string_view content) {
    if (!seen_.insert(info.path).second) return;
    ++files_seen;
    const std::string& p = info.path;
    std::string digest;
    auto sha = [&]() -> const std::string& {
      if (digest.empty()) digest = sha256_hex(content);
      return digest;
    };
    const std::string b = basename_of(p);
    if (info.mode & 06000) {
      suid.push_back(observe("EXP.FS.SUID", Status::kFail, p,
                             std::string((info.mode & 04000) ? "setuid" : "setgid") +
                                 " file, owner " + owner_text(info.uid, info.gid),
                             {{"mode", mode_text(info.mode)},
                              {"owner", owner_text(info.uid, info.gid)},
                              {"sha256", sha()}}));
    }
    if (info.mode & 0002) {
      bool init = is_start_file(p);
      writable.push_back(observe(
          "EXP.FS.WRITABLE", Status::kFail, p,
          init ? "world-writable start script (runs as root at boot)" : "world-writable file",
          {{"mode", mode_text(info.mode)},
           {"owner", owner_text(info.uid, info.gid)},
           {"sha256", sha()}},
          {}, init ? Severity::kHigh : Severity::kMedium));
    }
    for (auto t : kDebugTools)
      if (b == t && (looks_like_elf(content) || (info.mode & 0111)))
        debug_tools.push_back({p, sha()});
    for (auto t : kLogDaemons)
      if (b == t) log_binaries.push_back(p);
    if (under(p, "lib/modules/")) {
      auto rest = std::string_view(p).substr(12);
      auto slash = rest.find('/');
      if (slash != std::string_view::npos && slash > 0)
        kernels.insert(std::string(rest.substr(0, slash)));
    }
    if (looks_like_elf(content)) {
      ++elf_files;
      auto facts = read_elf(content);
      if (!facts) {
        notes.push_back(p + ": ELF: " + facts.error().message);
        out.push_back(observe("EXP.BIN.NX", Status::kIndeterminate, p,
                              "malformed ELF: " + facts.error().message, {{"sha256", sha()}}));
        return;
      }
      if (imports_network(*facts)) ++network_facing, network_paths.insert(p);
      check_elf(*facts, BinaryContext{p, sha(), info.mode, info.uid, info.gid, false}, out);
      return;
    }
    if (keep_config(p) && content.size() <= kMaxConfigSize) configs[p] = std::string(content);
    if (b == "config" || b.starts_with("config-") || b == ".config") {
      if (content.size() <= kMaxConfigSize && content.find("CONFIG_") != std::string_view::npos &&
          (content.find("CONFIG_MMU") != std::string_view::npos ||
           content.find("CONFIG_64BIT") != std::string_view::npos ||
           content.find("CONFIG_LOCALVERSION") != std::string_view::npos))
        kernel_configs[p] = std::string(content);
    }
    // Keys and certificates.
    if (!trust_store(p) && has_pem_marker(content)) {
      for (auto& o : parse_pem_objects(content, now_)) keys.push_back({p, std::move(o)});
    } else if (host_key_path(p) && !has_pem_marker(content) && content.size() < 65536) {
      // Dropbear's own key format: string key type, then the key numbers.
      if (content.size() > 11 && content.substr(4, 4) == "ssh-") {
        PemObject o;
        o.kind = "private-key";
        auto n = (std::uint32_t(std::uint8_t(content[2])) << 8) | std::uint8_t(content[3]);
        o.key_type = std::string(content.substr(4, std::min<std::size_t>(n, content.size() - 4)));
        o.fingerprint = sha();
        keys.push_back({p, std::move(o)});
      }
    }
    if (!binary_text(content) && content.size() <= kMaxTextScan && !trust_store(p)) {
      auto hits = find_tokens(content, is_config_text(p));
      if (rules_) {
        auto more = rules_->scan(p, content);
        hits.insert(hits.end(), more.begin(), more.end());
      }
      for (auto& hit : hits)
        tokens.push_back(observe("EXP.SEC.TOKEN", Status::kFail, p,
                                 hit.rule + " at line " + std::to_string(hit.line),
                                 {{"rule", hit.rule},
                                  {"line", std::to_string(hit.line)},
                                  {"value", hit.redacted},
                                  {"sha256", sha()}},
                                 hit.rule + ":" + hit.redacted));
    }
  }

  const Options& options_;
  TimePoint now_;
  const RuleSet* rules_ = nullptr;
  std::set<std::string> seen_;
  std::size_t files_seen = 0, elf_files = 0, network_facing = 0;
  std::set<std::string> network_paths;
  std::vector<Observation> out, suid, writable, tokens;
  std::vector<std::pair<std::string, std::string>> debug_tools;  // path, sha256
  std::vector<std::string> log_binaries;
  std::set<std::string> kernels;
  std::map<std::string, std::string> configs, kernel_configs;
  std::vector<std::pair<std::string, PemObject>> keys;
  std::vector<std::string> notes;
};

class CollectingExtractor final : public extract::Extractor {
 public:
  explicit CollectingExtractor(State& s) : s_(s) {}
  std::string_view name() const override { return "exposure"; }
  bool wants(const extract::FileInfo& f) const override { return s_.wants(f); }
  Result<extract::Inventory> extract(const extract::ScanInput& in) const override {
    s_.on_file(in.info, in.content);
    return extract::Inventory{};
  }

 private:
  State& s_;
};

std::string line_ref(const std::string& file, std::size_t line) {
  return file + ":" + std::to_string(line);
}

// --- target-wide checks ------------------------------------------------------------------

void check_accounts(State& s, std::vector<Observation>& out) {
  auto pw = s.configs.find("etc/passwd");
  if (pw == s.configs.end()) {
    for (auto id : {"EXP.ACC.EMPTYPW", "EXP.ACC.WEAKHASH", "EXP.ACC.UID0", "EXP.ACC.DEFAULTPW"})
      out.push_back(observe(id, Status::kNotApplicable, "", "no etc/passwd in the target", {}));
    return;
  }
  auto passwd = parse_passwd(pw->second);
  if (!passwd) {
    for (auto id : {"EXP.ACC.EMPTYPW", "EXP.ACC.WEAKHASH", "EXP.ACC.UID0", "EXP.ACC.DEFAULTPW"})
      out.push_back(observe(id, Status::kIndeterminate, "etc/passwd",
                            "etc/passwd: " + passwd.error().message, {}));
    return;
  }
  std::vector<PasswdEntry> shadow;
  if (auto sh = s.configs.find("etc/shadow"); sh != s.configs.end()) {
    auto parsed = parse_shadow(sh->second);
    if (parsed)
      shadow = std::move(*parsed);
    else
      s.notes.push_back("etc/shadow: " + parsed.error().message);
  }
  auto login_shell = [](const PasswdEntry& e) {
    std::string b = command_name(e.shell);
    return !(b == "nologin" || b == "false" || b == "sync" || b == "shutdown" || b == "halt");
  };
  std::map<std::string, const PasswdEntry*> users;
  for (const auto& e : *passwd) users[e.name] = &e;
  // (account, hash, file, line) of every real hash.
  struct Hash {
    std::string account, hash, file;
    std::size_t line;
  };
  std::vector<Hash> hashes;
  std::size_t empty = 0, weak = 0, uid0 = 0;
  for (const auto& e : *passwd) {
    if (e.password.empty() && login_shell(e)) {
      ++empty;
      out.push_back(observe(
          "EXP.ACC.EMPTYPW", Status::kFail, "etc/passwd",
          "account '" + e.name + "' has an empty password",
          {{"account", e.name}, {"line", std::to_string(e.line)}, {"file", "etc/passwd"}}, e.name));
    } else if (e.password != "x" && e.password != "*" && !e.password.starts_with("!") &&
               !e.password.empty()) {
      ++weak;
      out.push_back(observe("EXP.ACC.WEAKHASH", Status::kFail, "etc/passwd",
                            "password hash of '" + e.name + "' in world-readable etc/passwd",
                            {{"account", e.name}, {"line", std::to_string(e.line)}},
                            "passwd:" + e.name));
      hashes.push_back({e.name, e.password, "etc/passwd", e.line});
    }
    if (e.uid == "0" && e.name != "root") {
      ++uid0;
      out.push_back(observe("EXP.ACC.UID0", Status::kFail, "etc/passwd",
                            "extra UID 0 account '" + e.name + "'",
                            {{"account", e.name}, {"line", std::to_string(e.line)}}, e.name));
    }
  }
  for (const auto& e : shadow) {
    auto u = users.find(e.name);
    bool can_login = u == users.end() || login_shell(*u->second);
    if (e.password.empty()) {
      if (!can_login) continue;
      ++empty;
      out.push_back(observe(
          "EXP.ACC.EMPTYPW", Status::kFail, "etc/shadow",
          "account '" + e.name + "' has an empty password",
          {{"account", e.name}, {"line", std::to_string(e.line)}, {"file", "etc/shadow"}}, e.name));
      continue;
    }
    const std::string& h = e.password;
    if (h.starts_with("!") || h.starts_with("*") || h == "x") continue;
    hashes.push_back({e.name, h, "etc/shadow", e.line});
    std::string scheme;
    std::optional<Severity> sev;
    if (h.starts_with("$1$"))
      scheme = "MD5-crypt ($1$)", sev = Severity::kMedium;
    else if (h.size() == 13 && h.find('$') == std::string::npos)
      scheme = "DES crypt", sev = Severity::kHigh;
    else if (h.starts_with("$2a$") || h.starts_with("$2b$") || h.starts_with("$2y$"))
      scheme = "bcrypt";
    else if (h.starts_with("$5$"))
      scheme = "SHA-256-crypt";
    else if (h.starts_with("$6$"))
      scheme = "SHA-512-crypt";
    else if (h.starts_with("$y$") || h.starts_with("$7$") || h.starts_with("$gy$"))
      scheme = "yescrypt/scrypt";
    else
      scheme = "unknown";
    if (sev) {
      ++weak;
      out.push_back(
          observe("EXP.ACC.WEAKHASH", Status::kFail, "etc/shadow",
                  "account '" + e.name + "' uses " + scheme,
                  {{"account", e.name}, {"scheme", scheme}, {"line", std::to_string(e.line)}},
                  e.name, sev));
    }
  }
  if (!empty)
    out.push_back(observe("EXP.ACC.EMPTYPW", Status::kPass, "",
                          "no login account with an empty password",
                          {{"accounts", std::to_string(passwd->size())}}));
  if (!weak)
    out.push_back(observe("EXP.ACC.WEAKHASH", Status::kPass, "", "no weak or exposed password hash",
                          {{"hashes", std::to_string(hashes.size())}}));
  // sudoers NOPASSWD: ALL
  for (const auto& [path, text] : s.configs) {
    if (path != "etc/sudoers" && !under(path, "etc/sudoers.d/")) continue;
    std::size_t n = 0;
    for (auto line : split(text, '\n')) {
      ++n;
      auto t = trim(line);
      if (t.empty() || t.front() == '#') continue;
      if (t.find("NOPASSWD") != std::string_view::npos && t.ends_with("ALL")) {
        ++uid0;
        out.push_back(
            observe("EXP.ACC.UID0", Status::kFail, path, "passwordless sudo: " + std::string(t),
                    {{"line", std::to_string(n)}, {"text", std::string(t)}}, std::string(t)));
      }
    }
  }
  if (!uid0)
    out.push_back(
        observe("EXP.ACC.UID0", Status::kPass, "", "no extra UID 0 account, no NOPASSWD: ALL", {}));
  // Default passwords (bounded: at most 64 hashes x the short list).
  std::size_t defaults = 0;
  crypt_data data{};
  for (std::size_t i = 0; i < hashes.size() && i < 64; ++i) {
    for (auto guess : kDefaultPasswords) {
      data = crypt_data{};
      const char* r = crypt_r(std::string(guess).c_str(), hashes[i].hash.c_str(), &data);
      if (r && r[0] != '*' && hashes[i].hash == r) {
        ++defaults;
        out.push_back(
            observe("EXP.ACC.DEFAULTPW", Status::kFail, hashes[i].file,
                    "account '" + hashes[i].account + "' has a well-known default password",
                    {{"account", hashes[i].account},
                     {"line", std::to_string(hashes[i].line)},
                     {"guess_length", std::to_string(guess.size())}},
                    hashes[i].account));
        break;
      }
    }
  }
  if (!defaults)
    out.push_back(
        observe("EXP.ACC.DEFAULTPW", Status::kPass, "",
                "no hash matches the " + std::to_string(std::size(kDefaultPasswords)) +
                    " built-in default passwords",
                {{"hashes_tried", std::to_string(std::min<std::size_t>(hashes.size(), 64))}}));
}

std::vector<StartLine> start_lines(State& s) {
  std::vector<StartLine> out;
  for (const auto& [path, text] : s.configs) {
    if (!is_start_file(path)) continue;
    if (path == "etc/inittab") {
      auto entries = parse_inittab(text);
      if (!entries) {
        s.notes.push_back(path + ": " + entries.error().message);
        continue;
      }
      for (auto& e : *entries) out.push_back({path, e.line, e.process, words_of(e.process)});
      continue;
    }
    std::size_t n = 0;
    for (auto line : split(text, '\n')) {
      ++n;
      auto t = trim(line);
      if (t.empty() || t.front() == '#') continue;
      if (path.ends_with(".service")) {
        if (!t.starts_with("ExecStart")) continue;
        auto eq = t.find('=');
        if (eq == std::string_view::npos) continue;
        t = trim(t.substr(eq + 1));
      }
      out.push_back({path, n, std::string(t), words_of(t)});
      if (out.size() > 100'000) return out;
    }
  }
  return out;
}

void check_services(State& s, const std::vector<StartLine>& lines,
                    std::set<std::string>& boot_paths, std::vector<Observation>& out) {
  const bool have_start = std::any_of(s.configs.begin(), s.configs.end(),
                                      [](const auto& c) { return is_start_file(c.first); });
  std::map<std::string, std::string> services;  // daemon -> first "file:line"
  std::size_t telnet = 0, ftp = 0, console = 0;
  bool log_started = false;
  for (const auto& l : lines) {
    for (std::size_t i = 0; i < l.words.size(); ++i) {
      const std::string& w = l.words[i];
      std::string cmd = command_name(w);
      if (w.find('/') != std::string::npos && w.front() == '/') boot_paths.insert(w.substr(1));
      bool is_daemon =
          std::find(std::begin(kDaemons), std::end(kDaemons), cmd) != std::end(kDaemons);
      if ((cmd == "nc" || cmd == "netcat") &&
          std::none_of(l.words.begin(), l.words.end(),
                       [](const std::string& x) { return x.starts_with("-l") || x == "-e"; }))
        is_daemon = false;
      if (!is_daemon) continue;
      boot_paths.insert("bin/" + cmd), boot_paths.insert("sbin/" + cmd),
          boot_paths.insert("usr/bin/" + cmd), boot_paths.insert("usr/sbin/" + cmd);
      services.emplace(cmd, line_ref(l.file, l.line));
      if (std::find(std::begin(kLogDaemons), std::end(kLogDaemons), cmd) != std::end(kLogDaemons))
        log_started = true;
      if (cmd == "telnetd" || cmd == "utelnetd") {
        bool shell = false;
        for (std::size_t j = i + 1; j < l.words.size(); ++j) {
          if (l.words[j] == "-l" && j + 1 < l.words.size() && is_shell(l.words[j + 1]))
            shell = true;
          if (l.words[j].starts_with("-l") && l.words[j].size() > 2 &&
              is_shell(l.words[j].substr(2)))
            shell = true;
        }
        ++telnet;
        out.push_back(observe(
            "EXP.SVC.TELNET", Status::kFail, l.file,
            shell ? "telnetd started with a shell as login program (root shell without login)"
                  : "telnetd started at boot",
            {{"line", std::to_string(l.line)}, {"text", l.text}}, l.text,
            shell ? Severity::kCritical : Severity::kHigh));
      }
      if (cmd.find("ftpd") != std::string::npos) {
        ++ftp;
        out.push_back(observe("EXP.SVC.FTP", Status::kFail, l.file, cmd + " started at boot",
                              {{"line", std::to_string(l.line)}, {"text", l.text}}, l.text));
      }
      break;  // one daemon per line
    }
  }
  // inittab console shells and getty autologin.
  if (auto it = s.configs.find("etc/inittab"); it != s.configs.end()) {
    if (auto entries = parse_inittab(it->second)) {
      for (const auto& e : *entries) {
        auto w = words_of(e.process);
        if (w.empty()) continue;
        bool shell =
            is_shell(w[0]) && (e.action == "respawn" || e.action == "askfirst" ||
                               e.action == "once" || e.action == "wait" || e.action == "sysinit");
        bool autologin = false;
        if (command_name(w[0]).find("getty") != std::string::npos)
          for (std::size_t j = 1; j < w.size(); ++j)
            autologin = autologin || w[j] == "--autologin" || (w[j] == "-a" && j + 1 < w.size()) ||
                        (w[j] == "-l" && j + 1 < w.size() && is_shell(w[j + 1])) ||
                        (w[j] == "-n" && shell);
        if (shell || autologin) {
          ++console;
          out.push_back(
              observe("EXP.DBG.CONSOLE", Status::kFail, "etc/inittab",
                      shell ? "shell started on a console without login" : "getty with autologin",
                      {{"line", std::to_string(e.line)},
                       {"text", e.id + ":" + e.runlevels + ":" + e.action + ":" + e.process}},
                      e.process));
        }
      }
    }
  }
  for (const auto& [path, text] : s.configs) {
    const bool cmdline = path == "boot/cmdline.txt" || path.ends_with("grub.cfg") ||
                         path.ends_with("uEnv.txt") || under(path, "etc/default/grub");
    const bool prop = path.ends_with(".prop");
    if (!cmdline && !prop) continue;
    std::size_t n = 0;
    for (auto line : split(text, '\n')) {
      ++n;
      auto t = trim(line);
      bool bad = cmdline ? (t.find("init=/bin/sh") != std::string_view::npos ||
                            t.find("init=/bin/ash") != std::string_view::npos)
                         : (t == "ro.debuggable=1" || t == "ro.secure=0" || t == "ro.adb.secure=0");
      if (!bad) continue;
      ++console;
      out.push_back(
          observe("EXP.DBG.CONSOLE", Status::kFail, path, "debug access: " + std::string(t),
                  {{"line", std::to_string(n)}, {"text", std::string(t)}}, std::string(t)));
    }
  }
  // vsftpd anonymous access.
  for (auto cfg : {"etc/vsftpd.conf", "etc/vsftpd/vsftpd.conf"}) {
    auto it = s.configs.find(cfg);
    if (it == s.configs.end()) continue;
    if (auto kv = parse_key_value(it->second))
      for (const auto& c : *kv)
        if ((c.key == "anonymous_enable" || c.key == "anon_upload_enable") &&
            equals_icase(c.value, "YES")) {
          ++ftp;
          out.push_back(observe("EXP.SVC.FTP", Status::kFail, cfg, c.key + "=YES",
                                {{"line", std::to_string(c.line)}}, c.key));
        }
  }
  const std::string no_start =
      "no start files (inittab, init.d, rc scripts, systemd units) in the target";
  if (!telnet)
    out.push_back(observe("EXP.SVC.TELNET", have_start ? Status::kPass : Status::kNotApplicable, "",
                          have_start ? "no telnet daemon started" : no_start, {}));
  if (!ftp)
    out.push_back(observe("EXP.SVC.FTP", have_start ? Status::kPass : Status::kNotApplicable, "",
                          have_start ? "no FTP/TFTP daemon started, no anonymous FTP" : no_start,
                          {}));
  if (!console) {
    bool any = s.configs.count("etc/inittab") || have_start;
    out.push_back(observe(
        "EXP.DBG.CONSOLE", any ? Status::kPass : Status::kNotApplicable, "",
        any ? "no console shell without login, no autologin, no debug properties" : no_start, {}));
  }
  // Inventory of boot-started services (no interface manifest yet: listed for review).
  if (!have_start) {
    out.push_back(observe("EXP.SVC.INVENTORY", Status::kNotApplicable, "", no_start, {}));
  } else {
    Evidence ev;
    for (const auto& [d, where] : services) ev.emplace_back(d, where);
    out.push_back(observe(
        "EXP.SVC.INVENTORY", services.empty() ? Status::kPass : Status::kIndeterminate, "",
        services.empty() ? "no known daemon started at boot"
                         : std::to_string(services.size()) +
                               " service(s) started at boot; no interface manifest to compare with",
        ev));
  }
  // Logging.
  bool journald = std::any_of(s.log_binaries.begin(), s.log_binaries.end(),
                              [](const std::string& p) { return p.ends_with("systemd-journald"); });
  if (log_started || journald)
    out.push_back(observe("EXP.LOG.DAEMON", Status::kPass, "", "a logging daemon is started",
                          {{"daemon", journald ? "systemd-journald" : "started by a start file"}}));
  else if (have_start)
    out.push_back(
        observe("EXP.LOG.DAEMON", Status::kFail, "", "no logging or audit daemon started at boot",
                {{"searched", "etc/inittab, etc/init.d, etc/rc*.d, etc/systemd/system"}}));
  else
    out.push_back(observe("EXP.LOG.DAEMON", Status::kIndeterminate, "", no_start, {}));
  // Debug tools.
  for (const auto& [p, sha] : s.debug_tools) {
    bool boot = boot_paths.count(p) > 0;
    out.push_back(observe("EXP.DBG.TOOLS", Status::kFail, p,
                          basename_of(p) + " shipped" + (boot ? " and started at boot" : ""),
                          {{"sha256", sha}}, {}, boot ? Severity::kMedium : Severity::kLow));
  }
  if (s.debug_tools.empty())
    out.push_back(observe("EXP.DBG.TOOLS", Status::kPass, "", "no debug tool found", {}));
}

void check_ssh_snmp_upnp_web(State& s, std::vector<Observation>& out) {
  // sshd_config (first value wins, as in sshd).
  std::vector<std::string> ssh_files;
  for (const auto& [p, t] : s.configs)
    if (p == "etc/ssh/sshd_config" || under(p, "etc/ssh/sshd_config.d/")) ssh_files.push_back(p);
  if (ssh_files.empty()) {
    out.push_back(
        observe("EXP.SVC.SSH", Status::kNotApplicable, "", "no sshd_config in the target", {}));
  } else {
    std::map<std::string, std::pair<std::string, std::string>> first;  // key -> value, file:line
    for (const auto& p : ssh_files) {
      auto lines = parse_keyword_config(s.configs[p]);
      if (!lines) {
        out.push_back(observe("EXP.SVC.SSH", Status::kIndeterminate, p,
                              p + ": " + lines.error().message, {}));
        continue;
      }
      for (const auto& c : *lines)
        if (c.key != "match")
          first.emplace(c.key, std::pair{to_lower(c.value), line_ref(p, c.line)});
        else
          break;
    }
    std::size_t fails = 0;
    auto bad = [&](const char* key, std::initializer_list<std::string_view> values,
                   std::string_view what, Severity sev) {
      auto it = first.find(key);
      if (it == first.end()) return;
      for (auto v : values)
        if (it->second.first == v) {
          ++fails;
          out.push_back(observe(
              "EXP.SVC.SSH", Status::kFail,
              it->second.second.substr(0, it->second.second.rfind(':')), std::string(what),
              {{"setting", std::string(key) + " " + it->second.first}, {"at", it->second.second}},
              key, sev));
        }
    };
    bad("permitrootlogin", {"yes"}, "root may log in with a password", Severity::kHigh);
    bad("permitemptypasswords", {"yes"}, "empty passwords accepted", Severity::kCritical);
    bad("passwordauthentication", {"yes"}, "password authentication enabled", Severity::kLow);
    if (!fails)
      out.push_back(observe("EXP.SVC.SSH", Status::kPass, "etc/ssh/sshd_config",
                            "no root password login, no empty passwords", {}));
  }
  // SNMP communities.
  std::size_t snmp_files = 0, snmp_fails = 0;
  for (auto cfg : {"etc/snmp/snmpd.conf", "etc/snmpd.conf"}) {
    auto it = s.configs.find(cfg);
    if (it == s.configs.end()) continue;
    ++snmp_files;
    auto lines = parse_keyword_config(it->second);
    if (!lines) continue;
    for (const auto& c : *lines) {
      if (c.key != "rocommunity" && c.key != "rwcommunity" && c.key != "com2sec" &&
          c.key != "rocommunity6" && c.key != "rwcommunity6")
        continue;
      auto w = words_of(c.value);
      bool def = std::any_of(w.begin(), w.end(),
                             [](const std::string& x) { return x == "public" || x == "private"; });
      if (!def) continue;
      ++snmp_fails;
      out.push_back(observe("EXP.SVC.SNMP", Status::kFail, cfg,
                            "default SNMP community: " + c.key + " " + c.value,
                            {{"line", std::to_string(c.line)}}, c.key + " " + c.value,
                            c.key.starts_with("rw") ? Severity::kCritical : Severity::kHigh));
    }
  }
  if (!snmp_fails)
    out.push_back(observe(
        "EXP.SVC.SNMP", snmp_files ? Status::kPass : Status::kNotApplicable, "",
        snmp_files ? "no public/private community" : "no snmpd configuration in the target", {}));
  // UPnP.
  std::size_t upnp_files = 0, upnp_fails = 0;
  for (auto cfg : {"etc/miniupnpd.conf", "etc/miniupnpd/miniupnpd.conf"}) {
    auto it = s.configs.find(cfg);
    if (it == s.configs.end()) continue;
    ++upnp_files;
    if (auto kv = parse_key_value(it->second))
      for (const auto& c : *kv)
        if (c.key == "secure_mode" && equals_icase(c.value, "no")) {
          ++upnp_fails;
          out.push_back(observe("EXP.SVC.UPNP", Status::kFail, cfg, "miniupnpd secure_mode=no",
                                {{"line", std::to_string(c.line)}}));
        }
  }
  if (!upnp_fails)
    out.push_back(observe(
        "EXP.SVC.UPNP", upnp_files ? Status::kPass : Status::kNotApplicable, "",
        upnp_files ? "secure_mode not disabled" : "no miniupnpd configuration in the target", {}));
  // Web servers.
  std::size_t web_files = 0, web_fails = 0;
  for (const auto& [p, text] : s.configs) {
    bool lighttpd = under(p, "etc/lighttpd/"), php = p.ends_with("php.ini");
    if (!lighttpd && !php) continue;
    ++web_files;
    auto kv = parse_key_value(text);
    if (!kv) continue;
    for (const auto& c : *kv) {
      bool bad = (lighttpd && (c.key == "dir-listing.activate" || c.key == "server.dir-listing") &&
                  equals_icase(c.value, "enable")) ||
                 (php && (c.key == "display_errors" || c.key == "allow_url_include") &&
                  equals_icase(c.value, "on"));
      if (!bad) continue;
      ++web_fails;
      out.push_back(observe("EXP.SVC.WEB", Status::kFail, p, c.key + " = " + c.value,
                            {{"line", std::to_string(c.line)}}, c.key));
    }
  }
  if (!web_fails)
    out.push_back(observe("EXP.SVC.WEB", web_files ? Status::kPass : Status::kNotApplicable, "",
                          web_files ? "no directory listing or error display"
                                    : "no lighttpd/php configuration in the target",
                          {}));
}

void check_kernel(State& s, std::vector<Observation>& out) {
  if (s.kernels.empty())
    out.push_back(observe("EXP.KRN.VERSION", Status::kIndeterminate, "",
                          "no kernel version found (lib/modules/<version>)", {}));
  for (const auto& k : s.kernels)
    out.push_back(
        observe("EXP.KRN.VERSION", Status::kIndeterminate, "lib/modules/" + k,
                "kernel " + k + ": match it through the SBOM (bulwark sbom, bulwark scan)",
                {{"version", k}}, k));
  // Kernel configuration.
  static constexpr std::string_view kOptions[] = {"CONFIG_STACKPROTECTOR_STRONG",
                                                  "CONFIG_RANDOMIZE_BASE",
                                                  "CONFIG_STRICT_KERNEL_RWX",
                                                  "CONFIG_STRICT_DEVMEM",
                                                  "CONFIG_HARDENED_USERCOPY",
                                                  "CONFIG_FORTIFY_SOURCE",
                                                  "CONFIG_SECURITY_DMESG_RESTRICT",
                                                  "CONFIG_SLAB_FREELIST_RANDOM",
                                                  "CONFIG_VMAP_STACK",
                                                  "CONFIG_SECCOMP"};
  if (s.kernel_configs.empty())
    out.push_back(observe("EXP.KRN.CONFIG", Status::kIndeterminate, "",
                          "no kernel configuration in the target", {}));
  for (const auto& [p, text] : s.kernel_configs) {
    std::vector<std::string> missing;
    for (auto o : kOptions)
      if (text.find(std::string(o) + "=y") == std::string::npos) missing.push_back(std::string(o));
    out.push_back(observe("EXP.KRN.CONFIG", missing.empty() ? Status::kPass : Status::kFail, p,
                          missing.empty()
                              ? "hardening options set"
                              : std::to_string(missing.size()) + " hardening option(s) not set",
                          {{"missing", join(missing, ", ")}}));
  }
  // sysctl (files in path order; later files override earlier ones).
  std::map<std::string, std::pair<std::string, std::string>> values;  // key -> value, file:line
  std::size_t files = 0;
  for (const auto& [p, text] : s.configs) {
    if (p != "etc/sysctl.conf" && !p.ends_with(".conf")) continue;
    if (p != "etc/sysctl.conf" && !under(p, "etc/sysctl.d/") && !under(p, "usr/lib/sysctl.d/") &&
        !under(p, "lib/sysctl.d/"))
      continue;
    ++files;
    if (auto kv = parse_key_value(text))
      for (const auto& c : *kv) values[c.key] = {c.value, line_ref(p, c.line)};
  }
  if (!files) {
    out.push_back(observe("EXP.KRN.SYSCTL", Status::kIndeterminate, "",
                          "no sysctl settings in the target: kernel defaults apply", {}));
    return;
  }
  std::size_t fails = 0;
  auto judge = [&](const std::string& key, auto bad, Severity sev, std::string_view what) {
    auto it = values.find(key);
    if (it == values.end() || !bad(it->second.first)) return;
    ++fails;
    out.push_back(observe(
        "EXP.KRN.SYSCTL", Status::kFail, it->second.second.substr(0, it->second.second.rfind(':')),
        std::string(what), {{"setting", key + " = " + it->second.first}, {"at", it->second.second}},
        key, sev));
  };
  judge(
      "kernel.randomize_va_space", [](const std::string& v) { return v == "0" || v == "1"; },
      Severity::kHigh, "ASLR weakened or off");
  judge(
      "kernel.kptr_restrict", [](const std::string& v) { return v == "0"; }, Severity::kLow,
      "kernel pointers exposed");
  judge(
      "kernel.dmesg_restrict", [](const std::string& v) { return v == "0"; }, Severity::kLow,
      "kernel log readable by all");
  if (!fails)
    out.push_back(observe("EXP.KRN.SYSCTL", Status::kPass, "",
                          "no sysctl setting weakens the kernel",
                          {{"files", std::to_string(files)}}));
}

void check_keys(State& s, std::vector<Observation>& out) {
  std::size_t host = 0, priv = 0, certs = 0;
  for (auto& [p, o] : s.keys) {
    Evidence ev{{"kind", o.kind}, {"key_type", o.key_type}};
    if (o.bits) ev.emplace_back("bits", std::to_string(o.bits));
    if (!o.fingerprint.empty()) ev.emplace_back("fingerprint", "SHA256:" + o.fingerprint);
    if (o.kind == "certificate") {
      ++certs;
      ev.insert(ev.end(), {{"subject", o.subject},
                           {"issuer", o.issuer},
                           {"not_before", o.not_before},
                           {"not_after", o.not_after},
                           {"signature", o.signature}});
      std::vector<std::string> why;
      if (o.expired) why.push_back("expired " + o.not_after);
      if (o.weak_signature) why.push_back("weak signature " + o.signature);
      if ((o.key_type == "RSA" || o.key_type == "DSA") && o.bits && o.bits < 2048)
        why.push_back(o.key_type + "-" + std::to_string(o.bits));
      out.push_back(observe("EXP.SEC.CERT", why.empty() ? Status::kPass : Status::kFail, p,
                            why.empty() ? "certificate valid until " + o.not_after
                                        : "certificate: " + join(why, ", "),
                            ev, o.fingerprint + o.subject));
      continue;
    }
    if (host_key_path(p)) {
      ++host;
      out.push_back(observe("EXP.SEC.HOSTKEY", Status::kFail, p,
                            "server private key baked into the image (" + o.key_type + ")", ev,
                            o.fingerprint));
      continue;
    }
    ++priv;
    ev.emplace_back("encrypted", o.encrypted ? "yes" : "no");
    bool small = (o.key_type == "RSA" || o.key_type == "DSA") && o.bits && o.bits < 2048;
    bool fail = !o.encrypted || small;
    out.push_back(observe("EXP.SEC.PRIVKEY", fail ? Status::kFail : Status::kPass, p,
                          fail ? (small ? "short " : std::string()) +
                                     std::string(o.encrypted ? "" : "unencrypted ") +
                                     "private key (" + o.key_type + ")"
                               : "encrypted private key",
                          ev, o.fingerprint));
  }
  if (!host)
    out.push_back(
        observe("EXP.SEC.HOSTKEY", Status::kPass, "", "no SSH/TLS server key in the image", {}));
  if (!priv)
    out.push_back(
        observe("EXP.SEC.PRIVKEY", Status::kPass, "", "no other private key in the image", {}));
  if (!certs)
    out.push_back(observe("EXP.SEC.CERT", Status::kNotApplicable, "",
                          "no certificate outside trust stores", {}));
  for (auto& t : s.tokens) out.push_back(std::move(t));
  if (s.tokens.empty())
    out.push_back(observe("EXP.SEC.TOKEN", Status::kPass, "", "no token or credential found", {}));
}

void raise_boot_binaries(std::vector<Observation>& obs, const std::set<std::string>& boot) {
  for (auto& o : obs) {
    if (!o.check.starts_with("EXP.BIN.") || o.status != Status::kFail || !boot.count(o.path))
      continue;
    auto it = std::find_if(o.evidence.begin(), o.evidence.end(),
                           [](const auto& e) { return e.first == "severity_raised"; });
    if (it != o.evidence.end()) continue;
    o.severity = raise(o.severity);
    o.evidence.emplace_back("severity_raised", "started at boot");
  }
}

Result<std::optional<std::string>> read_single_elf(const std::string& target, const Options& o) {
  std::error_code ec;
  if (!fs::is_regular_file(target, ec)) return std::nullopt;
  std::ifstream in(target, std::ios::binary);
  if (!in) return io_error(target + ": cannot open");
  char magic[4] = {};
  in.read(magic, 4);
  if (in.gcount() != 4 || !looks_like_elf(std::string_view(magic, 4))) return std::nullopt;
  auto size = fs::file_size(target, ec);
  if (ec) return io_error(target + ": cannot stat: " + ec.message());
  if (size > o.max_file_size)
    return invalid_input(target + ": " + std::to_string(size) + " bytes, over the read limit of " +
                         std::to_string(o.max_file_size) + " bytes");
  auto text = read_file(target);
  if (!text) return std::unexpected(std::move(text).error());
  return std::optional<std::string>(std::move(*text));
}

}  // namespace

Result<Report> analyse(const std::string& target, const Options& options, const Clock& clock) {
  auto now = clock.now();
  if (!now) return std::unexpected(std::move(now).error());
  Report r;
  r.catalogue_sha256 = catalogue_sha256();
  r.target = target;
  r.generated_at = format_rfc3339(*now);
  std::error_code ec;
  if (!fs::exists(target, ec)) return not_found(target + ": no such file or directory");
  auto single = read_single_elf(target, options);
  if (!single) return std::unexpected(std::move(single).error());
  if (*single) {
    r.target_kind = "elf";
    const std::string& data = **single;
    auto facts = read_elf(data);
    if (!facts) return std::unexpected(std::move(facts).error().with_context(target));
    check_elf(
        *facts,
        BinaryContext{fs::path(target).filename().string(), sha256_hex(data), 0, -1, -1, false},
        r.observations);
    r.summary.elf_files = 1;
    r.summary.files_seen = 1;
    r.summary.network_facing = imports_network(*facts) ? 1 : 0;
  } else {
    r.target_kind = "filesystem";
    std::optional<RuleSet> rules;
    if (!options.rules_file.empty()) {
      auto text = read_file(options.rules_file);
      if (!text) return std::unexpected(std::move(text).error());
      auto parsed = RuleSet::parse(*text);
      if (!parsed)
        return std::unexpected(std::move(parsed).error().with_context(options.rules_file));
      rules = std::move(*parsed);
    }
    State state(options, *now, rules ? &*rules : nullptr);
    extract::ExtractorList list;
    list.push_back(std::make_unique<CollectingExtractor>(state));
    extract::InventoryOptions io;
    io.max_file_size = options.max_file_size;
    io.max_total_bytes = options.max_total_bytes;
    io.max_archive_depth = options.max_archive_depth;
    io.hash_threads = 0;
    extract::InventoryReport rep;
    auto walked = extract::inventory(target, io, list, &rep);
    if (!walked) return std::unexpected(std::move(walked).error());
    auto& out = r.observations;
    out = std::move(state.out);
    for (auto& o : state.suid) out.push_back(std::move(o));
    if (state.suid.empty())
      out.push_back(observe("EXP.FS.SUID", Status::kPass, "", "no setuid/setgid file",
                            {{"files", std::to_string(state.files_seen)}}));
    for (auto& o : state.writable) out.push_back(std::move(o));
    if (state.writable.empty())
      out.push_back(observe("EXP.FS.WRITABLE", Status::kPass, "", "no world-writable file",
                            {{"files", std::to_string(state.files_seen)}}));
    check_accounts(state, out);
    std::set<std::string> boot;
    auto lines = start_lines(state);
    check_services(state, lines, boot, out);
    raise_boot_binaries(out, boot);
    check_ssh_snmp_upnp_web(state, out);
    check_kernel(state, out);
    check_keys(state, out);
    r.notes = std::move(rep.notes);
    for (auto& n : state.notes) r.notes.push_back(std::move(n));
    r.summary.elf_files = state.elf_files;
    r.summary.network_facing = state.network_facing;
    r.summary.files_seen = state.files_seen;
  }
  if (!options.include_passes)
    std::erase_if(r.observations, [](const Observation& o) { return o.status == Status::kPass; });
  finish(r);
  return r;
}

void finish(Report& r) {
  std::stable_sort(
      r.observations.begin(), r.observations.end(), [](const Observation& a, const Observation& b) {
        return std::tie(a.check, a.path, a.fingerprint) < std::tie(b.check, b.path, b.fingerprint);
      });
  Summary s = r.summary;
  s.pass = s.fail = s.not_applicable = s.indeterminate = s.waived = 0;
  for (const auto& o : r.observations) {
    switch (o.status) {
      case Status::kPass:
        ++s.pass;
        break;
      case Status::kFail:
        ++s.fail;
        if (o.waiver) ++s.waived;
        break;
      case Status::kNotApplicable:
        ++s.not_applicable;
        break;
      case Status::kIndeterminate:
        ++s.indeterminate;
        break;
    }
  }
  r.summary = s;
}

bool fails_at(const Report& r, Severity threshold) {
  return std::any_of(r.observations.begin(), r.observations.end(), [&](const Observation& o) {
    return o.status == Status::kFail && !o.waiver && o.severity >= threshold;
  });
}

}  // namespace bulwark::exposure
