// OpenPGP signing and key export through GPGME (detail.hpp). Keys are selected by their full
// fingerprint only (short and long key ids collide and are refused); passphrases are never asked
// through a pinentry dialogue (loopback mode without a passphrase source: a protected key fails
// instead of blocking an unattended run).
#include <gpgme.h>

#include <cctype>
#include <memory>
#include <mutex>
#include <string_view>

#include "bulwark/csaf/detail.hpp"

namespace bulwark::csaf::detail {
namespace {

struct CtxDeleter {
  void operator()(gpgme_ctx_t c) const { gpgme_release(c); }
};
struct DataDeleter {
  void operator()(gpgme_data_t d) const { gpgme_data_release(d); }
};
struct KeyDeleter {
  void operator()(gpgme_key_t k) const { gpgme_key_unref(k); }
};
using Ctx = std::unique_ptr<gpgme_context, CtxDeleter>;
using Data = std::unique_ptr<gpgme_data, DataDeleter>;
using Key = std::unique_ptr<_gpgme_key, KeyDeleter>;

std::string describe(gpgme_error_t err) {
  return std::string(gpgme_strsource(err)) + ": " + gpgme_strerror(err);
}

// Loopback pinentry without a passphrase source: a passphrase-protected key cannot be used
// (signing fails at once instead of waiting for a dialogue nobody answers).
gpgme_error_t no_passphrase(void*, const char*, const char*, int, int) {
  return gpg_error(GPG_ERR_NO_PASSPHRASE);
}

Result<Ctx> make_context(const std::string& gnupg_home) {
  static std::once_flag once;
  std::call_once(once, [] { gpgme_check_version(nullptr); });
  gpgme_ctx_t raw = nullptr;
  if (auto err = gpgme_new(&raw))
    return io_error("GPGME: cannot create a context: " + describe(err));
  Ctx ctx(raw);
  if (auto err = gpgme_set_protocol(ctx.get(), GPGME_PROTOCOL_OpenPGP))
    return io_error("GPGME: OpenPGP is not available: " + describe(err));
  if (!gnupg_home.empty()) {
    if (auto err = gpgme_ctx_set_engine_info(ctx.get(), GPGME_PROTOCOL_OpenPGP, nullptr,
                                             gnupg_home.c_str()))
      return io_error("GPGME: cannot use GNUPGHOME " + gnupg_home + ": " + describe(err));
  }
  gpgme_set_armor(ctx.get(), 1);
  if (auto err = gpgme_set_pinentry_mode(ctx.get(), GPGME_PINENTRY_MODE_LOOPBACK))
    return io_error("GPGME: cannot set the pinentry mode to loopback: " + describe(err));
  gpgme_set_passphrase_cb(ctx.get(), no_passphrase, nullptr);
  return ctx;
}

// A full OpenPGP fingerprint: 40 (v4) or 64 (v5) hexadecimal digits, nothing else.
bool is_full_fingerprint(std::string_view s) {
  if (s.size() != 40 && s.size() != 64) return false;
  for (char c : s)
    if (!std::isxdigit(static_cast<unsigned char>(c))) return false;
  return true;
}

bool same_fingerprint(const char* a, std::string_view b) {
  if (a == nullptr) return false;
  std::string_view s(a);
  if (s.size() != b.size()) return false;
  for (std::size_t i = 0; i < s.size(); ++i)
    if (std::toupper(static_cast<unsigned char>(s[i])) !=
        std::toupper(static_cast<unsigned char>(b[i])))
      return false;
  return true;
}

// The one key whose primary fingerprint is `fingerprint`: a short or long key id, a user id or
// any other pattern is refused, and so is a fingerprint that more than one key matches.
Result<Key> find_key(gpgme_ctx_t ctx, const std::string& fingerprint, bool secret) {
  if (!is_full_fingerprint(fingerprint))
    return invalid_input(
        "gpg_key " + fingerprint +
        ": not a full OpenPGP fingerprint (40 or 64 hexadecimal digits); key ids and "
        "user ids are ambiguous");
  if (auto err = gpgme_op_keylist_start(ctx, fingerprint.c_str(), secret ? 1 : 0))
    return io_error("GPGME: cannot list keys: " + describe(err));
  Key found;
  std::size_t matches = 0;
  for (;;) {
    gpgme_key_t raw = nullptr;
    if (gpgme_op_keylist_next(ctx, &raw) != 0 || raw == nullptr) break;
    Key k(raw);
    const char* primary = k->subkeys != nullptr ? k->subkeys->fpr : nullptr;
    if (!same_fingerprint(k->fpr, fingerprint) && !same_fingerprint(primary, fingerprint)) continue;
    if (++matches == 1) found = std::move(k);
  }
  gpgme_op_keylist_end(ctx);
  if (matches > 1)
    return conflict("gpg_key " + fingerprint + ": " + std::to_string(matches) +
                    " keys match this fingerprint");
  if (!found)
    return not_found("gpg_key " + fingerprint + ": no " + (secret ? "secret" : "public") +
                     " key with this fingerprint");
  return found;
}

std::string drain(gpgme_data_t data) {
  size_t len = 0;
  char* buf = gpgme_data_release_and_get_mem(data, &len);
  std::string out(buf != nullptr ? buf : "", len);
  gpgme_free(buf);
  return out;
}

}  // namespace

Result<std::string> gpg_sign_detached(std::string_view data, const std::string& fingerprint,
                                      const std::string& gnupg_home) {
  auto ctx = make_context(gnupg_home);
  if (!ctx) return std::unexpected(ctx.error());
  auto key = find_key(ctx->get(), fingerprint, true);
  if (!key) return std::unexpected(key.error());
  if (auto err = gpgme_signers_add(ctx->get(), key->get()))
    return io_error("GPGME: cannot use key " + fingerprint + " for signing: " + describe(err));
  gpgme_data_t in_raw = nullptr, out_raw = nullptr;
  if (auto err = gpgme_data_new_from_mem(&in_raw, data.data(), data.size(), 1))
    return io_error("GPGME: " + describe(err));
  Data in(in_raw);
  if (auto err = gpgme_data_new(&out_raw)) return io_error("GPGME: " + describe(err));
  if (auto err = gpgme_op_sign(ctx->get(), in.get(), out_raw, GPGME_SIG_MODE_DETACH)) {
    gpgme_data_release(out_raw);
    return io_error("GPGME: signing with key " + fingerprint + " failed: " + describe(err));
  }
  return drain(out_raw);
}

Result<PublicKey> gpg_export_public(const std::string& fingerprint, const std::string& gnupg_home) {
  auto ctx = make_context(gnupg_home);
  if (!ctx) return std::unexpected(ctx.error());
  auto key = find_key(ctx->get(), fingerprint, false);
  if (!key) return std::unexpected(key.error());
  PublicKey pk;
  if ((*key)->subkeys != nullptr && (*key)->subkeys->fpr != nullptr)
    pk.fingerprint = (*key)->subkeys->fpr;
  gpgme_data_t out_raw = nullptr;
  if (auto err = gpgme_data_new(&out_raw)) return io_error("GPGME: " + describe(err));
  gpgme_key_t keys[2] = {key->get(), nullptr};
  if (auto err = gpgme_op_export_keys(ctx->get(), keys, 0, out_raw)) {
    gpgme_data_release(out_raw);
    return io_error("GPGME: cannot export key " + fingerprint + ": " + describe(err));
  }
  pk.armored = drain(out_raw);
  if (pk.armored.empty()) return io_error("GPGME: key " + fingerprint + " exported empty");
  return pk;
}

}  // namespace bulwark::csaf::detail
