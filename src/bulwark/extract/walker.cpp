// The inventory core: picks the source (directory, archive, single file), detects the
// distribution, runs the extractors over each wanted file and assembles one Sbom.
#include "bulwark/extract/walker.hpp"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <limits>
#include <random>
#include <set>
#include <unordered_map>
#include <unordered_set>

#include "bulwark/core/text.hpp"
#include "bulwark/extract/facts.hpp"
#include "bulwark/extract/os/os_release.hpp"
#include "bulwark/extract/walk_internal.hpp"

namespace bulwark::extract {
namespace fs = std::filesystem;

namespace detail {

std::string size_text(std::uint64_t bytes) {
  if (bytes >= (1u << 20) && bytes % (1u << 20) == 0) return std::to_string(bytes >> 20) + " MiB";
  return std::to_string(bytes) + " bytes";
}

std::string raise_hint(std::string_view variable) {
  return " (raise with BULWARK_LIMIT_" + std::string(variable) + ")";
}

Result<void> Budget::consume(std::uint64_t n, std::string_view entry) {
  report.bytes_read += n;
  if (report.bytes_read > options.max_total_bytes)
    return invalid_input(std::string(entry) + ": reading it passes the limit of " +
                         size_text(options.max_total_bytes) + " read in total" +
                         raise_hint("BYTES"));
  return check_time(entry);
}

Result<void> Budget::count_entry() {
  if (++report.entries > options.max_entries)
    return invalid_input("more than " + std::to_string(options.max_entries) + " entries" +
                         raise_hint("ENTRIES"));
  if (report.entries % 64 == 0) {
    if (options.on_progress) options.on_progress(report.entries, report.bytes_read);
    return check_time("entry " + std::to_string(report.entries));
  }
  return {};
}

Result<void> Budget::decompressed(std::uint64_t n, std::string_view entry) {
  report.decompressed_bytes += n;
  if (report.decompressed_bytes > options.max_decompressed_bytes)
    return invalid_input(std::string(entry) + ": decompressed size exceeds the limit of " +
                         size_text(options.max_decompressed_bytes) + raise_hint("DECOMPRESSED"));
  return {};
}

Result<void> Budget::can_decompress(std::uint64_t size, std::string_view entry) const {
  if (size > options.max_decompressed_bytes ||
      report.decompressed_bytes > options.max_decompressed_bytes - size)
    return invalid_input(std::string(entry) + ": decompressed size exceeds the limit of " +
                         size_text(options.max_decompressed_bytes) + " (" + std::to_string(size) +
                         " bytes declared, refusing a hostile archive)" +
                         raise_hint("DECOMPRESSED"));
  return {};
}

Result<void> Budget::check_time(std::string_view entry) {
  if (options.max_seconds == 0) return {};
  auto now = options.monotonic_now ? options.monotonic_now() : std::chrono::steady_clock::now();
  if (!started) started = now;
  if (now - *started > std::chrono::seconds(options.max_seconds))
    return invalid_input(std::string(entry) + ": the walk ran longer than the limit of " +
                         std::to_string(options.max_seconds) + " seconds" + raise_hint("SECONDS"));
  return {};
}

}  // namespace detail

namespace {

using detail::Budget;
using detail::FileSink;
using detail::ReadFn;

enum class Source { kDirectory, kArchive, kSingleFile, kImage, kSquashfs };

// The target as classified: its source, and the image read when it is a container image.
struct Target {
  Source source = Source::kSingleFile;
  std::optional<detail::ImageInfo> image;
};

// What one extractor made of one file.
struct FileResult {
  std::string path;
  std::string extractor;
  std::string layer;  // image layer digest, "" outside images
  std::shared_future<FileDigests> digests;
  Inventory inventory;
  bool executable = false;  // the file's mode says so
};

// Runs the extractors over the files the source hands over and keeps their output.
class Collector {
 public:
  Collector(const ExtractorList& extractors, Budget& budget, Source source, const OsRelease* os)
      : extractors_(extractors),
        budget_(budget),
        source_(source),
        os_(os),
        hashes_(budget.options.hash_threads < 0
                    ? detail::HashPool::default_threads()
                    : static_cast<unsigned>(budget.options.hash_threads)) {}

  bool wants(const FileInfo& f) const {
    return std::any_of(extractors_.begin(), extractors_.end(),
                       [&](const auto& e) { return e->wants(f); });
  }

  Result<void> on_file(const FileInfo& info, const ReadFn& read) {
    std::vector<const Extractor*> wanted;
    for (const auto& e : extractors_)
      if (e->wants(info)) wanted.push_back(e.get());
    if (wanted.empty()) return {};
    auto content = read_wanted(info, read);
    if (!content) return std::unexpected(std::move(content).error());
    if (!*content) return {};
    ++budget_.report.files_read;
    const std::size_t first = results_.size();
    for (const Extractor* e : wanted)
      if (auto ok = run_one(*e, info, **content); !ok) return ok;
    if (results_.size() == first) return {};
    // The file delivers components: hash it in the background (the pool owns the content now).
    auto digests = hashes_.submit(std::move(**content));
    for (std::size_t i = first; i < results_.size(); ++i) results_[i].digests = digests;
    return {};
  }

  detail::Facts take_facts() { return std::move(facts_); }

  std::vector<FileResult> take() {
    std::stable_sort(results_.begin(), results_.end(),
                     [](const FileResult& a, const FileResult& b) { return a.path < b.path; });
    return std::move(results_);
  }

 private:
  void note(std::string message) { budget_.report.notes.push_back(std::move(message)); }

  // A file over the size limit fails an archive walk (hostile) or strict mode; otherwise it
  // is a note. Returns nullopt for a skipped file.
  Result<std::optional<std::string>> read_wanted(const FileInfo& info, const ReadFn& read) {
    const auto& opt = budget_.options;
    const bool packed =
        source_ == Source::kArchive || source_ == Source::kImage || source_ == Source::kSquashfs;
    const bool fatal = packed || opt.strict;
    if (info.size > opt.max_file_size) {
      std::string msg = info.path + ": " + std::to_string(info.size) +
                        " bytes, over the read limit of " + detail::size_text(opt.max_file_size);
      if (fatal)
        return invalid_input(msg + (packed ? " (refusing a hostile archive)" : "") +
                             detail::raise_hint("FILE_SIZE"));
      note(msg + "; skipped");
      return std::nullopt;
    }
    auto content = read();
    if (content) return std::optional<std::string>(std::move(*content));
    if (fatal || budget_.report.bytes_read > opt.max_total_bytes)
      return std::unexpected(std::move(content).error());
    if (auto time = budget_.check_time(info.path); !time)
      return std::unexpected(std::move(time).error());
    note(content.error().message + "; skipped");
    return std::nullopt;
  }

  Result<void> run_one(const Extractor& e, const FileInfo& info, std::string_view content) {
    auto inv = e.extract(ScanInput{info, content, os_});
    if (!inv) {
      if (budget_.options.strict)
        return std::unexpected(std::move(inv).error().with_context(std::string(e.name())));
      note(info.path + ": " + std::string(e.name()) + ": " + inv.error().message);
      return {};
    }
    for (auto& n : inv->notes) note(info.path + ": " + n);
    inv->notes.clear();
    std::move(inv->owned.begin(), inv->owned.end(), std::back_inserter(facts_.owned));
    std::move(inv->licenses.begin(), inv->licenses.end(), std::back_inserter(facts_.licenses));
    std::move(inv->deployables.begin(), inv->deployables.end(),
              std::back_inserter(facts_.deployables));
    std::move(inv->creators.begin(), inv->creators.end(), std::back_inserter(facts_.creators));
    inv->creators.clear();
    inv->deployables.clear();
    inv->owned.clear();
    inv->licenses.clear();
    if (inv->components.empty()) return {};
    budget_.report.components_by_extractor[std::string(e.name())] += inv->components.size();
    results_.push_back(FileResult{
        info.path, std::string(e.name()), budget_.layer, {}, std::move(*inv), info.executable});
    return {};
  }

  const ExtractorList& extractors_;
  Budget& budget_;
  Source source_;
  const OsRelease* os_;
  std::vector<FileResult> results_;
  detail::Facts facts_;
  detail::HashPool hashes_;
};

// Hands out bom-refs unique within the document: an extractor's own ref when free, else the
// ref qualified by the file path, else numbered.
class RefRegistry {
 public:
  std::string claim(const std::string& wanted, std::string_view path) {
    std::string base = wanted.empty() ? std::string("component") : wanted;
    if (used_.insert(base).second) return base;
    std::string qualified = base + "|" + std::string(path);
    if (used_.insert(qualified).second) return qualified;
    for (std::size_t i = 2;; ++i) {
      std::string numbered = qualified + "#" + std::to_string(i);
      if (used_.insert(numbered).second) return numbered;
    }
  }

 private:
  std::unordered_set<std::string> used_;
};

std::string fallback_ref(const Component& c) {
  if (!c.purl.empty()) return c.purl;
  return c.version.empty() ? c.name : c.name + "@" + c.version;
}

// Appends one file's components and edges; the file's root components join `roots`.
class Assembler {
 public:
  Assembler(Sbom& sbom, RefRegistry& refs, InventoryReport& report)
      : sbom_(sbom), refs_(refs), report_(report) {}

  void add(FileResult& r, std::vector<std::string>& roots) {
    const std::size_t base = sbom_.components.size();
    std::unordered_map<std::string, std::string> local;  // extractor ref -> document ref
    const std::size_t count = r.inventory.components.size();
    for (auto& c : r.inventory.components) {
      std::string original = c.bom_ref.empty() ? fallback_ref(c) : c.bom_ref;
      c.bom_ref = refs_.claim(original, r.path);
      local.emplace(original, c.bom_ref);
      decorate(c, r, base, count);
      sbom_.components.push_back(std::move(c));
    }
    std::unordered_set<std::string> targets = add_edges(r, local);
    for (std::size_t i = base; i < sbom_.components.size(); ++i) {
      const Component& c = sbom_.components[i];
      if (c.parent < 0 && !targets.count(c.bom_ref)) roots.push_back(c.bom_ref);
    }
  }

 private:
  static void decorate(Component& c, const FileResult& r, std::size_t base, std::size_t count) {
    c.location = r.path;
    if (c.type.empty()) c.type = "library";
    c.parent = c.parent >= 0 && static_cast<std::size_t>(c.parent) < count
                   ? static_cast<int>(base) + c.parent
                   : -1;
    const FileDigests& d = r.digests.get();
    c.properties.emplace_back("bulwark:extractor", r.extractor);
    if (delivered_in_file(r.extractor)) {
      // The file is the component's deployable form (or the binary it is linked into): its
      // digests, name and kind are the component's.
      c.hashes.push_back(Hash{"SHA-256", d.sha256});
      c.hashes.push_back(Hash{"SHA-512", d.sha512});
      const auto slash = r.path.rfind('/');
      set_default(c, "bsi:component:filename",
                  slash == std::string::npos ? r.path : r.path.substr(slash + 1));
      const bool jar = r.extractor == "java/archive";
      set_default(c, "bsi:component:executable", "executable");
      set_default(c, "bsi:component:archive", jar ? "archive" : "no archive");
      set_default(c, "bsi:component:structured",
                  jar || r.extractor == "go/binary" || r.extractor == "binary/elfpackagenote"
                      ? "structured"
                      : "unstructured");
    } else {
      // A package database or lockfile: the file records the component but is not it.
      c.properties.emplace_back("bulwark:file-sha256", d.sha256);
      c.properties.emplace_back("bulwark:file-sha512", d.sha512);
    }
    if (!r.layer.empty()) c.properties.emplace_back("bulwark:layer", r.layer);
  }

  // Extractors reading the component from the file it is delivered in (binaries, archives).
  static bool delivered_in_file(std::string_view extractor) {
    return extractor.starts_with("binary/") || extractor == "go/binary" ||
           extractor == "java/archive";
  }

  static void set_default(Component& c, std::string_view name, std::string value) {
    for (const auto& p : c.properties)
      if (p.first == name) return;
    c.properties.emplace_back(std::string(name), std::move(value));
  }

  // Maps the file's edges onto document refs, merging edges of one ref; returns the refs that
  // something depends on. Edges naming a ref the file does not define are dropped (noted).
  std::unordered_set<std::string> add_edges(
      const FileResult& r, const std::unordered_map<std::string, std::string>& local) {
    std::unordered_set<std::string> targets;
    std::unordered_map<std::string, std::size_t> index;  // document ref -> sbom_.dependencies
    std::unordered_set<std::string> edges;  // "from\nto": linear de-duplication of long edge lists
    std::size_t dropped = 0;
    for (const auto& d : r.inventory.dependencies) {
      auto from = local.find(d.ref);
      if (from == local.end()) {
        dropped += 1 + d.depends_on.size();
        continue;
      }
      auto [it, fresh] = index.emplace(from->second, sbom_.dependencies.size());
      if (fresh) sbom_.dependencies.push_back(Dependency{from->second, {}});
      auto& out = sbom_.dependencies[it->second].depends_on;
      for (const auto& t : d.depends_on) {
        auto to = local.find(t);
        if (to == local.end()) {
          ++dropped;
        } else if (edges.insert(from->second + '\n' + to->second).second) {
          out.push_back(to->second);
          targets.insert(to->second);
        }
      }
    }
    if (dropped)
      report_.notes.push_back(r.path + ": " + r.extractor + ": dropped " + std::to_string(dropped) +
                              " dependency edge(s) naming an unknown bom-ref");
    return targets;
  }

  Sbom& sbom_;
  RefRegistry& refs_;
  InventoryReport& report_;
};

Component make_subject(const InventoryOptions& o, const std::string& target,
                       const detail::ImageInfo* image) {
  Component s;
  s.type = image ? "container" : "application";
  s.name = o.name;
  if (image) {
    if (s.name.empty()) s.name = image->name;
    if (!image->tag.empty()) s.properties.emplace_back("bulwark:image:tag", image->tag);
    if (!image->manifest_digest.empty())
      s.properties.emplace_back("bulwark:image:manifest-digest", image->manifest_digest);
    if (!image->config_digest.empty())
      s.properties.emplace_back("bulwark:image:config-digest", image->config_digest);
    s.properties.emplace_back("bulwark:image:layers", std::to_string(image->layers.size()));
  }
  if (s.name.empty()) s.name = fs::path(target).lexically_normal().filename().string();
  if (s.name.empty() || s.name == "." || s.name == "..")
    s.name = fs::absolute(target).lexically_normal().filename().string();
  if (s.name.empty()) s.name = "unnamed";
  s.version = o.version;
  if (s.version.empty() && image && o.name.empty()) s.version = image->tag;
  s.supplier = o.supplier;
  return s;
}

// The distribution found, parsed; where it was read from.
struct DetectedOs {
  OsRelease os;
  std::string path;
  std::string name;      // NAME: "Debian GNU/Linux"
  std::string home_url;  // HOME_URL: the distributor's web page
};

Component make_os_component(const DetectedOs& found) {
  Component c;
  c.type = "operating-system";
  c.name = found.os.id;
  c.version = found.os.version_id;
  c.location = found.path;
  if (!found.os.pretty_name.empty())
    c.properties.emplace_back("bulwark:os:pretty-name", found.os.pretty_name);
  // The distributor as os-release names it: NAME with HOME_URL as its contact (an http(s) URL
  // only; the writers split "Name (URL)").
  const std::string& url = found.home_url;
  if (!found.name.empty() && (url.starts_with("https://") || url.starts_with("http://")) &&
      url.find_first_of(" ()") == std::string::npos)
    c.supplier = found.name + " (" + url + ")";
  return c;
}

// npm keeps node_modules/.package-lock.json as its record of the installed tree that the
// project's package-lock.json (or npm-shrinkwrap.json) beside node_modules locks: with both
// read, every package was listed twice. The project's lockfile is kept (it also knows which
// dependencies are direct); a hidden one stays where no project lockfile was read.
void drop_hidden_npm_lockfiles(std::vector<FileResult>& results, InventoryReport& report) {
  constexpr std::string_view kExtractor = "javascript/packagelockjson";
  constexpr std::string_view kHidden = "node_modules/.package-lock.json";
  auto hidden = [&](const FileResult& r) {
    return r.extractor == kExtractor && r.path.ends_with(kHidden) &&
           (r.path.size() == kHidden.size() || r.path[r.path.size() - kHidden.size() - 1] == '/');
  };
  std::set<std::pair<std::string, std::string>> projects;  // (layer, path) of project lockfiles
  for (const auto& r : results)
    if (r.extractor == kExtractor && !hidden(r)) projects.emplace(r.layer, r.path);
  std::erase_if(results, [&](const FileResult& r) {
    if (!hidden(r)) return false;
    const std::string dir = r.path.substr(0, r.path.size() - kHidden.size());
    for (std::string_view name : {"package-lock.json", "npm-shrinkwrap.json"}) {
      const std::string project = dir + std::string(name);
      if (!projects.count({r.layer, project})) continue;
      report.notes.push_back(r.path + ": npm's record of the tree " + project +
                             " locks, which was read: its packages are not listed twice");
      report.components_by_extractor[std::string(kExtractor)] -= r.inventory.components.size();
      return true;
    }
    return false;
  });
}

Sbom assemble(std::vector<FileResult> results, detail::Facts facts,
              const std::optional<DetectedOs>& os, const InventoryOptions& options, const Target& t,
              const std::string& target, InventoryReport& report) {
  Sbom sbom;
  sbom.format = SbomFormat::kCycloneDxJson;
  sbom.spec_version = "1.6";
  sbom.serial_number = "urn:uuid:" + random_uuid4();
  sbom.source_path = target;
  RefRegistry refs;
  Component subject = make_subject(options, target, t.image ? &*t.image : nullptr);
  subject.bom_ref = refs.claim(
      "product:" + subject.name + (subject.version.empty() ? "" : "@" + subject.version), "");
  std::vector<std::string> roots;
  if (os) {
    Component c = make_os_component(*os);
    c.bom_ref = refs.claim("os:" + c.name + (c.version.empty() ? "" : "@" + c.version), os->path);
    roots.push_back(c.bom_ref);
    sbom.components.push_back(std::move(c));
    report.components_by_extractor["os-release"] += 1;
  }
  Assembler assembler(sbom, refs, report);
  for (auto& r : results) assembler.add(r, roots);
  if (!roots.empty())
    sbom.dependencies.insert(sbom.dependencies.begin(),
                             Dependency{subject.bom_ref, std::move(roots)});
  detail::apply_facts(sbom, std::move(facts), report);
  detail::complete_graph(sbom);
  sbom.subject = std::move(subject);
  return sbom;
}

Result<Target> with_image_probe(const std::string& target, bool is_dir, Source otherwise,
                                Budget& budget) {
  auto image = detail::probe_image(target, is_dir, budget);
  if (!image) return std::unexpected(std::move(image).error().with_context(target));
  if (*image) return Target{Source::kImage, std::move(*image)};
  return Target{otherwise, std::nullopt};
}

// Decides by content: an OCI layout directory, a container image tar, a SquashFS image, another
// archive, a file an extractor wants (by name), or a plain directory.
Result<Target> classify_target(const std::string& target, const Collector& collector,
                               Budget& budget) {
  std::error_code ec;
  auto st = fs::status(target, ec);
  if (!fs::exists(st)) return not_found(target + ": no such file or directory");
  if (fs::is_directory(st)) return with_image_probe(target, true, Source::kDirectory, budget);
  if (!fs::is_regular_file(st)) return unsupported(target + ": not a directory or a regular file");
  FileInfo info{fs::path(target).filename().string(),
                static_cast<std::uint64_t>(fs::file_size(target, ec)), false};
  if (collector.wants(info)) return Target{Source::kSingleFile, std::nullopt};
  std::ifstream in(target, std::ios::binary);
  std::string head(512, '\0');
  in.read(head.data(), static_cast<std::streamsize>(head.size()));
  head.resize(static_cast<std::size_t>(in.gcount()));
  if (detail::looks_like_squashfs(head)) return Target{Source::kSquashfs, std::nullopt};
  if (detail::looks_like_archive(head))
    return with_image_probe(target, false, Source::kArchive, budget);
  return unsupported(
      target +
      ": not a directory, a tar or zip archive, a container image, a SquashFS image, "
      "or a file an extractor recognises");
}

Result<std::optional<detail::FoundOs>> find_os_release(const Target& t, const std::string& target,
                                                       Budget& budget, const detail::WantFn& want) {
  switch (t.source) {
    case Source::kDirectory:
      return detail::directory_os_release(target, budget);
    case Source::kArchive:
      return detail::archive_os_release(target, budget, want);
    case Source::kImage:
      return detail::image_os_release(target, *t.image, budget);
    case Source::kSquashfs:
      return detail::squashfs_os_release(target, budget);
    case Source::kSingleFile:
      break;
  }
  return std::nullopt;
}

// Finds and parses os-release; a malformed one is a note (an error when strict).
Result<std::optional<DetectedOs>> detect_os(const Target& t, const std::string& target,
                                            Budget& budget, const detail::WantFn& want) {
  auto found = find_os_release(t, target, budget, want);
  if (!found) return std::unexpected(std::move(found).error());
  if (!*found) return std::nullopt;
  auto os = parse_os_release((*found)->text);
  if (os)
    return DetectedOs{std::move(*os), (*found)->path, os_release_field((*found)->text, "NAME"),
                      os_release_field((*found)->text, "HOME_URL")};
  if (budget.options.strict)
    return std::unexpected(std::move(os).error().with_context((*found)->path));
  budget.report.notes.push_back((*found)->path + ": " + os.error().message +
                                "; distribution unknown");
  return std::nullopt;
}

Result<void> walk(const Target& t, const std::string& target, Budget& budget,
                  Collector& collector) {
  FileSink sink = [&](const FileInfo& info, const ReadFn& read) {
    return collector.on_file(info, read);
  };
  detail::WantFn want = [&](const FileInfo& info) { return collector.wants(info); };
  switch (t.source) {
    case Source::kDirectory:
      return detail::walk_directory(target, budget, want, sink);
    case Source::kImage:
      return detail::walk_image(target, *t.image, budget, want, sink);
    case Source::kSquashfs:
      return detail::walk_squashfs(target, budget, want, sink);
    case Source::kArchive:
      return detail::walk_archive(target, budget, want, sink);
    case Source::kSingleFile:
      return detail::walk_single_file(target, budget, sink);
  }
  return {};
}

void note_skipped(InventoryReport& report) {
  if (report.skipped_links || report.skipped_special)
    report.notes.push_back("skipped " + std::to_string(report.skipped_links) +
                           " symlink(s) or hard link(s) and " +
                           std::to_string(report.skipped_special) + " special file(s)");
  if (report.hidden_by_layers)
    report.notes.push_back(std::to_string(report.hidden_by_layers) +
                           " image entr(y/ies) deleted or replaced by an upper layer");
}

}  // namespace

namespace {

// "123", "64K", "512M", "4G" (binary multiples); nullopt when malformed or overflowing.
std::optional<std::uint64_t> parse_limit(std::string_view text) {
  text = trim(text);
  std::uint64_t shift = 0;
  if (!text.empty()) {
    switch (text.back()) {
      case 'k':
      case 'K':
        shift = 10;
        break;
      case 'm':
      case 'M':
        shift = 20;
        break;
      case 'g':
      case 'G':
        shift = 30;
        break;
      default:
        break;
    }
    if (shift) text.remove_suffix(1);
  }
  if (text.empty() || text.size() > 19 ||
      text.find_first_not_of("0123456789") != std::string_view::npos)
    return std::nullopt;
  std::uint64_t v = std::stoull(std::string(text));
  if (shift && v > (std::numeric_limits<std::uint64_t>::max() >> shift)) return std::nullopt;
  return v << shift;
}

}  // namespace

Result<InventoryOptions> with_limit_overrides(InventoryOptions options) {
  std::uint64_t depth = static_cast<std::uint64_t>(std::max(options.max_archive_depth, 0));
  const std::pair<const char*, std::uint64_t*> vars[] = {
      {"BULWARK_LIMIT_FILE_SIZE", &options.max_file_size},
      {"BULWARK_LIMIT_ENTRIES", &options.max_entries},
      {"BULWARK_LIMIT_BYTES", &options.max_total_bytes},
      {"BULWARK_LIMIT_DECOMPRESSED", &options.max_decompressed_bytes},
      {"BULWARK_LIMIT_DEPTH", &depth},
      {"BULWARK_LIMIT_NESTED_IMAGE_SIZE", &options.max_nested_image_size},
      {"BULWARK_LIMIT_SECONDS", &options.max_seconds},
  };
  for (auto [name, field] : vars) {
    const char* raw = std::getenv(name);
    if (raw == nullptr) continue;
    auto v = parse_limit(raw);
    if (!v)
      return invalid_input(std::string(name) + ": '" + raw +
                           "' is not a number (bytes may end in K, M or G)");
    *field = *v;
  }
  if (depth > 8)
    return unsupported(
        "BULWARK_LIMIT_DEPTH: the nesting depth of filesystem images must be between 0 and 8, "
        "not " +
        std::to_string(depth));
  options.max_archive_depth = static_cast<int>(depth);
  return options;
}

Result<Sbom> inventory(const std::string& target, const InventoryOptions& options,
                       InventoryReport* report) {
  return inventory(target, options, all_extractors(), report);
}

Result<Sbom> inventory(const std::string& target, const InventoryOptions& given,
                       const ExtractorList& extractors, InventoryReport* report) {
  auto overridden = with_limit_overrides(given);
  if (!overridden) return std::unexpected(std::move(overridden).error());
  const InventoryOptions& options = *overridden;
  InventoryReport local;
  InventoryReport& rep = report ? *report : local;
  rep = InventoryReport{};
  if (options.max_archive_depth < 0 || options.max_archive_depth > 8)
    return unsupported("the nesting depth of filesystem images must be between 0 and 8, not " +
                       std::to_string(options.max_archive_depth));
  Budget budget{options, rep};
  InventoryOptions no_threads = options;
  no_threads.hash_threads = 0;
  Budget probe_budget{no_threads, rep};
  Collector probe(extractors, probe_budget, Source::kSingleFile, nullptr);
  auto classified = classify_target(target, probe, budget);
  if (!classified) return std::unexpected(std::move(classified).error());
  const Target t = std::move(*classified);
  detail::WantFn probe_want = [&](const FileInfo& info) { return probe.wants(info); };
  auto os = detect_os(t, target, budget, probe_want);
  if (!os) return std::unexpected(std::move(os).error().with_context(target));
  if (*os) rep.os = (*os)->os;
  rep.entries = 0;  // the detection pass does not count
  Collector collector(extractors, budget, t.source, rep.os ? &*rep.os : nullptr);
  if (auto ok = walk(t, target, budget, collector); !ok)
    return std::unexpected(std::move(ok).error().with_context(target));
  note_skipped(rep);
  auto results = collector.take();
  drop_hidden_npm_lockfiles(results, rep);
  return assemble(std::move(results), collector.take_facts(), *os, options, t, target, rep);
}

}  // namespace bulwark::extract
