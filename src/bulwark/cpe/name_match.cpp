// CPE name matching (NIST IR 7696 section 6): attribute comparison and name comparison.
//
// The attribute relations follow IR 7696 Table 6-2: ANY is a superset of everything, NA only
// equals NA and is disjoint from values, a target with wildcards is undefined, and a source
// value with wildcards is compared with the spec's compareStrings algorithm. That algorithm
// lets a leading/trailing run of n '?' stand for zero to n characters and '*' for any run.
#include <cstddef>
#include <string_view>
#include <vector>

#include "bulwark/cpe/attributes.hpp"
#include "bulwark/cpe/cpe.hpp"

namespace bulwark::cpe {
namespace {

// -1 for '*', else the number of '?'.
long wildcard_span(const std::string& run) {
  if (run == "*") return -1;
  return static_cast<long>(run.size());
}

// IR 7696 compareStrings for a source with wildcards against a literal target.
bool wildcard_matches(const Attr& source, std::string_view target) {
  const long begins = wildcard_span(source.prefix);
  const long ends = wildcard_span(source.suffix);
  const std::string_view body = source.value;
  for (std::size_t pos = target.find(body); pos != std::string_view::npos;
       pos = target.find(body, pos + 1)) {
    if (begins != -1 && static_cast<long>(pos) > begins) return false;
    long leftover = static_cast<long>(target.size() - pos - body.size());
    if (ends == -1 || leftover <= ends) return true;
  }
  return false;
}

}  // namespace

std::string_view to_string(Relation r) {
  switch (r) {
    case Relation::kSuperset:
      return "SUPERSET";
    case Relation::kSubset:
      return "SUBSET";
    case Relation::kEqual:
      return "EQUAL";
    case Relation::kDisjoint:
      return "DISJOINT";
    case Relation::kUndefined:
      break;
  }
  return "UNDEFINED";
}

Relation compare(const Attr& source, const Attr& target) {
  if (target.is_value() && target.has_wildcards()) return Relation::kUndefined;
  if (source == target) return Relation::kEqual;
  if (source.kind == AttrKind::kAny) return Relation::kSuperset;
  if (target.kind == AttrKind::kAny) return Relation::kSubset;
  if (source.kind == AttrKind::kNa || target.kind == AttrKind::kNa) return Relation::kDisjoint;
  if (!source.has_wildcards()) return Relation::kDisjoint;  // two different literals
  return wildcard_matches(source, target.value) ? Relation::kSuperset : Relation::kDisjoint;
}

Relation compare_part(char source, char target) {
  if (source == target) return Relation::kEqual;
  if (source == '*') return Relation::kSuperset;
  if (target == '*') return Relation::kSubset;
  return Relation::kDisjoint;  // NA against a value, or two different parts
}

std::vector<AttributeRelation> compare_names(const Cpe& source, const Cpe& target) {
  std::vector<AttributeRelation> out;
  out.reserve(detail::kAttributes.size() + 1);
  out.push_back({"part", compare_part(source.part, target.part)});
  for (const auto& slot : detail::kAttributes)
    out.push_back({slot.name, compare(source.*slot.member, target.*slot.member)});
  return out;
}

bool matches(const Cpe& criteria, const Cpe& target) {
  auto ok = [](Relation r) { return r == Relation::kSuperset || r == Relation::kEqual; };
  if (!ok(compare_part(criteria.part, target.part))) return false;
  for (const auto& slot : detail::kAttributes)
    if (!ok(compare(criteria.*slot.member, target.*slot.member))) return false;
  return true;
}

}  // namespace bulwark::cpe
