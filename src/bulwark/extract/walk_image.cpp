// Container-image source of the inventory: a `docker save` tarball (manifest.json + layer tars,
// legacy or OCI-shaped), an OCI image layout as a directory or a tar (oci-layout + index.json ->
// manifest -> layers). Everything is read with libarchive straight from the image (a layer is
// streamed out of the outer tar into a second reader), nothing is extracted to disk.
//
// The layers are applied top layer first: an entry is visible unless an upper layer holds the
// same path (a directory over a directory merges), deletes it or an ancestor (".wh.NAME"), made
// an ancestor opaque (".wh..wh..opq") or holds an ancestor as a non-directory. So each visible
// file is handed over exactly once, from the layer that provides it in the final filesystem.
#include <archive.h>
#include <archive_entry.h>
#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "bulwark/core/archive_ptr.hpp"
#include "bulwark/core/text.hpp"
#include "bulwark/extract/nesting.hpp"
#include "bulwark/extract/walk_internal.hpp"

namespace bulwark::extract::detail {
namespace fs = std::filesystem;
namespace {

using json = nlohmann::json;

using LayerFn = std::function<Result<void>(archive*)>;

ArchivePtr new_tar_reader() {
  ArchivePtr a(archive_read_new());
  if (a) {
    archive_read_support_filter_all(a.get());
    archive_read_support_format_tar(a.get());
  }
  return a;
}

bool is_hex(std::string_view s) {
  return !s.empty() && s.find_first_not_of("0123456789abcdef") == std::string_view::npos;
}

// "sha256:<hex>" -> "blobs/sha256/<hex>"; fails on anything that could leave the blob store.
Result<std::string> blob_path(const std::string& digest, std::string_view where) {
  auto colon = digest.find(':');
  std::string_view alg = std::string_view(digest).substr(0, colon == std::string::npos ? 0 : colon);
  std::string_view hex =
      colon == std::string::npos ? "" : std::string_view(digest).substr(colon + 1);
  if (alg.empty() ||
      alg.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789") != std::string_view::npos ||
      !is_hex(hex))
    return invalid_input(std::string(where) + ": malformed digest '" + digest + "'");
  return "blobs/" + std::string(alg) + "/" + std::string(hex);
}

// Where the image's files live: the members of a tar or the files of a directory.
class Container {
 public:
  virtual ~Container() = default;
  virtual Result<bool> has(const std::string& member, Budget& budget) = 0;
  virtual Result<std::string> read_small(const std::string& member, Budget& budget) = 0;
  virtual Result<void> with_layer(const std::string& member, Budget& budget, const LayerFn& fn) = 0;
};

// Streams a tar member into a second libarchive reader (a compressed image tar).
struct Pipe {
  archive* outer;
  Budget& budget;
  DecompressionMeter& meter;
  const std::string& member;
  std::vector<char> buf = std::vector<char>(std::size_t{1} << 18);
};

la_ssize_t pipe_read(archive* inner, void* ctx, const void** out) {
  auto* p = static_cast<Pipe*>(ctx);
  la_ssize_t n = archive_read_data(p->outer, p->buf.data(), p->buf.size());
  if (n < 0) {
    archive_set_error(inner, EIO, "%s", archive_message(p->outer).c_str());
    return -1;
  }
  if (auto ok = p->meter.update(p->budget, p->member); !ok) {
    archive_set_error(inner, EFBIG, "%s", ok.error().message.c_str());
    return -1;
  }
  *out = p->buf.data();
  return n;
}

// A byte range of an uncompressed image tar read in place (a layer blob found by the index):
// each layer is opened at its offset instead of re-reading the image from the start.
struct Region {
  int fd = -1;
  std::uint64_t pos = 0, end = 0;
  std::vector<char> buf = std::vector<char>(std::size_t{1} << 18);
  ~Region() {
    if (fd >= 0) ::close(fd);
  }
};

la_ssize_t region_read(archive* a, void* ctx, const void** out) {
  auto* r = static_cast<Region*>(ctx);
  std::size_t want =
      static_cast<std::size_t>(std::min<std::uint64_t>(r->buf.size(), r->end - r->pos));
  if (want == 0) return 0;
  ssize_t n = ::pread(r->fd, r->buf.data(), want, static_cast<off_t>(r->pos));
  if (n < 0) {
    archive_set_error(a, errno, "read error");
    return -1;
  }
  r->pos += static_cast<std::uint64_t>(n);
  *out = r->buf.data();
  return n;
}

la_int64_t region_skip(archive*, void* ctx, la_int64_t request) {
  auto* r = static_cast<Region*>(ctx);
  auto n = std::min<std::uint64_t>(static_cast<std::uint64_t>(std::max<la_int64_t>(request, 0)),
                                   r->end - r->pos);
  r->pos += n;
  return static_cast<la_int64_t>(n);
}

class TarContainer : public Container {
 public:
  explicit TarContainer(std::string path) : path_(std::move(path)) {}

  // Calls fn for each member header (normalised name) until it returns false; with a budget,
  // the decompression of a compressed image tar is charged.
  Result<void> scan(
      const std::function<Result<bool>(const std::string&, archive_entry*, archive*)>& fn,
      Budget* budget = nullptr, DecompressionMeter** meter_out = nullptr) {
    auto a = new_tar_reader();
    if (!a || archive_read_open_filename(a.get(), path_.c_str(), 1 << 16) != ARCHIVE_OK)
      return invalid_input("cannot open as a tar archive: " + archive_message(a.get()));
    DecompressionMeter meter(a.get());
    if (meter_out) *meter_out = &meter;
    archive_entry* e = nullptr;
    for (;;) {
      int rc = archive_read_next_header(a.get(), &e);
      if (budget)
        if (auto ok = meter.update(*budget, "image archive"); !ok) return ok;
      if (rc == ARCHIVE_EOF) return {};
      if (rc < ARCHIVE_WARN)
        return invalid_input("corrupt image archive: " + archive_message(a.get()));
      const char* raw = archive_entry_pathname(e);
      auto name = normalize_member_name(raw ? raw : "");
      if (!name) return std::unexpected(std::move(name).error());
      auto more = fn(*name, e, a.get());
      if (!more) return std::unexpected(std::move(more).error());
      if (!*more) return {};
    }
  }

  // One pass over the image tar recording every regular member and, when the tar is not
  // compressed, where its data lies (so that layers and blobs are read in place).
  Result<void> index(Budget& budget) {
    if (indexed_) return {};
    bool compressed = false;
    DecompressionMeter* meter = nullptr;
    auto ok = scan(
        [&](const std::string& name, archive_entry* e, archive* a) -> Result<bool> {
          if (auto more = budget.count_entry(); !more)
            return std::unexpected(std::move(more).error().with_context("'" + name + "'"));
          compressed = meter != nullptr && meter->compressed();
          if (archive_entry_filetype(e) != AE_IFREG) return true;
          auto size = archive_entry_size_is_set(e) ? archive_entry_size(e) : 0;
          la_int64_t at = archive_filter_bytes(a, 0);  // the format has consumed the header(s)
          members_.emplace(name, Member{static_cast<std::uint64_t>(std::max<la_int64_t>(at, 0)),
                                        static_cast<std::uint64_t>(std::max<la_int64_t>(size, 0))});
          return true;
        },
        &budget, &meter);
    if (!ok) return ok;
    in_place_ = !compressed;
    indexed_ = true;
    return {};
  }

  Result<bool> has(const std::string& member, Budget& budget) override {
    if (auto ok = index(budget); !ok) return std::unexpected(std::move(ok).error());
    return members_.count(member) > 0;
  }

  Result<std::string> read_small(const std::string& member, Budget& budget) override {
    if (auto it = cache_.find(member); it != cache_.end()) return it->second;
    if (auto ok = index(budget); !ok) return std::unexpected(std::move(ok).error());
    auto m = members_.find(member);
    if (m == members_.end())
      return invalid_input(member + ": named by the image but not in the archive");
    if (m->second.size > budget.options.max_file_size)
      return invalid_input(member + ": " + std::to_string(m->second.size) +
                           " bytes, over the read limit of " +
                           size_text(budget.options.max_file_size) +
                           " (refusing a hostile archive)" + raise_hint("FILE_SIZE"));
    std::optional<std::string> found;
    if (in_place_) {
      auto region = open_region(m->second);
      if (!region) return std::unexpected(std::move(region).error().with_context(member));
      std::string text(static_cast<std::size_t>(m->second.size), '\0');
      ssize_t n =
          ::pread((*region)->fd, text.data(), text.size(), static_cast<off_t>(m->second.offset));
      if (n != static_cast<ssize_t>(text.size()))
        return io_error(member + ": short read from the image archive");
      if (auto ok = budget.consume(text.size(), member); !ok)
        return std::unexpected(std::move(ok).error());
      found = std::move(text);
    } else {
      auto ok = scan(
          [&](const std::string& name, archive_entry* e, archive* a) -> Result<bool> {
            if (name != member || archive_entry_filetype(e) != AE_IFREG) return true;
            auto text = read_archive_member(a, member, budget);
            if (!text) return std::unexpected(std::move(text).error());
            found = std::move(*text);
            return false;
          },
          &budget);
      if (!ok) return std::unexpected(std::move(ok).error());
    }
    if (!found) return invalid_input(member + ": named by the image but not in the archive");
    return cache_[member] = std::move(*found);
  }

  Result<void> with_layer(const std::string& member, Budget& budget, const LayerFn& fn) override {
    if (auto ok = index(budget); !ok) return ok;
    auto m = members_.find(member);
    if (m == members_.end())
      return invalid_input(member + ": layer named by the image but not in the archive");
    if (in_place_) {
      auto region = open_region(m->second);
      if (!region) return std::unexpected(std::move(region).error().with_context(member));
      auto inner = new_tar_reader();
      if (!inner || archive_read_open2(inner.get(), region->get(), nullptr, region_read,
                                       region_skip, nullptr) != ARCHIVE_OK)
        return invalid_input(
            member + ": cannot open the layer as a tar archive: " + archive_message(inner.get()));
      return fn(inner.get());
    }
    bool seen = false;
    DecompressionMeter* outer_meter = nullptr;  // the scan's: charges the outer decompression once
    auto ok = scan(
        [&](const std::string& name, archive_entry* e, archive* outer) -> Result<bool> {
          if (name != member || archive_entry_filetype(e) != AE_IFREG) return true;
          seen = true;
          Pipe pipe{outer, budget, *outer_meter, member};
          auto inner = new_tar_reader();
          if (!inner ||
              archive_read_open(inner.get(), &pipe, nullptr, pipe_read, nullptr) != ARCHIVE_OK)
            return invalid_input(member + ": cannot open the layer as a tar archive: " +
                                 archive_message(inner.get()));
          auto r = fn(inner.get());
          if (!r) return std::unexpected(std::move(r).error());
          return false;
        },
        &budget, &outer_meter);
    if (!ok) return ok;
    if (!seen) return invalid_input(member + ": layer named by the image but not in the archive");
    return {};
  }

 private:
  struct Member {
    std::uint64_t offset = 0;  // of the data in the (uncompressed) image tar
    std::uint64_t size = 0;
  };

  Result<std::unique_ptr<Region>> open_region(const Member& m) {
    auto r = std::make_unique<Region>();
    r->fd = ::open(path_.c_str(), O_RDONLY | O_CLOEXEC);
    if (r->fd < 0)
      return io_error(std::string("cannot open the image archive: ") + std::strerror(errno));
    r->pos = m.offset;
    r->end = m.offset + m.size;
    return r;
  }

  std::string path_;
  bool indexed_ = false;
  bool in_place_ = false;
  std::unordered_map<std::string, Member> members_;
  std::map<std::string, std::string> cache_;
};

class DirContainer : public Container {
 public:
  explicit DirContainer(std::string root) : root_(std::move(root)) {}

  Result<bool> has(const std::string& member, Budget&) override {
    std::error_code ec;
    return fs::is_regular_file(fs::symlink_status(fs::path(root_) / member, ec));
  }

  Result<std::string> read_small(const std::string& member, Budget& budget) override {
    auto present = has(member, budget);
    if (!*present)
      return invalid_input(member + ": named by the image but not a regular file in the layout");
    std::error_code ec;
    auto size = fs::file_size(fs::path(root_) / member, ec);
    if (ec || size > budget.options.max_file_size)
      return invalid_input(member + ": missing or over the read limit of " +
                           size_text(budget.options.max_file_size));
    auto text = read_file((fs::path(root_) / member).string());
    if (!text) return text;
    if (auto ok = budget.consume(text->size(), member); !ok)
      return std::unexpected(std::move(ok).error());
    return text;
  }

  Result<void> with_layer(const std::string& member, Budget&, const LayerFn& fn) override {
    std::error_code ec;
    if (!fs::is_regular_file(fs::symlink_status(fs::path(root_) / member, ec)))
      return invalid_input(member +
                           ": layer named by the image but not a regular file in the layout");
    auto a = new_tar_reader();
    const std::string file = (fs::path(root_) / member).string();
    if (!a || archive_read_open_filename(a.get(), file.c_str(), 1 << 18) != ARCHIVE_OK)
      return invalid_input(member +
                           ": cannot open the layer as a tar archive: " + archive_message(a.get()));
    return fn(a.get());
  }

 private:
  std::string root_;
};

std::unique_ptr<Container> container_for(const std::string& target, bool directory) {
  if (directory) return std::make_unique<DirContainer>(target);
  return std::make_unique<TarContainer>(target);
}

Result<json> parse_json(const std::string& text, const std::string& member) {
  if (auto at = json_too_deep(text))
    return invalid_input(member + ": byte " + std::to_string(*at) + ": JSON nested deeper than " +
                         std::to_string(kMaxJsonDepth) + " levels (refusing a hostile image)");
  auto j = json::parse(text, nullptr, false);
  if (j.is_discarded()) return invalid_input(member + ": not valid JSON");
  return j;
}

Result<json> read_json(Container& c, const std::string& member, Budget& budget) {
  auto text = c.read_small(member, budget);
  if (!text) return std::unexpected(std::move(text).error());
  return parse_json(*text, member);
}

std::string str(const json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

// "registry/repo:tag" -> ("registry/repo", "tag"); a digest reference keeps its name only.
void set_reference(ImageInfo& info, const std::string& ref) {
  std::string r = ref.substr(0, ref.find('@'));
  auto slash = r.rfind('/');
  auto colon = r.rfind(':');
  if (colon != std::string::npos && (slash == std::string::npos || colon > slash)) {
    info.name = r.substr(0, colon);
    info.tag = r.substr(colon + 1);
  } else {
    info.name = r;
  }
}

bool is_index_type(const std::string& media) {
  return media == "application/vnd.oci.image.index.v1+json" ||
         media == "application/vnd.docker.distribution.manifest.list.v2+json";
}

// The descriptor to follow from an index: linux/amd64 when listed, else the first manifest.
// A pointer into `index` (never a copy of an untrusted tree).
Result<const json*> pick_manifest(const json& index, const std::string& where) {
  if (!index.is_object()) return invalid_input(where + ": not a JSON object");
  auto ms = index.find("manifests");
  if (ms == index.end() || !ms->is_array() || ms->empty())
    return invalid_input(where + ": no manifests listed");
  for (const auto& m : *ms) {
    if (!m.is_object()) continue;
    auto p = m.find("platform");
    if (p != m.end() && p->is_object() && str(*p, "os") == "linux" &&
        str(*p, "architecture") == "amd64")
      return &m;
  }
  for (const auto& m : *ms)
    if (m.is_object() && !str(m, "digest").empty()) return &m;
  return invalid_input(where + ": no manifest descriptor with a digest");
}

void name_from_annotations(ImageInfo& info, const json& desc) {
  auto ann = desc.find("annotations");
  if (ann == desc.end() || !ann->is_object()) return;
  std::string full = str(*ann, "io.containerd.image.name");
  std::string ref = str(*ann, "org.opencontainers.image.ref.name");
  if (!full.empty()) {
    set_reference(info, full);
  } else if (!ref.empty() &&
             (ref.find('/') != std::string::npos || ref.find(':') != std::string::npos)) {
    set_reference(info, ref);
  } else if (!ref.empty()) {
    info.tag = ref;  // an OCI layout names its tags only
  }
}

Result<void> verify_blob(const std::string& text, const std::string& digest,
                         const std::string& member) {
  if (digest.starts_with("sha256:") && sha256_hex(text) != digest.substr(7))
    return invalid_input(member + ": content does not match its digest " + digest);
  return {};
}

Result<ImageInfo> parse_oci(Container& c, Budget& budget) {
  ImageInfo info;
  auto index = read_json(c, "index.json", budget);
  if (!index) return std::unexpected(std::move(index).error());
  std::string where = "index.json";
  for (int level = 0;; ++level) {
    auto picked = pick_manifest(*index, where);
    if (!picked) return std::unexpected(std::move(picked).error());
    const json& desc = **picked;  // points into *index, which lives until it is replaced below
    if (info.name.empty() && info.tag.empty()) name_from_annotations(info, desc);
    const std::string digest = str(desc, "digest");
    auto member = blob_path(digest, where);
    if (!member) return std::unexpected(std::move(member).error());
    auto text = c.read_small(*member, budget);
    if (!text) return std::unexpected(std::move(text).error());
    if (auto ok = verify_blob(*text, digest, *member); !ok)
      return std::unexpected(std::move(ok).error());
    auto doc = parse_json(*text, *member);
    if (!doc) return std::unexpected(std::move(doc).error());
    if (!doc->is_object()) return invalid_input(*member + ": not a JSON object");
    bool nested = is_index_type(str(desc, "mediaType")) || is_index_type(str(*doc, "mediaType"));
    if (!nested) {
      info.manifest_digest = digest;
      index = std::move(doc);
      where = *member;
      break;
    }
    if (level >= 4) return invalid_input(*member + ": image indexes nested too deep");
    index = std::move(doc);
    where = *member;
  }
  const json& manifest = *index;
  if (auto cfg = manifest.find("config"); cfg != manifest.end() && cfg->is_object())
    info.config_digest = str(*cfg, "digest");
  auto layers = manifest.find("layers");
  if (layers == manifest.end() || !layers->is_array())
    return invalid_input(where + ": manifest without a layers array");
  for (const auto& l : *layers) {
    std::string digest = l.is_object() ? str(l, "digest") : "";
    auto member = blob_path(digest, where);
    if (!member) return std::unexpected(std::move(member).error());
    info.layers.push_back(ImageLayer{digest, *member});
  }
  return info;
}

// The layer digests of a legacy docker save: the config's rootfs.diff_ids.
std::vector<std::string> diff_ids(Container& c, const std::string& config, Budget& budget) {
  std::vector<std::string> out;
  auto j = read_json(c, config, budget);
  if (!j || !j->is_object()) return out;
  auto rootfs = j->find("rootfs");
  if (rootfs == j->end() || !rootfs->is_object()) return out;
  auto ids = rootfs->find("diff_ids");
  if (ids == rootfs->end() || !ids->is_array()) return out;
  for (const auto& id : *ids) out.push_back(id.is_string() ? id.get<std::string>() : "");
  return out;
}

Result<ImageInfo> parse_docker(Container& c, const json& manifest, Budget& budget) {
  if (!manifest.is_array() || manifest.empty() || !manifest[0].is_object())
    return invalid_input("manifest.json: not an array of image manifests");
  if (manifest.size() > 1)
    budget.report.notes.push_back("manifest.json: " + std::to_string(manifest.size()) +
                                  " images; the first is inventoried");
  const json& m = manifest[0];
  ImageInfo info;
  if (auto tags = m.find("RepoTags");
      tags != m.end() && tags->is_array() && !tags->empty() && (*tags)[0].is_string())
    set_reference(info, (*tags)[0].get<std::string>());
  std::string config = str(m, "Config");
  auto layers = m.find("Layers");
  if (layers == m.end() || !layers->is_array())
    return invalid_input("manifest.json: no Layers array");
  std::string stem = fs::path(config).filename().string();
  if (stem.ends_with(".json")) stem.resize(stem.size() - 5);
  if (is_hex(stem)) info.config_digest = "sha256:" + stem;
  auto ids = config.empty() ? std::vector<std::string>{} : diff_ids(c, config, budget);
  for (std::size_t i = 0; i < layers->size(); ++i) {
    const json& l = (*layers)[i];
    auto member = normalize_member_name(l.is_string() ? l.get<std::string>() : "");
    if (!member)
      return std::unexpected(std::move(member).error().with_context("manifest.json: Layers"));
    if (member->empty())
      return invalid_input("manifest.json: Layers[" + std::to_string(i) + "] is empty");
    std::string digest;
    if (member->starts_with("blobs/sha256/"))
      digest = "sha256:" + member->substr(13);
    else if (i < ids.size())
      digest = ids[i];
    info.layers.push_back(ImageLayer{digest.empty() ? *member : digest, *member});
  }
  return info;
}

Result<ImageInfo> parse_image(Container& c, bool oci, bool docker, Budget& budget) {
  std::optional<json> docker_manifest;
  if (docker) {
    auto j = read_json(c, "manifest.json", budget);
    if (!j) return std::unexpected(std::move(j).error());
    docker_manifest = std::move(*j);
  }
  if (!oci) return parse_docker(c, *docker_manifest, budget);
  auto info = parse_oci(c, budget);
  if (info && info->name.empty() && docker_manifest) {  // newer docker save: tags in manifest.json
    auto legacy = parse_docker(c, *docker_manifest, budget);
    if (legacy && !legacy->name.empty()) {
      info->name = legacy->name;
      info->tag = legacy->tag;
    }
  }
  return info;
}

// A root-level member name that a docker save or OCI layout tar holds.
bool image_shaped(const std::string& name) {
  std::string_view first = std::string_view(name).substr(0, name.find('/'));
  if (first == "manifest.json" || first == "index.json" || first == "oci-layout" ||
      first == "repositories" || first == "blobs")
    return true;
  if (first.ends_with(".json")) first.remove_suffix(5);
  return first.size() == 64 && is_hex(first);
}

// ---- the layered walk ----

std::string parent_of(const std::string& p) {
  auto slash = p.rfind('/');
  return slash == std::string::npos ? std::string() : p.substr(0, slash);
}

std::string base_of(const std::string& p) {
  auto slash = p.rfind('/');
  return slash == std::string::npos ? p : p.substr(slash + 1);
}

class Overlay {
 public:
  // True when an upper layer hides `path` (an entry of kind `dir` in a lower layer).
  bool hidden(const std::string& path, bool dir) const {
    if (deleted_.count(path)) return true;
    if (auto it = upper_.find(path); it != upper_.end() && !(it->second && dir)) return true;
    if (opaque_.count("")) return true;
    for (auto slash = path.find('/'); slash != std::string::npos;
         slash = path.find('/', slash + 1)) {
      std::string a = path.substr(0, slash);
      if (deleted_.count(a) || opaque_.count(a)) return true;
      if (auto it = upper_.find(a); it != upper_.end() && !it->second) return true;
    }
    return false;
  }
  // Records what one layer holds; applies only to the layers below it.
  void add_entry(const std::string& path, bool dir) { layer_upper_.emplace(path, dir); }
  void add_whiteout(const std::string& path) { layer_deleted_.insert(path); }
  void add_opaque(const std::string& dir) { layer_opaque_.insert(dir); }
  void end_layer() {
    for (auto& [p, d] : layer_upper_) upper_.emplace(p, d);
    deleted_.insert(layer_deleted_.begin(), layer_deleted_.end());
    opaque_.insert(layer_opaque_.begin(), layer_opaque_.end());
    layer_upper_.clear();
    layer_deleted_.clear();
    layer_opaque_.clear();
  }

 private:
  std::unordered_map<std::string, bool> upper_, layer_upper_;  // path -> is a directory
  std::unordered_set<std::string> deleted_, layer_deleted_, opaque_, layer_opaque_;
};

struct LayeredWalk {
  Budget& budget;
  const WantFn& want;
  const FileSink& sink;
  bool count;  // the pass that feeds the extractors updates the report's counters
  Overlay overlay;
  DecompressionMeter* meter_ = nullptr;  // of the layer being read

  Result<void> entry(archive* a, archive_entry* e, const std::string& layer) {
    if (auto ok = budget.count_entry(); !ok)
      return std::unexpected(std::move(ok).error().with_context("layer " + layer));
    const char* raw = archive_entry_pathname(e);
    auto name = normalize_member_name(raw ? raw : "");
    if (!name) return std::unexpected(std::move(name).error().with_context("layer " + layer));
    if (name->empty()) return {};
    const std::string base = base_of(*name);
    if (base.starts_with(".wh.")) {
      if (base == ".wh..wh..opq")
        overlay.add_opaque(parent_of(*name));
      else if (!base.starts_with(".wh..wh.")) {
        std::string parent = parent_of(*name);
        overlay.add_whiteout(parent.empty() ? base.substr(4) : parent + "/" + base.substr(4));
      }
      return {};
    }
    auto type = archive_entry_filetype(e);
    bool dir = type == AE_IFDIR;
    if (overlay.hidden(*name, dir)) {
      if (count) ++budget.report.hidden_by_layers;
      return {};
    }
    overlay.add_entry(*name, dir);
    bool link = archive_entry_hardlink(e) != nullptr || type == AE_IFLNK;
    if (link || (type != AE_IFREG && !dir)) {
      if (count) ++(link ? budget.report.skipped_links : budget.report.skipped_special);
      return {};
    }
    if (dir) return {};
    auto size = archive_entry_size_is_set(e) ? archive_entry_size(e) : 0;
    FileInfo info{*name,
                  static_cast<std::uint64_t>(size < 0 ? 0 : size),
                  (archive_entry_perm(e) & 0111) != 0,
                  static_cast<std::uint32_t>(archive_entry_mode(e)),
                  archive_entry_uid(e),
                  archive_entry_gid(e)};
    if (!want(info)) return {};
    ReadFn read = [&] { return read_archive_member(a, info.path, budget, meter_); };
    return sink(info, read);
  }

  Result<void> layer(archive* a, const ImageLayer& l) {
    budget.layer = l.digest;
    archive_entry* e = nullptr;
    DecompressionMeter meter(a);
    meter_ = &meter;
    for (;;) {
      int rc = archive_read_next_header(a, &e);
      if (auto ok = meter.update(budget, "layer " + l.member); !ok) return ok;
      if (rc == ARCHIVE_EOF) break;
      if (rc < ARCHIVE_WARN)
        return invalid_input("layer " + l.member +
                             ": corrupt layer archive: " + archive_message(a));
      if (meter.compressed() && archive_entry_size_is_set(e) && archive_entry_size(e) > 0) {
        const char* raw = archive_entry_pathname(e);
        auto ok =
            budget.can_decompress(static_cast<std::uint64_t>(archive_entry_size(e)),
                                  "layer " + l.member + ": '" + std::string(raw ? raw : "") + "'");
        if (!ok) return ok;
      }
      if (auto ok = entry(a, e, l.member); !ok) return ok;
    }
    meter_ = nullptr;
    overlay.end_layer();
    budget.layer.clear();
    return {};
  }

  Result<void> run(Container& c, const ImageInfo& image) {
    for (auto it = image.layers.rbegin(); it != image.layers.rend(); ++it) {
      auto ok = c.with_layer(it->member, budget, [&](archive* a) { return layer(a, *it); });
      if (!ok) return ok;
    }
    return {};
  }
};

}  // namespace

Result<std::optional<ImageInfo>> probe_image(const std::string& target, bool is_dir,
                                             Budget& budget) {
  bool oci = false, docker = false;
  auto c = container_for(target, is_dir);
  if (is_dir) {
    oci = *c->has("oci-layout", budget) && *c->has("index.json", budget);
    if (!oci)
      return std::nullopt;  // a directory is only an OCI layout (manifest.json is too common a
                            // name)
  } else {
    auto* tar = static_cast<TarContainer*>(c.get());
    bool layout = false, index = false, foreign = false;
    auto ok = tar->scan(
        [&](const std::string& name, archive_entry*, archive*) -> Result<bool> {
          if (auto more = budget.count_entry(); !more)
            return std::unexpected(std::move(more).error());
          if (name.empty()) return true;
          if (!image_shaped(name)) {
            foreign = true;
            return false;  // a root filesystem archive: stop at its first ordinary entry
          }
          docker = docker || name == "manifest.json";
          layout = layout || name == "oci-layout";
          index = index || name == "index.json";
          return true;
        },
        &budget);
    if (!ok && budget.report.decompressed_bytes <= budget.options.max_decompressed_bytes &&
        budget.report.entries <= budget.options.max_entries)
      return std::nullopt;  // not readable as a tar: let the archive source report it
    if (!ok) return std::unexpected(std::move(ok).error());  // a limit was hit
    oci = layout && index;
    if (foreign || (!oci && !docker)) return std::nullopt;
  }
  if (is_dir) docker = *c->has("manifest.json", budget);
  budget.report.entries = 0;  // the probe does not count
  auto info = parse_image(*c, oci, docker, budget);
  if (!info) return std::unexpected(std::move(info).error());
  info->directory = is_dir;
  return std::optional<ImageInfo>(std::move(*info));
}

Result<std::optional<FoundOs>> image_os_release(const std::string& target, const ImageInfo& image,
                                                Budget& budget) {
  std::map<std::string, std::string> found;
  WantFn want = [](const FileInfo& f) {
    return f.path == kOsReleasePaths[0] || f.path == kOsReleasePaths[1];
  };
  FileSink sink = [&](const FileInfo& f, const ReadFn& read) -> Result<void> {
    auto text = read();
    if (!text) return std::unexpected(std::move(text).error());
    found.emplace(f.path, std::move(*text));
    return {};
  };
  auto c = container_for(target, image.directory);
  LayeredWalk walk{budget, want, sink, false, {}};
  if (auto ok = walk.run(*c, image); !ok) return std::unexpected(std::move(ok).error());
  for (auto rel : kOsReleasePaths)
    if (auto it = found.find(std::string(rel)); it != found.end())
      return FoundOs{it->first, std::move(it->second)};
  return std::nullopt;
}

Result<void> walk_image(const std::string& target, const ImageInfo& image, Budget& budget,
                        const WantFn& want, const FileSink& sink) {
  auto c = container_for(target, image.directory);
  LayeredWalk walk{budget, want, sink, true, {}};
  return walk.run(*c, image);
}

}  // namespace bulwark::extract::detail
