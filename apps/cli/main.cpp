// bulwark: the command-line entry point. Global options, subcommand registration and the
// mapping of failures onto exit codes.
#include <fmt/format.h>
#include <malloc.h>

#include <unistd.h>

#include <CLI/CLI.hpp>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <fstream>
#include <iterator>
#include <string>
#include <string_view>

#include "common.hpp"

namespace bulwark::cli {
namespace {

// A scan, an upload job or the monitor touches hundreds of megabytes of fresh heap; in 4 KiB pages
// that is ~80,000 page faults for one 10,000-component release (a fifth of its time on this
// machine's virtualised CPUs). glibc (2.35 and later) backs its heap with transparent huge pages
// when the tunable glibc.malloc.hugetlb=1 is set, and tunables are read only at process start:
// so, where the kernel offers huge pages on request ("madvise"), the program starts itself once
// more with the tunable added. Measured on `release add` of that release: 80k minor faults ->
// 1.6k, a quarter less CPU. Only for the commands that work on whole SBOMs or the database (the
// second start costs ~30 ms, which a `purl` or `vercmp` would only pay); off with
// BULWARK_HUGEPAGES=0; never under the sanitizers (their allocator is not glibc's), and a
// failing exec just carries on.
bool allocates_heavily(int argc, char** argv) {
  // Any word of the command line naming such a command (a value that happens to be one only
  // costs the restart).
  static constexpr std::string_view kHeavy[] = {
      "scan",   "release", "monitor", "serve",    "worker", "sbom", "exposure",
      "import", "update",  "migrate", "findings", "diff",   "vex"};
  for (int i = 1; i < argc; ++i)
    for (auto h : kHeavy)
      if (argv[i] == h) return true;
  return false;
}

void restart_with_huge_pages(int argc, char** argv) {
#if defined(__GLIBC__) && (__GLIBC__ > 2 || __GLIBC_MINOR__ >= 35) && \
    !defined(__SANITIZE_ADDRESS__) && !defined(__SANITIZE_THREAD__)
  if (const char* off = std::getenv("BULWARK_HUGEPAGES"); off && std::string(off) == "0") return;
  if (!allocates_heavily(argc, argv)) return;
  const char* current = std::getenv("GLIBC_TUNABLES");
  const std::string tunables = current ? current : "";
  if (tunables.find("glibc.malloc.hugetlb") != std::string::npos) return;  // already chosen
  std::ifstream mode("/sys/kernel/mm/transparent_hugepage/enabled");
  const std::string modes{std::istreambuf_iterator<char>(mode), {}};
  if (modes.find("[madvise]") == std::string::npos) return;  // "always" needs no help, "never" none
  const std::string wanted =
      tunables.empty() ? "glibc.malloc.hugetlb=1" : tunables + ":glibc.malloc.hugetlb=1";
  if (setenv("GLIBC_TUNABLES", wanted.c_str(), 1) != 0) return;
  execv("/proc/self/exe", argv);
  // Still here: the exec failed (no /proc, the binary replaced meanwhile); run as we are.
  if (current)
    setenv("GLIBC_TUNABLES", current, 1);
  else
    unsetenv("GLIBC_TUNABLES");
#else
  (void)argc;
  (void)argv;
#endif
}

}  // namespace

void report_error(Context& ctx, const Error& e) {
  fmt::print(stderr, "bulwark: {}\n", e.message);
  ctx.exit_code = exit_code_for(e);
}

}  // namespace bulwark::cli

int main(int argc, char** argv) {
  using namespace bulwark::cli;
  restart_with_huge_pages(argc, argv);
  // Scans, monitors and uploads allocate and free hundreds of megabytes in small pieces (a
  // 10,000-component release makes ~50,000 findings). Keep freed memory for reuse instead of
  // handing it back to the kernel and faulting it in again (measured: a third less CPU for such
  // an upload job). Unused memory still goes back past 256 MiB.
  mallopt(M_TOP_PAD, 64 << 20);
  mallopt(M_TRIM_THRESHOLD, 256 << 20);
  mallopt(M_MMAP_THRESHOLD, 32 << 20);
  Context ctx;
  CLI::App app{"Bulwark: SBOM-based vulnerability management for the EU Cyber Resilience Act"};
  app.set_version_flag("--version", std::string("bulwark ") + BULWARK_VERSION);
  app.require_subcommand(1);
  app.fallthrough();
  app.add_option("--db", ctx.db_path,
                 "Database: a SQLite file or a postgresql:// URL (default: $BULWARK_DB, else "
                 "$BULWARK_DATABASE_URL, else a file under $XDG_DATA_HOME/bulwark)")
      ->envname("BULWARK_DB");
  app.add_option("--progress", ctx.progress,
                 "Progress of long work on stderr: auto (a bar on a terminal, nothing when piped "
                 "or when $CI is set), bar, plain (one line per stage) or none")
      ->envname("BULWARK_PROGRESS")
      ->check(CLI::IsMember({"none", "auto", "bar", "plain"}));
  app.footer("Exit codes: 0 ok, 1 gate failed (--fail-on), 2 bad input or usage, 3 runtime error.");

  add_purl_command(app, ctx);
  add_vercmp_command(app, ctx);
  add_db_command(app, ctx);
  add_scan_command(app, ctx);
  add_cvss_command(app, ctx);
  add_sbom_command(app, ctx);
  add_product_command(app, ctx);
  add_handling_commands(app, ctx);
  add_cra_command(app, ctx);
  add_risk_command(app, ctx);
  add_exposure_command(app, ctx);
  add_server_commands(app, ctx);
  add_notify_command(app, ctx);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int rc = app.exit(e);
    return rc == 0 ? 0 : 2;
  } catch (const std::exception& e) {
    fmt::print(stderr, "bulwark: internal error: {}\n", e.what());
    return 3;
  }
  return ctx.exit_code;
}
