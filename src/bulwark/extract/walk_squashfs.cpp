// SquashFS source of the inventory (firmware root filesystems): the image is read in place with
// libsquashfs (squashfs-tools-ng), from its file or, when nested in an archive, from memory;
// nothing is extracted to disk. Directory names are checked like archive member names,
// symlinks are never followed, directory loops and excessive depth fail the walk.
#include <sqfs/compressor.h>
#include <sqfs/data_reader.h>
#include <sqfs/dir.h>
#include <sqfs/dir_reader.h>
#include <sqfs/error.h>
#include <sqfs/id_table.h>
#include <sqfs/inode.h>
#include <sqfs/io.h>
#include <sqfs/predef.h>
#include <sqfs/super.h>

#include <algorithm>
#include <cstring>
#include <memory>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "bulwark/core/text.hpp"
#include "bulwark/extract/walk_internal.hpp"

namespace bulwark::extract::detail {
namespace {

constexpr int kMaxDirDepth = 256;

struct ObjectDestroy {
  void operator()(void* p) const {
    if (p) sqfs_destroy(p);
  }
};
template <class T>
using SqfsPtr = std::unique_ptr<T, ObjectDestroy>;

struct InodeFree {
  void operator()(sqfs_inode_generic_t* p) const { sqfs_free(p); }
};
using InodePtr = std::unique_ptr<sqfs_inode_generic_t, InodeFree>;

std::string sqfs_message(int code) {
  switch (code) {
    case SQFS_ERROR_ALLOC:
      return "out of memory";
    case SQFS_ERROR_IO:
      return "I/O error";
    case SQFS_ERROR_COMPRESSOR:
      return "decompression failed";
    case SQFS_ERROR_CORRUPTED:
      return "corrupted image";
    case SQFS_ERROR_UNSUPPORTED:
      return "unsupported feature";
    case SQFS_ERROR_OUT_OF_BOUNDS:
      return "reference outside the image";
    case SFQS_ERROR_SUPER_MAGIC:
      return "not a SquashFS image (bad magic)";
    case SFQS_ERROR_SUPER_VERSION:
      return "unsupported SquashFS version";
    case SQFS_ERROR_LINK_LOOP:
      return "directory loop";
    default:
      return "libsquashfs error " + std::to_string(code);
  }
}

// A read-only sqfs_file_t over bytes held in memory (a nested image).
struct MemoryFile {
  sqfs_file_t base;  // first member: libsquashfs casts between the two
  std::string_view data;

  static sqfs_file_t* make(std::string_view data) {
    auto* f = new MemoryFile{};
    f->data = data;
    f->base.base.destroy = [](sqfs_object_t* o) { delete reinterpret_cast<MemoryFile*>(o); };
    f->base.base.copy = [](const sqfs_object_t* o) -> sqfs_object_t* {
      return reinterpret_cast<sqfs_object_t*>(make(reinterpret_cast<const MemoryFile*>(o)->data));
    };
    f->base.read_at = [](sqfs_file_t* file, sqfs_u64 offset, void* buffer, size_t size) -> int {
      auto* self = reinterpret_cast<MemoryFile*>(file);
      if (offset > self->data.size() || size > self->data.size() - offset)
        return SQFS_ERROR_OUT_OF_BOUNDS;
      std::memcpy(buffer, self->data.data() + offset, size);
      return 0;
    };
    f->base.write_at = [](sqfs_file_t*, sqfs_u64, const void*, size_t) -> int {
      return SQFS_ERROR_IO;
    };
    f->base.get_size = [](const sqfs_file_t* file) -> sqfs_u64 {
      return reinterpret_cast<const MemoryFile*>(file)->data.size();
    };
    f->base.truncate = [](sqfs_file_t*, sqfs_u64) -> int { return SQFS_ERROR_IO; };
    return &f->base;
  }
};

bool is_dir(const sqfs_inode_generic_t& i) {
  return i.base.type == SQFS_INODE_DIR || i.base.type == SQFS_INODE_EXT_DIR;
}
bool is_file(const sqfs_inode_generic_t& i) {
  return i.base.type == SQFS_INODE_FILE || i.base.type == SQFS_INODE_EXT_FILE;
}
bool is_link(const sqfs_inode_generic_t& i) {
  return i.base.type == SQFS_INODE_SLINK || i.base.type == SQFS_INODE_EXT_SLINK;
}

// An opened image: super block, decompressor, directory and data readers.
class Image {
 public:
  // `file` is owned by the Image.
  static Result<std::unique_ptr<Image>> open(sqfs_file_t* file) {
    auto img = std::unique_ptr<Image>(new Image);
    img->file_.reset(file);
    if (!file) return io_error("cannot open the SquashFS image");
    if (int rc = sqfs_super_read(&img->super_, file); rc != 0)
      return invalid_input("SquashFS super block: " + sqfs_message(rc));
    sqfs_compressor_config_t cfg;
    if (sqfs_compressor_config_init(&cfg, static_cast<SQFS_COMPRESSOR>(img->super_.compression_id),
                                    img->super_.block_size, SQFS_COMP_FLAG_UNCOMPRESS) != 0)
      return unsupported("SquashFS: unsupported compressor id " +
                         std::to_string(img->super_.compression_id));
    sqfs_compressor_t* cmp = nullptr;
    if (int rc = sqfs_compressor_create(&cfg, &cmp); rc != 0)
      return unsupported("SquashFS compressor: " + sqfs_message(rc));
    img->cmp_.reset(cmp);
    img->dirs_.reset(sqfs_dir_reader_create(&img->super_, cmp, file, 0));
    img->data_.reset(sqfs_data_reader_create(file, img->super_.block_size, cmp, 0));
    if (!img->dirs_ || !img->data_) return io_error("SquashFS: out of memory");
    if (int rc = sqfs_data_reader_load_fragment_table(img->data_.get(), &img->super_); rc != 0)
      return invalid_input("SquashFS fragment table: " + sqfs_message(rc));
    img->ids_.reset(
        sqfs_id_table_create(0));  // owners stay unknown when the id table is unreadable
    if (img->ids_ && sqfs_id_table_read(img->ids_.get(), file, &img->super_, cmp) != 0)
      img->ids_.reset();
    return img;
  }

  sqfs_dir_reader_t* dirs() { return dirs_.get(); }

  // The first bytes of a regular file ("" when shorter or unreadable).
  std::string head(const sqfs_inode_generic_t& inode, sqfs_u32 n) {
    std::string out(n, '\0');
    sqfs_s32 got = sqfs_data_reader_read(data_.get(), &inode, 0, out.data(), n);
    return got == static_cast<sqfs_s32>(n) ? out : std::string();
  }

  // Owner of an inode from the id table (-1 when unknown).
  std::int64_t id(sqfs_u16 index) const {
    sqfs_u32 out = 0;
    if (!ids_ || sqfs_id_table_index_to_id(ids_.get(), index, &out) != 0) return -1;
    return out;
  }

  // Reads a regular file, bounded by `limit` (default max_file_size) and the total budget.
  Result<std::string> read(const sqfs_inode_generic_t& inode, const std::string& path,
                           Budget& budget, std::uint64_t limit = 0) {
    if (limit == 0) limit = budget.options.max_file_size;
    sqfs_u64 size = 0;
    sqfs_inode_get_file_size(&inode, &size);
    if (size > limit)
      return invalid_input(
          path + ": " + std::to_string(size) + " bytes, over the read limit of " +
          size_text(limit) + " (refusing a hostile image)" +
          raise_hint(limit == budget.options.max_file_size ? "FILE_SIZE" : "NESTED_IMAGE_SIZE"));
    std::string out(static_cast<std::size_t>(size), '\0');
    constexpr sqfs_u32 kStep = 1u << 18;
    for (sqfs_u64 at = 0; at < size;) {
      auto want = static_cast<sqfs_u32>(std::min<sqfs_u64>(kStep, size - at));
      sqfs_s32 n = sqfs_data_reader_read(data_.get(), &inode, at, out.data() + at, want);
      if (n < 0)
        return invalid_input(path + ": cannot read from the SquashFS image: " + sqfs_message(n));
      if (n == 0) return invalid_input(path + ": SquashFS file shorter than its inode says");
      if (auto ok = budget.consume(static_cast<std::uint64_t>(n), path); !ok)
        return std::unexpected(std::move(ok).error());
      at += static_cast<sqfs_u64>(n);
    }
    return out;
  }

 private:
  Image() = default;
  // Destruction order (reverse of members): readers, then compressor, then file.
  SqfsPtr<sqfs_file_t> file_;
  sqfs_super_t super_{};
  SqfsPtr<sqfs_compressor_t> cmp_;
  SqfsPtr<sqfs_dir_reader_t> dirs_;
  SqfsPtr<sqfs_data_reader_t> data_;
  SqfsPtr<sqfs_id_table_t> ids_;
};

Result<std::unique_ptr<Image>> open_path(const std::string& path) {
  return Image::open(sqfs_open_file(path.c_str(), SQFS_FILE_OPEN_READ_ONLY));
}

struct Child {
  std::string name;
  InodePtr inode;
};

// The walk of one image; `prefix` is prepended to every path ("" or "<nested image path>/").
struct TreeWalk {
  Image& img;
  Budget& budget;
  const WantFn& want;
  const FileSink& sink;
  std::string prefix;
  std::set<std::uint32_t> open_dirs;  // inode numbers of the directories being walked (loop check)

  Result<std::vector<Child>> list(const sqfs_inode_generic_t& dir, const std::string& shown) {
    if (int rc = sqfs_dir_reader_open_dir(img.dirs(), &dir, 0); rc != 0)
      return invalid_input(shown + ": cannot open SquashFS directory: " + sqfs_message(rc));
    std::vector<Child> out;
    for (;;) {
      sqfs_dir_entry_t* ent = nullptr;
      int rc = sqfs_dir_reader_read(img.dirs(), &ent);
      if (rc > 0) break;
      if (rc < 0)
        return invalid_input(shown + ": cannot read SquashFS directory: " + sqfs_message(rc));
      std::string name(reinterpret_cast<const char*>(ent->name),
                       static_cast<std::size_t>(ent->size) + 1);
      sqfs_free(ent);
      // Counted as it is read: a directory of millions of entries stops at the limit, it is
      // not listed whole first.
      if (auto ok = budget.count_entry(); !ok)
        return std::unexpected(
            std::move(ok).error().with_context(shown.substr(0, shown.size() - 1) + name + "'"));
      sqfs_inode_generic_t* inode = nullptr;
      if (int irc = sqfs_dir_reader_get_inode(img.dirs(), &inode); irc != 0)
        return invalid_input(shown + name + ": cannot read SquashFS inode: " + sqfs_message(irc));
      out.push_back(Child{std::move(name), InodePtr(inode)});
    }
    return out;
  }

  Result<void> dir(const sqfs_inode_generic_t& inode, const std::string& rel, int depth) {
    const std::string shown = "'" + prefix + rel + "'";
    if (depth > kMaxDirDepth)
      return invalid_input(shown + ": directories nested deeper than " +
                           std::to_string(kMaxDirDepth) + " levels (refusing a hostile image)");
    if (!open_dirs.insert(inode.base.inode_number).second)
      return invalid_input(shown + ": directory loop in SquashFS image (refusing a hostile image)");
    auto children = list(inode, shown);
    if (!children) return std::unexpected(std::move(children).error());
    for (auto& c : *children)
      if (auto ok = entry(c, rel, depth); !ok) return ok;
    open_dirs.erase(inode.base.inode_number);
    return {};
  }

  Result<void> entry(const Child& c, const std::string& parent, int depth) {
    if (c.name.empty() || c.name == "." || c.name == ".." || c.name.find('/') != std::string::npos)
      return invalid_input("'" + prefix + parent + c.name +
                           "': invalid name in SquashFS directory (refusing a hostile image)");
    const std::string rel = parent + c.name;
    const auto& inode = *c.inode;
    if (is_dir(inode)) return dir(inode, rel + "/", depth + 1);
    if (is_link(inode)) {
      ++budget.report.skipped_links;
      return {};
    }
    if (!is_file(inode)) {
      ++budget.report.skipped_special;
      return {};
    }
    sqfs_u64 size = 0;
    sqfs_inode_get_file_size(&inode, &size);
    FileInfo info{prefix + rel,
                  size,
                  (inode.base.mode & 0111) != 0,
                  inode.base.mode,
                  img.id(inode.base.uid_idx),
                  img.id(inode.base.gid_idx)};
    if (!want(info) && nested_image_candidate(info, budget)) {
      NestedReadFn read = [&]() -> Result<std::optional<std::string>> {
        if (!looks_like_squashfs(img.head(inode, 4))) return std::nullopt;
        auto data = img.read(inode, info.path, budget, budget.options.max_nested_image_size);
        if (!data) return std::unexpected(std::move(data).error());
        return std::optional<std::string>(std::move(*data));
      };
      auto nested = walk_nested_image(info, read, budget, want, sink);
      if (!nested) return std::unexpected(std::move(nested).error());
      if (*nested) return {};
    }
    if (!want(info)) return {};
    ReadFn read = [&] { return img.read(inode, info.path, budget); };
    return sink(info, read);
  }
};

// Finds os-release by path lookup (no walk); a symlink is not followed (the next path is tried).
Result<std::optional<FoundOs>> find_os_release(Image& img, Budget& budget,
                                               const std::string& shown) {
  for (auto rel : kOsReleasePaths) {
    sqfs_inode_generic_t* raw = nullptr;
    int rc = sqfs_dir_reader_find_by_path(img.dirs(), nullptr, std::string(rel).c_str(), &raw);
    InodePtr inode(raw);
    if (rc == SQFS_ERROR_NO_ENTRY || rc == SQFS_ERROR_NOT_DIR) continue;
    if (rc != 0) return invalid_input(shown + std::string(rel) + ": " + sqfs_message(rc));
    if (!is_file(*inode)) continue;
    auto text = img.read(*inode, std::string(rel), budget);
    if (!text) return std::unexpected(std::move(text).error());
    return FoundOs{std::string(rel), std::move(*text)};
  }
  return std::nullopt;
}

Result<void> walk_image_tree(Image& img, Budget& budget, const WantFn& want, const FileSink& sink,
                             const std::string& prefix) {
  sqfs_inode_generic_t* raw = nullptr;
  if (int rc = sqfs_dir_reader_get_root_inode(img.dirs(), &raw); rc != 0)
    return invalid_input("SquashFS root directory: " + sqfs_message(rc));
  InodePtr root(raw);
  if (!is_dir(*root)) return invalid_input("SquashFS root inode is not a directory");
  TreeWalk walk{img, budget, want, sink, prefix, {}};
  return walk.dir(*root, "", 0);
}

bool has_suffix_icase(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && equals_icase(s.substr(s.size() - suffix.size()), suffix);
}

}  // namespace

bool looks_like_squashfs(std::string_view head) { return head.starts_with("hsqs"); }

Result<std::optional<FoundOs>> squashfs_os_release(const std::string& path, Budget& budget) {
  auto img = open_path(path);
  if (!img) return std::unexpected(std::move(img).error());
  return find_os_release(**img, budget, "");
}

Result<void> walk_squashfs(const std::string& path, Budget& budget, const WantFn& want,
                           const FileSink& sink) {
  auto img = open_path(path);
  if (!img) return std::unexpected(std::move(img).error());
  return walk_image_tree(**img, budget, want, sink, "");
}

bool nested_image_candidate(const FileInfo& info, const Budget& budget) {
  if (budget.options.max_archive_depth <= 0 || info.size < 96) return false;  // 96: the super block
  auto slash = info.path.rfind('/');
  std::string_view base =
      std::string_view(info.path).substr(slash == std::string::npos ? 0 : slash + 1);
  for (auto ext : {".squashfs", ".sqfs", ".sfs", ".img", ".bin", ".squash"})
    if (has_suffix_icase(base, ext)) return true;
  return base.find("rootfs") != std::string_view::npos;
}

Result<bool> walk_nested_image(const FileInfo& info, const NestedReadFn& read, Budget& budget,
                               const WantFn& want, const FileSink& sink) {
  if (info.size > budget.options.max_nested_image_size) {
    budget.report.notes.push_back(info.path + ": " + std::to_string(info.size) +
                                  " bytes, over the limit of " +
                                  size_text(budget.options.max_nested_image_size) +
                                  " for a nested filesystem image; not opened");
    return false;
  }
  auto data = read();
  if (!data) return std::unexpected(std::move(data).error());
  if (!*data) return false;
  if (budget.depth >= budget.options.max_archive_depth)
    return invalid_input("'" + info.path + "': filesystem image nested deeper than " +
                         std::to_string(budget.options.max_archive_depth) +
                         " level(s) (refusing a hostile archive)");
  auto img = Image::open(MemoryFile::make(**data));
  if (!img) return std::unexpected(std::move(img).error().with_context("'" + info.path + "'"));
  ++budget.depth;
  auto ok = walk_image_tree(**img, budget, want, sink, info.path + "/");
  --budget.depth;
  if (!ok) return std::unexpected(std::move(ok).error());
  return true;
}

}  // namespace bulwark::extract::detail
