// EXP.BIN.*: ELF hardening verdicts from the facts of our own reader. Rules (stated, since the
// anchor tools disagree; see docs/exposure.md):
//   PIE     ET_EXEC fails; ET_DYN is a PIE executable when it has PT_INTERP or DF_1_PIE (static-pie
//           has no PT_INTERP), else a shared library (not applicable).
//   RELRO   full = PT_GNU_RELRO + (DT_BIND_NOW | DF_BIND_NOW | DF_1_NOW) and .got inside the RELRO
//           range; static binaries without PT_DYNAMIC: not applicable.
//   NX      PT_GNU_STACK without PF_X (absent: executable, except AArch64/PPC64) and no RWX
//   PT_LOAD. CANARY  imported __stack_chk_fail(_local)/__stack_chk_guard/__intel_security_cookie; a
//   static
//           binary is indeterminate (static libc brings __stack_chk_fail either way).
//   FORTIFY imported __X_chk (never __stack_chk_*) vs imported plain fortifiable names; musl,
//           Go, Rust: not applicable.
#include <algorithm>
#include <array>

#include "bulwark/core/text.hpp"
#include "bulwark/exposure/internal.hpp"

namespace bulwark::exposure::detail {
namespace {

constexpr std::uint16_t ET_REL = 1, ET_EXEC = 2, ET_DYN = 3;
constexpr std::uint16_t EM_386 = 3, EM_PPC64 = 21, EM_X86_64 = 62, EM_AARCH64 = 183;

// glibc functions with a _chk twin (the common subset of hardening-check's list).
constexpr std::array<std::string_view, 58> kFortifiable = {
    "memcpy",     "memmove",     "mempcpy",        "memset",    "stpcpy",         "stpncpy",
    "strcat",     "strcpy",      "strncat",        "strncpy",   "sprintf",        "snprintf",
    "vsprintf",   "vsnprintf",   "printf",         "fprintf",   "vprintf",        "vfprintf",
    "dprintf",    "vdprintf",    "asprintf",       "vasprintf", "obstack_printf", "obstack_vprintf",
    "gets",       "fgets",       "fgets_unlocked", "fread",     "fread_unlocked", "read",
    "pread",      "pread64",     "recv",           "recvfrom",  "readlink",       "readlinkat",
    "getcwd",     "getwd",       "realpath",       "confstr",   "getgroups",      "ttyname_r",
    "getlogin_r", "gethostname", "getdomainname",  "wcscpy",    "wcsncpy",        "wcscat",
    "wcsncat",    "wmemcpy",     "wmemmove",       "wmemset",   "mbstowcs",       "wcstombs",
    "wcrtomb",    "poll",        "ppoll",          "syslog"};

constexpr std::array<std::string_view, 9> kNetworkCalls = {
    "socket", "bind", "listen", "accept", "accept4", "recv", "recvfrom", "recvmsg", "getaddrinfo"};

std::string list_text(const std::vector<std::string>& v, std::size_t max = 12) {
  std::vector<std::string> shown(v.begin(),
                                 v.begin() + static_cast<std::ptrdiff_t>(std::min(v.size(), max)));
  std::string s = join(shown, ", ");
  if (v.size() > max) s += ", ... (" + std::to_string(v.size()) + ")";
  return s;
}

std::string elf_kind(const ElfFacts& f) {
  if (f.type == ET_EXEC)
    return f.has_interp ? "executable (dynamic, not PIE)" : "executable (static, not PIE)";
  if (f.type == ET_DYN) {
    if (f.has_interp) return "PIE executable (dynamic)";
    if (f.flag_pie) return "PIE executable (static-pie)";
    return "shared library";
  }
  if (f.type == ET_REL) return "relocatable object";
  return "ELF type " + std::to_string(f.type);
}

bool is_static(const ElfFacts& f) { return !f.has_dynamic; }
bool is_library(const ElfFacts& f) { return f.type == ET_DYN && !f.has_interp && !f.flag_pie; }
bool is_go(const ElfFacts& f) {
  return f.go_note || f.has_section(".go.buildinfo") || f.has_section(".gopclntab") ||
         f.defined.count("runtime.main");
}
bool is_rust(const ElfFacts& f) {
  return f.comment.find("rustc version") != std::string::npos ||
         f.defined.count("rust_begin_unwind") || f.imported.count("rust_begin_unwind") ||
         f.defined.count("__rust_alloc") || f.has_section(".rustc");
}
bool is_musl(const ElfFacts& f) {
  if (f.interp.find("ld-musl") != std::string::npos) return true;
  return std::any_of(f.needed.begin(), f.needed.end(),
                     [](const std::string& n) { return n.starts_with("libc.musl"); });
}

struct Base {
  const BinaryContext& ctx;
  Evidence common;
  bool raised = false;
  std::string raise_reason;
  std::vector<Observation>& out;

  void add(std::string_view check, Status st, std::string message, Evidence extra,
           std::string_view key = {}, std::optional<Severity> sev = std::nullopt) {
    Evidence ev = common;
    for (auto& e : extra) ev.push_back(std::move(e));
    const CheckDef* def = find_check(check);
    Severity s = sev.value_or(def ? def->severity : Severity::kInfo);
    if (st == Status::kFail && raised) {
      s = raise(s);
      ev.emplace_back("severity_raised", raise_reason);
    }
    out.push_back(observe(check, st, ctx.path, std::move(message), std::move(ev), key, s));
  }
};

}  // namespace

bool imports_network(const ElfFacts& f) {
  return std::any_of(kNetworkCalls.begin(), kNetworkCalls.end(),
                     [&](std::string_view n) { return f.imported.count(std::string(n)) > 0; });
}

void check_elf(const ElfFacts& f, const BinaryContext& ctx, std::vector<Observation>& out) {
  Base b{ctx, {}, false, {}, out};
  b.common = {{"sha256", ctx.sha256}, {"elf", elf_kind(f)}, {"machine", std::to_string(f.machine)}};
  if (ctx.mode) b.common.emplace_back("mode", mode_text(ctx.mode));
  if (ctx.uid >= 0) b.common.emplace_back("owner", owner_text(ctx.uid, ctx.gid));
  const bool net = imports_network(f);
  const bool setid = (ctx.mode & 06000) != 0;
  if (net || ctx.boot_started || setid) {
    b.raised = true;
    std::vector<std::string> why;
    if (net) why.push_back("imports socket calls");
    if (ctx.boot_started) why.push_back("started at boot");
    if (setid) why.push_back("setuid/setgid");
    b.raise_reason = join(why, ", ");
  }

  static constexpr std::string_view kAll[] = {
      "EXP.BIN.NX",      "EXP.BIN.PIE",      "EXP.BIN.RELRO",      "EXP.BIN.CANARY",
      "EXP.BIN.FORTIFY", "EXP.BIN.CFI",      "EXP.BIN.STACKCLASH", "EXP.BIN.TEXTREL",
      "EXP.BIN.RPATH",   "EXP.BIN.UNSAFEFN", "EXP.BIN.DEBUGINFO"};
  if (f.type == ET_REL || (f.type != ET_EXEC && f.type != ET_DYN)) {
    const bool module = f.has_section(".modinfo") || ctx.path.ends_with(".ko");
    std::string why = module
                          ? "kernel module: judged from the kernel configuration (EXP.KRN.CONFIG)"
                          : "not an executable or shared library (" + elf_kind(f) + ")";
    for (auto id : kAll) b.add(id, Status::kNotApplicable, why, {});
    return;
  }
  const bool go = is_go(f), rust = is_rust(f), stat = is_static(f), lib = is_library(f),
             musl = is_musl(f);
  std::string lang = go ? "Go" : rust ? "Rust" : "";
  if (!lang.empty()) b.common.emplace_back("language", lang);
  if (stat) b.common.emplace_back("linking", "static");
  if (musl) b.common.emplace_back("libc", "musl");

  // NX
  {
    std::vector<std::string> rwx;
    for (const auto& l : f.loads)
      if ((l.flags & 7) == 7) rwx.push_back("PT_LOAD@0x" + fmt_hex(l.vaddr));
    bool exec_default = f.machine != EM_AARCH64 && f.machine != EM_PPC64;
    std::string stack = f.has_gnu_stack
                            ? ((f.gnu_stack_flags & 1) ? "PT_GNU_STACK RWX" : "PT_GNU_STACK RW")
                            : std::string("no PT_GNU_STACK (stack ") +
                                  (exec_default ? "executable" : "not executable") +
                                  " by default on this architecture)";
    bool exec_stack = f.has_gnu_stack ? (f.gnu_stack_flags & 1) != 0 : exec_default;
    Evidence ev{{"stack", stack}};
    if (!rwx.empty()) ev.emplace_back("rwx_segments", join(rwx, ", "));
    if (exec_stack || !rwx.empty())
      b.add("EXP.BIN.NX", Status::kFail,
            exec_stack ? "executable stack" : "writable and executable segment", ev);
    else
      b.add("EXP.BIN.NX", Status::kPass, "stack not executable, no RWX segment", ev);
  }
  // PIE
  {
    Evidence ev{{"e_type", f.type == ET_EXEC ? "ET_EXEC" : "ET_DYN"},
                {"PT_INTERP", f.has_interp ? "yes" : "no"},
                {"DF_1_PIE", f.flag_pie ? "yes" : "no"}};
    if (lib)
      b.add("EXP.BIN.PIE", Status::kNotApplicable, "shared library", ev);
    else if (f.type == ET_EXEC)
      b.add("EXP.BIN.PIE", Status::kFail,
            go ? "not PIE (Go: build with -buildmode=pie)" : "not PIE: loads at a fixed address",
            ev);
    else
      b.add("EXP.BIN.PIE", Status::kPass, f.has_interp ? "PIE executable" : "static-pie executable",
            ev);
  }
  // RELRO
  {
    Evidence ev{{"PT_GNU_RELRO", f.has_relro ? "yes" : "no"},
                {"BIND_NOW", f.bind_now ? "yes" : "no"}};
    if (stat) {
      b.add("EXP.BIN.RELRO", Status::kNotApplicable,
            "static binary: no dynamic relocations (GOT) to protect", ev);
    } else if (!f.has_relro) {
      b.add("EXP.BIN.RELRO", Status::kFail, "no RELRO", ev, "none", Severity::kMedium);
    } else if (!f.bind_now) {
      b.add("EXP.BIN.RELRO", Status::kFail, "partial RELRO (no BIND_NOW)", ev, "partial",
            Severity::kLow);
    } else {
      b.add("EXP.BIN.RELRO", Status::kPass, "full RELRO", ev);
    }
  }
  // CANARY
  {
    static constexpr std::string_view kCanary[] = {"__stack_chk_fail", "__stack_chk_fail_local",
                                                   "__stack_chk_guard", "__intel_security_cookie"};
    std::string imported, defined;
    for (auto n : kCanary) {
      if (f.imported.count(std::string(n))) imported = n;
      if (f.defined.count(std::string(n))) defined = n;
    }
    if (go || rust) {
      b.add("EXP.BIN.CANARY", Status::kNotApplicable,
            lang + " binary: the runtime checks stack bounds; no C-style canary", {});
    } else if (!imported.empty()) {
      b.add("EXP.BIN.CANARY", Status::kPass, "stack protector: imports " + imported,
            {{"symbol", imported}});
    } else if (stat) {
      b.add("EXP.BIN.CANARY", Status::kIndeterminate,
            "static binary: the C library brings __stack_chk_fail whether or not the program used "
            "a stack protector",
            {{"symtab", f.has_symtab ? "yes" : "no"}});
    } else if (!defined.empty()) {
      b.add("EXP.BIN.CANARY", Status::kIndeterminate,
            "defines " + defined + " (a C library): its own use cannot be told from symbols",
            {{"symbol", defined}});
    } else if (!f.has_dynsym && !f.has_symtab) {
      b.add("EXP.BIN.CANARY", Status::kIndeterminate,
            "no symbol table to read (section headers stripped)", {});
    } else {
      b.add("EXP.BIN.CANARY", Status::kFail, "no stack protector symbol imported",
            {{"imports", std::to_string(f.imported.size())}});
    }
  }
  // FORTIFY
  {
    std::vector<std::string> chk, plain;
    const auto& pool = stat ? f.defined : f.imported;
    for (const auto& n : pool)
      if (n.starts_with("__") && n.ends_with("_chk") && !n.starts_with("__stack_chk"))
        chk.push_back(n);
    for (auto n : kFortifiable)
      if (f.imported.count(std::string(n))) plain.push_back(std::string(n));
    Evidence ev{{"fortified", list_text(chk)}, {"unprotected", list_text(plain)}};
    std::string counts = std::to_string(chk.size()) + " fortified of " +
                         std::to_string(chk.size() + plain.size()) + " fortifiable";
    if (go || rust)
      b.add("EXP.BIN.FORTIFY", Status::kNotApplicable,
            lang + " binary: does not use the C library's _chk functions", {});
    else if (musl)
      b.add("EXP.BIN.FORTIFY", Status::kNotApplicable,
            "musl libc has no _chk functions (fortify-headers inline their checks)", ev);
    else if (!chk.empty())
      b.add("EXP.BIN.FORTIFY", Status::kPass, counts, ev);
    else if (stat)
      b.add("EXP.BIN.FORTIFY", f.has_symtab ? Status::kFail : Status::kIndeterminate,
            f.has_symtab ? "static binary: no _chk function linked in"
                         : "static stripped binary: cannot tell",
            ev);
    else if (!f.has_dynsym)
      b.add("EXP.BIN.FORTIFY", Status::kIndeterminate, "no symbol table to read", ev);
    else if (plain.empty())
      b.add("EXP.BIN.FORTIFY", Status::kNotApplicable, "no fortifiable function imported", ev);
    else
      b.add("EXP.BIN.FORTIFY", Status::kFail, counts, ev);
  }
  // CFI
  {
    if (f.machine == EM_X86_64 || f.machine == EM_386) {
      bool ibt = f.x86_feature_1 & 1, shstk = f.x86_feature_1 & 2;
      Evidence ev{{"IBT", ibt ? "yes" : "no"},
                  {"SHSTK", shstk ? "yes" : "no"},
                  {"property_note", f.has_x86_feature ? "yes" : "no"}};
      b.add("EXP.BIN.CFI", ibt && shstk ? Status::kPass : Status::kFail,
            ibt && shstk ? "CET IBT and SHSTK marked" : "no CET IBT/SHSTK marking", ev);
    } else if (f.machine == EM_AARCH64) {
      bool bti = f.aarch64_feature_1 & 1, pac = f.aarch64_feature_1 & 2;
      Evidence ev{{"BTI", bti ? "yes" : "no"}, {"PAC", pac ? "yes" : "no"}};
      b.add("EXP.BIN.CFI", bti ? Status::kPass : Status::kFail,
            bti ? "BTI marked" : "no BTI marking", ev);
    } else {
      b.add("EXP.BIN.CFI", Status::kNotApplicable,
            "no control-flow marking defined for machine " + std::to_string(f.machine), {});
    }
  }
  // STACKCLASH: never fails.
  b.add("EXP.BIN.STACKCLASH", Status::kIndeterminate,
        "needs compiler notes or DWARF producer flags", {});
  // TEXTREL
  if (stat && f.type == ET_EXEC)
    b.add("EXP.BIN.TEXTREL", Status::kNotApplicable, "static binary without dynamic section", {});
  else
    b.add("EXP.BIN.TEXTREL", f.textrel ? Status::kFail : Status::kPass,
          f.textrel ? "text relocations" : "no text relocations",
          {{"DT_TEXTREL", f.textrel ? "yes" : "no"}});
  // RPATH
  {
    std::vector<std::string> bad;
    Evidence ev;
    auto judge = [&](const std::vector<std::string>& v, std::string_view tag) {
      for (const auto& value : v) {
        ev.emplace_back(std::string(tag), value);
        for (auto part : split(value, ':')) {
          std::string p(part);
          if (p.empty())
            bad.push_back(std::string(tag) + " has an empty entry (current directory)");
          else if (p.starts_with("$ORIGIN") || p.starts_with("${ORIGIN}"))
            continue;
          else if (p.front() != '/')
            bad.push_back(std::string(tag) + " entry '" + p + "' is relative");
          else if (p.starts_with("/tmp") || p.starts_with("/var/tmp") || p.starts_with("/home/") ||
                   p.starts_with("/build") || p.starts_with("/root/") || p.starts_with("/dev/shm"))
            bad.push_back(std::string(tag) + " entry '" + p + "' is a build-host or writable path");
        }
      }
    };
    judge(f.rpath, "RPATH");
    judge(f.runpath, "RUNPATH");
    if (stat && f.rpath.empty() && f.runpath.empty())
      b.add("EXP.BIN.RPATH", Status::kNotApplicable, "static binary", {});
    else if (!bad.empty())
      b.add("EXP.BIN.RPATH", Status::kFail, join(bad, "; "), ev,
            join(f.rpath, ":") + "|" + join(f.runpath, ":"));
    else
      b.add("EXP.BIN.RPATH", Status::kPass,
            ev.empty() ? "no RPATH/RUNPATH" : "library search path restricted", ev);
  }
  // UNSAFEFN
  {
    static constexpr std::string_view kReview[] = {"strcpy", "strcat", "sprintf", "vsprintf",
                                                   "system", "popen",  "mktemp",  "tmpnam"};
    std::vector<std::string> hits;
    if (f.imported.count("gets")) hits.push_back("gets");
    for (auto n : kReview)
      if (f.imported.count(std::string(n))) hits.push_back(std::string(n));
    if (go || rust)
      b.add("EXP.BIN.UNSAFEFN", Status::kNotApplicable, lang + " binary", {});
    else if (!f.has_dynsym && !f.has_symtab)
      b.add("EXP.BIN.UNSAFEFN", Status::kIndeterminate, "no symbol table to read", {});
    else if (hits.empty())
      b.add("EXP.BIN.UNSAFEFN", Status::kPass, "no unsafe function imported", {});
    else
      b.add("EXP.BIN.UNSAFEFN", Status::kFail, "imports " + join(hits, ", "),
            {{"imports", join(hits, ", ")}}, join(hits, ","),
            f.imported.count("gets") ? Severity::kHigh : Severity::kLow);
  }
  // DEBUGINFO
  {
    std::vector<std::string> dbg;
    for (const auto& s : f.sections)
      if (s == ".symtab" || s.starts_with(".debug_")) dbg.push_back(s);
    if (dbg.empty())
      b.add("EXP.BIN.DEBUGINFO", Status::kPass, "stripped", {});
    else
      b.add("EXP.BIN.DEBUGINFO", Status::kFail, "symbols or debug information shipped",
            {{"sections", list_text(dbg)}});
  }
}

}  // namespace bulwark::exposure::detail
