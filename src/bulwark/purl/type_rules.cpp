#include "bulwark/purl/type_rules.hpp"

#include <algorithm>
#include <array>
#include <string>

namespace bulwark::purl::detail {
namespace {

using R = Requirement;
using F = Fold;
using S = Special;

// Sorted by type (checked by the static_assert below). Source: purl-spec types/*-definition.json.
constexpr std::array kRules = {
    TypeRule{"alpm", R::kRequired, F::kLower, F::kLower},
    TypeRule{"apk", R::kRequired, F::kLower, F::kLower},
    TypeRule{"bazel", R::kProhibited},
    TypeRule{"bitbucket", R::kRequired, F::kLower, F::kLower},
    TypeRule{"bitnami", R::kProhibited, F::kKeep, F::kLower},
    TypeRule{"brew", R::kOptional, F::kLower, F::kLower},
    TypeRule{"cargo", R::kProhibited},
    TypeRule{
        "chrome-extension", R::kProhibited, F::kKeep, F::kLower, F::kKeep, {}, S::kChromeExtension},
    TypeRule{"cocoapods", R::kProhibited, F::kKeep, F::kKeep, F::kKeep, {}, S::kCocoapods},
    TypeRule{"composer", R::kRequired, F::kLower, F::kLower},
    TypeRule{"conan", R::kOptional},
    TypeRule{"conda", R::kProhibited},
    TypeRule{"cpan", R::kOptional, F::kUpper, F::kKeep, F::kKeep, {}, S::kCpan},
    TypeRule{"cran", R::kProhibited},
    TypeRule{"deb", R::kRequired, F::kLower, F::kLower},
    TypeRule{"docker", R::kOptional},
    TypeRule{"gem", R::kProhibited},
    TypeRule{"generic", R::kOptional},
    TypeRule{"git", R::kRequired, F::kKeep, F::kKeep, F::kKeep, {}, S::kGit},
    TypeRule{"github", R::kRequired, F::kLower, F::kLower},
    TypeRule{"golang", R::kRequired},
    TypeRule{"hackage", R::kProhibited},
    TypeRule{"hex", R::kOptional, F::kLower, F::kLower},
    TypeRule{"huggingface", R::kRequired, F::kKeep, F::kKeep, F::kLower},
    TypeRule{"julia", R::kProhibited, F::kKeep, F::kKeep, F::kKeep, "uuid"},
    TypeRule{"luarocks", R::kOptional, F::kLower, F::kLower},
    TypeRule{"maven", R::kRequired},
    TypeRule{"mlflow", R::kProhibited, F::kKeep, F::kKeep, F::kKeep, {}, S::kMlflow},
    TypeRule{"npm", R::kOptional},
    TypeRule{"nuget", R::kProhibited},
    TypeRule{"oci", R::kProhibited, F::kKeep, F::kLower, F::kLower},
    TypeRule{"opam", R::kProhibited},
    TypeRule{"otp", R::kProhibited, F::kKeep, F::kLower},
    TypeRule{"pub", R::kProhibited, F::kKeep, F::kLower, F::kKeep, {}, S::kPub},
    TypeRule{"pypi", R::kProhibited, F::kKeep, F::kLower, F::kLower, {}, S::kPypi},
    TypeRule{"qpkg", R::kRequired, F::kLower},
    TypeRule{"rpm", R::kRequired, F::kLower},
    TypeRule{"swid", R::kOptional, F::kKeep, F::kKeep, F::kKeep, "tag_id", S::kSwid},
    TypeRule{"swift", R::kRequired},
    TypeRule{"vcpkg", R::kProhibited},
    TypeRule{"vscode-extension", R::kRequired, F::kLower, F::kLower, F::kLower},
    TypeRule{"yocto", R::kOptional, F::kLower},
};

constexpr bool rule_less(const TypeRule& a, const TypeRule& b) { return a.type < b.type; }
static_assert(std::is_sorted(kRules.begin(), kRules.end(), rule_less),
              "kRules must be sorted by type");

void fold(std::string& s, Fold f) {
  if (f == Fold::kKeep) return;
  for (char& c : s) {
    if (f == Fold::kLower && c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (f == Fold::kUpper && c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }

std::unexpected<Error> type_error(const Purl& p, std::string_view what) {
  return invalid_input("invalid purl: " + std::string(what) + " (type '" + p.type + "')");
}

// Chrome extension ids are 32 letters a-p; versions have 1 to 4 dot-separated numbers.
Result<void> check_chrome_extension(const Purl& p) {
  bool id_ok = p.name.size() == 32 && std::all_of(p.name.begin(), p.name.end(),
                                                  [](char c) { return c >= 'a' && c <= 'p'; });
  if (!id_ok)
    return type_error(p, "name '" + p.name + "' is not a 32-letter extension id (letters a-p)");
  if (p.version.empty()) return {};
  int segments = 0;
  for (std::string_view rest = p.version;;) {
    auto dot = rest.find('.');
    auto seg = rest.substr(0, dot);
    if (seg.empty() || !std::all_of(seg.begin(), seg.end(), is_digit) || ++segments > 4)
      return type_error(p, "version '" + p.version + "' is not 1 to 4 dot-separated numbers");
    if (dot == std::string_view::npos) break;
    rest.remove_prefix(dot + 1);
  }
  return {};
}

Result<void> check_cocoapods(const Purl& p) {
  bool bad = p.name.front() == '.' || p.name.find_first_of(" \t\r\n+") != std::string::npos;
  if (bad)
    return type_error(p, "pod name '" + p.name + "' has whitespace or '+' or starts with '.'");
  return {};
}

Result<void> check_cpan(const Purl& p) {
  if (p.name.find("::") != std::string::npos)
    return type_error(
        p, "name '" + p.name + "' is a module name ('::'); a distribution name is required");
  return {};
}

Result<void> check_swid(const Purl& p) {
  if (std::count(p.ns.begin(), p.ns.end(), '/') > 1)
    return type_error(p, "namespace '" + p.ns + "' has more than two segments (name/regid)");
  return {};
}

// Removes empty '/'-separated segments ("a//b/" becomes "a/b"), as parsing a path would.
void collapse_slashes(std::string& s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    if (c == '/' && (out.empty() || out.back() == '/')) continue;
    out.push_back(c);
  }
  if (!out.empty() && out.back() == '/') out.pop_back();
  s = std::move(out);
}

// git: the namespace is the host alone; the rest of the path belongs to the name. Repository
// paths on GitHub and Bitbucket are case-insensitive and are lower-cased like their own types.
void normalise_git(Purl& p) {
  auto slash = p.ns.find('/');
  if (slash != std::string::npos) {
    p.name = p.ns.substr(slash + 1) + "/" + p.name;
    p.ns.resize(slash);
  }
  collapse_slashes(p.name);
  std::string host = p.ns;
  fold(host, Fold::kLower);
  if (host == "github" || host == "github.com" || host == "bitbucket" || host == "bitbucket.org") {
    fold(p.ns, Fold::kLower);
    fold(p.name, Fold::kLower);
  }
}

// Databricks model registries are case-insensitive (lower-case names); Azure ML and others are not.
void normalise_mlflow(Purl& p) {
  if (p.qualifier("repository_url").find("azuredatabricks.net") != std::string_view::npos)
    fold(p.name, Fold::kLower);
}

// Pub allows only [a-z0-9_]; anything else becomes '_'.
void normalise_pub(Purl& p) {
  for (char& c : p.name) {
    bool ok = (c >= 'a' && c <= 'z') || is_digit(c) || c == '_';
    if (!ok) c = '_';
  }
}

void normalise_pypi(Purl& p) { std::replace(p.name.begin(), p.name.end(), '_', '-'); }

Result<void> check_special(const TypeRule& rule, const Purl& p) {
  switch (rule.special) {
    case Special::kChromeExtension:
      return check_chrome_extension(p);
    case Special::kCocoapods:
      return check_cocoapods(p);
    case Special::kCpan:
      return check_cpan(p);
    case Special::kSwid:
      return check_swid(p);
    default:
      return {};
  }
}

void normalise_special(const TypeRule& rule, Purl& p) {
  switch (rule.special) {
    case Special::kGit:
      return normalise_git(p);
    case Special::kMlflow:
      return normalise_mlflow(p);
    case Special::kPub:
      return normalise_pub(p);
    case Special::kPypi:
      return normalise_pypi(p);
    default:
      return;
  }
}

Result<void> check_rule(const TypeRule& rule, const Purl& p) {
  if (rule.ns == Requirement::kRequired && p.ns.empty())
    return type_error(p, "a namespace is required");
  if (rule.ns == Requirement::kProhibited && !p.ns.empty())
    return type_error(p, "a namespace is not allowed, got '" + p.ns + "'");
  if (!rule.required_qualifier.empty() && p.qualifier(rule.required_qualifier).empty())
    return type_error(p, "qualifier '" + std::string(rule.required_qualifier) + "' is required");
  return check_special(rule, p);
}

// Permissive repair: a required namespace that arrived inside the name ("drupal%2Fcore").
void take_namespace_from_name(const TypeRule& rule, Purl& p) {
  if (rule.ns != Requirement::kRequired || !p.ns.empty()) return;
  auto slash = p.name.rfind('/');
  if (slash == std::string::npos || slash == 0 || slash + 1 == p.name.size()) return;
  p.ns = p.name.substr(0, slash);
  p.name.erase(0, slash + 1);
  collapse_slashes(p.ns);
}

}  // namespace

const TypeRule* find_rule(std::string_view type) {
  auto it = std::lower_bound(kRules.begin(), kRules.end(), type,
                             [](const TypeRule& r, std::string_view t) { return r.type < t; });
  return it != kRules.end() && it->type == type ? &*it : nullptr;
}

Result<void> apply_type_rules(Purl& p, bool check) {
  const TypeRule* rule = find_rule(p.type);
  if (rule == nullptr) return {};
  if (!check) take_namespace_from_name(*rule, p);
  fold(p.ns, rule->ns_fold);
  fold(p.name, rule->name_fold);
  fold(p.version, rule->version_fold);
  if (check)
    if (auto ok = check_rule(*rule, p); !ok) return ok;
  normalise_special(*rule, p);
  return {};
}

}  // namespace bulwark::purl::detail
