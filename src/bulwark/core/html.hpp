// HTML escaping for the documents Bulwark renders itself (CRA documents, the risk assessment
// report): one home for the rule.
#pragma once

#include <string>
#include <string_view>

namespace bulwark {

// Text safe in HTML element content and quoted attribute values: & < > " ' as entities.
std::string html_escape(std::string_view s);

}  // namespace bulwark
