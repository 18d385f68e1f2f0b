// The UPnP device description reader of `bulwark exposure net` (net_probe.hpp): http:// URLs of
// SSDP LOCATION headers, the HTTP response carrying the description, the description and
// service (SCPD) documents. Bounded: 64 KiB documents, no DOCTYPE, a nesting limit, capped lists.
#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <pugixml.hpp>
#include <utility>

#include "bulwark/exposure/net_probe.hpp"

namespace bulwark::exposure::detail {
namespace {

constexpr std::size_t kMaxUrl = 1024;
constexpr std::size_t kMaxHeaders = 8 * 1024;
constexpr std::size_t kMaxHeaderLines = 64;
constexpr std::size_t kMaxDocument = 64 * 1024;
constexpr int kMaxDepth = 32;
constexpr std::size_t kMaxDevices = 16, kMaxServices = 64, kMaxActions = 128;
constexpr std::size_t kMaxField = 120;

bool printable(std::string_view v) {
  return std::all_of(v.begin(), v.end(), [](char c) {
    auto u = static_cast<unsigned char>(c);
    return u > 0x20 && u < 0x7f;
  });
}

std::string clean(std::string_view v) {
  while (!v.empty() &&
         (v.front() == ' ' || v.front() == '\t' || v.front() == '\r' || v.front() == '\n'))
    v.remove_prefix(1);
  while (!v.empty() &&
         (v.back() == ' ' || v.back() == '\t' || v.back() == '\r' || v.back() == '\n'))
    v.remove_suffix(1);
  std::string out;
  for (char c : v) {
    if (out.size() >= kMaxField) break;
    auto u = static_cast<unsigned char>(c);
    out += (u >= 0x20 && u < 0x7f) ? c : '?';
  }
  return out;
}

std::string lower(std::string_view v) {
  std::string out(v);
  for (auto& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

// The element's name without a namespace prefix.
std::string_view local_name(const pugi::xml_node& n) {
  std::string_view name = n.name();
  auto colon = name.find(':');
  return colon == std::string_view::npos ? name : name.substr(colon + 1);
}

std::string child_text(const pugi::xml_node& n, std::string_view name) {
  for (auto c = n.first_child(); c; c = c.next_sibling())
    if (c.type() == pugi::node_element && local_name(c) == name) return clean(c.child_value());
  return {};
}

// Parses `xml` (size and DOCTYPE checked) and checks the nesting depth without recursion.
Result<void> load(pugi::xml_document& doc, std::string_view xml, std::string_view what) {
  if (xml.size() > kMaxDocument)
    return invalid_input(fmt::format("{}: {} bytes over the 64 KiB limit", what, xml.size()));
  if (lower(xml).find("<!doctype") != std::string::npos)
    return invalid_input(fmt::format("{}: DOCTYPE not accepted (no entities)", what));
  auto r = doc.load_buffer(xml.data(), xml.size(), pugi::parse_default & ~pugi::parse_doctype);
  if (!r)
    return invalid_input(
        fmt::format("{}: XML error at byte {}: {}", what, r.offset, r.description()));
  // Depth: an explicit walk (first child, next sibling, parent).
  int depth = 0;
  for (pugi::xml_node n = doc.first_child(); n;) {
    if (n.first_child()) {
      n = n.first_child();
      if (++depth > kMaxDepth)
        return invalid_input(fmt::format("{}: elements nested deeper than {}", what, kMaxDepth));
      continue;
    }
    while (n && !n.next_sibling()) {
      n = n.parent();
      --depth;
      if (n == doc) return {};
    }
    if (n) n = n.next_sibling();
  }
  return {};
}

// Every element named `name` in document order, walked without recursion, up to `max`.
template <class F>
void each_element(const pugi::xml_node& top, std::string_view name, std::size_t max, F f) {
  std::size_t seen = 0;
  for (pugi::xml_node n = top.first_child(); n && seen < max;) {
    if (n.type() == pugi::node_element && local_name(n) == name) {
      ++seen;
      f(n);
    }
    if (n.first_child()) {
      n = n.first_child();
      continue;
    }
    while (n && n != top && !n.next_sibling()) n = n.parent();
    if (!n || n == top) break;
    n = n.next_sibling();
  }
}

}  // namespace

Result<HttpUrl> parse_http_url(std::string_view url) {
  if (url.size() > kMaxUrl) return invalid_input("upnp url: longer than 1024 bytes");
  if (!printable(url)) return invalid_input("upnp url: not printable");
  if (lower(url.substr(0, 7)) != "http://") return invalid_input("upnp url: not an http:// URL");
  url.remove_prefix(7);
  auto end = url.find_first_of("/?#");
  std::string_view authority = url.substr(0, end);
  std::string_view rest = end == std::string_view::npos ? std::string_view() : url.substr(end);
  if (authority.find('@') != std::string_view::npos)
    return invalid_input("upnp url: userinfo not accepted");
  HttpUrl out;
  std::string_view port;
  if (!authority.empty() && authority[0] == '[') {
    auto close = authority.find(']');
    if (close == std::string_view::npos) return invalid_input("upnp url: unclosed '[' in host");
    out.host = std::string(authority.substr(1, close - 1));
    std::string_view after = authority.substr(close + 1);
    if (!after.empty()) {
      if (after[0] != ':') return invalid_input("upnp url: junk after the IPv6 address");
      port = after.substr(1);
    }
  } else {
    auto colon = authority.find(':');
    out.host = std::string(authority.substr(0, colon));
    if (colon != std::string_view::npos) port = authority.substr(colon + 1);
  }
  if (out.host.empty()) return invalid_input("upnp url: empty host");
  if (!port.empty()) {
    int p = 0;
    auto [ptr, ec] = std::from_chars(port.data(), port.data() + port.size(), p);
    if (ec != std::errc() || ptr != port.data() + port.size() || p < 1 || p > 65535)
      return invalid_input("upnp url: port '" + std::string(port) + "' not in 1..65535");
    out.port = p;
  }
  if (auto hash = rest.find('#'); hash != std::string_view::npos) rest = rest.substr(0, hash);
  if (!rest.empty() && rest[0] == '?')
    out.path = "/" + std::string(rest);
  else
    out.path = rest.empty() ? "/" : std::string(rest);
  return out;
}

Result<HttpUrl> resolve_http_url(const HttpUrl& base, std::string_view ref) {
  if (ref.size() > kMaxUrl) return invalid_input("upnp url: longer than 1024 bytes");
  if (!printable(ref)) return invalid_input("upnp url: not printable");
  if (ref.empty()) return invalid_input("upnp url: empty reference");
  if (lower(ref.substr(0, 7)) == "http://") return parse_http_url(ref);
  if (ref.find("://") != std::string_view::npos)
    return invalid_input("upnp url: not an http:// URL");
  HttpUrl out = base;
  if (ref[0] == '/') {
    out.path = std::string(ref);
  } else {
    auto dir = base.path.substr(0, base.path.rfind('/') + 1);
    out.path = (dir.empty() ? "/" : dir) + std::string(ref);
  }
  return out;
}

std::string build_http_get(const HttpUrl& url) {
  const bool v6 = url.host.find(':') != std::string::npos;
  return fmt::format(
      "GET {} HTTP/1.0\r\nHost: {}{}{}:{}\r\nConnection: close\r\nUser-Agent: "
      "bulwark-exposure\r\n\r\n",
      url.path, v6 ? "[" : "", url.host, v6 ? "]" : "", url.port);
}

Result<std::optional<HttpDocument>> parse_http_document(std::string_view data, bool closed) {
  using R = std::optional<HttpDocument>;
  auto head_end = data.find("\r\n\r\n");
  std::size_t sep = 4;
  if (auto lf = data.find("\n\n"); lf != std::string_view::npos && lf < head_end) {
    head_end = lf;
    sep = 2;
  }
  if (head_end == std::string_view::npos) {
    if (data.size() > kMaxHeaders) return invalid_input("http: headers over 8 KiB");
    if (closed) return invalid_input("http: the connection closed inside the headers");
    return R{};
  }
  if (head_end > kMaxHeaders) return invalid_input("http: headers over 8 KiB");
  std::string_view head = data.substr(0, head_end), body = data.substr(head_end + sep);
  HttpDocument out;
  std::size_t lines = 0;
  std::optional<std::size_t> length;
  bool chunked = false;
  while (!head.empty()) {
    auto nl = head.find('\n');
    std::string_view line = head.substr(0, nl);
    head = nl == std::string_view::npos ? std::string_view() : head.substr(nl + 1);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (++lines > kMaxHeaderLines) return invalid_input("http: more than 64 header lines");
    if (lines == 1) {
      if (!line.starts_with("HTTP/1.") || line.size() < 12 || line[8] != ' ')
        return invalid_input("http: status line '" + clean(line) + "' is not HTTP/1.x NNN");
      auto code = line.substr(9, 3);
      auto [ptr, ec] = std::from_chars(code.data(), code.data() + 3, out.status);
      if (ec != std::errc() || ptr != code.data() + 3 || out.status < 100)
        return invalid_input("http: status line '" + clean(line) + "' has no status code");
      continue;
    }
    auto colon = line.find(':');
    if (colon == std::string_view::npos)
      return invalid_input(fmt::format("http: header line {} has no ':'", lines));
    auto name = lower(line.substr(0, colon));
    auto value = clean(line.substr(colon + 1));
    if (name == "content-length") {
      std::size_t n = 0;
      auto [ptr, ec] = std::from_chars(value.data(), value.data() + value.size(), n);
      if (ec != std::errc() || ptr != value.data() + value.size() || value.empty())
        return invalid_input("http: Content-Length '" + value + "' is not a number");
      if (n > kMaxDocument) return invalid_input("http: Content-Length over 64 KiB");
      length = n;
    } else if (name == "transfer-encoding") {
      chunked = lower(value).find("chunked") != std::string::npos;
    }
  }
  if (chunked) {
    std::string decoded;
    std::string_view rest = body;
    for (;;) {
      auto nl = rest.find("\r\n");
      if (nl == std::string_view::npos) {
        if (rest.size() > 32) return invalid_input("http: chunk size line over 32 bytes");
        return closed ? Result<R>(invalid_input("http: the connection closed inside a chunk"))
                      : Result<R>(R{});
      }
      std::string_view size_text = rest.substr(0, nl);
      if (auto semi = size_text.find(';'); semi != std::string_view::npos)
        size_text = size_text.substr(0, semi);
      std::size_t n = 0;
      auto [ptr, ec] =
          std::from_chars(size_text.data(), size_text.data() + size_text.size(), n, 16);
      if (size_text.empty() || ec != std::errc() || ptr != size_text.data() + size_text.size())
        return invalid_input("http: chunk size '" + clean(size_text) + "' is not hexadecimal");
      if (n > kMaxDocument || decoded.size() + n > kMaxDocument)
        return invalid_input("http: chunked body over 64 KiB");
      rest.remove_prefix(nl + 2);
      if (n == 0) break;
      if (rest.size() < n + 2)
        return closed ? Result<R>(invalid_input("http: the connection closed inside a chunk"))
                      : Result<R>(R{});
      decoded.append(rest.substr(0, n));
      if (rest.substr(n, 2) != "\r\n") return invalid_input("http: chunk not followed by CRLF");
      rest.remove_prefix(n + 2);
    }
    out.body = std::move(decoded);
    return R(std::move(out));
  }
  if (length) {
    if (body.size() < *length)
      return closed ? Result<R>(invalid_input(
                          fmt::format("http: the connection closed after {} of {} body bytes",
                                      body.size(), *length)))
                    : Result<R>(R{});
    out.body = std::string(body.substr(0, *length));
    return R(std::move(out));
  }
  if (body.size() > kMaxDocument) return invalid_input("http: body over 64 KiB");
  if (!closed) return R{};
  out.body = std::string(body);
  return R(std::move(out));
}

Result<UpnpDescription> parse_upnp_description(std::string_view xml) {
  pugi::xml_document doc;
  if (auto l = load(doc, xml, "upnp description"); !l) return std::unexpected(l.error());
  pugi::xml_node root = doc.document_element();
  if (!root || local_name(root) != "root")
    return invalid_input("upnp description: the document element is not <root>");
  pugi::xml_node device;
  for (auto c = root.first_child(); c; c = c.next_sibling())
    if (c.type() == pugi::node_element && local_name(c) == "device") {
      device = c;
      break;
    }
  if (!device) return invalid_input("upnp description: no <device> in <root>");
  UpnpDescription out;
  out.url_base = child_text(root, "URLBase");
  out.device_type = child_text(device, "deviceType");
  out.friendly_name = child_text(device, "friendlyName");
  out.manufacturer = child_text(device, "manufacturer");
  out.model_name = child_text(device, "modelName");
  out.model_number = child_text(device, "modelNumber");
  out.model_description = child_text(device, "modelDescription");
  out.device_types.push_back(out.device_type);
  each_element(device, "device", kMaxDevices - 1, [&](const pugi::xml_node& d) {
    out.device_types.push_back(child_text(d, "deviceType"));
  });
  auto add_services = [&](const pugi::xml_node& d) {
    for (auto list = d.first_child(); list; list = list.next_sibling()) {
      if (list.type() != pugi::node_element || local_name(list) != "serviceList") continue;
      for (auto s = list.first_child(); s && out.services.size() < kMaxServices;
           s = s.next_sibling()) {
        if (s.type() != pugi::node_element || local_name(s) != "service") continue;
        out.services.push_back({child_text(s, "serviceType"), child_text(s, "serviceId"),
                                child_text(s, "controlURL"), child_text(s, "SCPDURL")});
      }
    }
  };
  add_services(device);
  each_element(device, "device", kMaxDevices - 1, add_services);
  return out;
}

Result<std::vector<std::string>> parse_upnp_scpd(std::string_view xml) {
  pugi::xml_document doc;
  if (auto l = load(doc, xml, "upnp scpd"); !l) return std::unexpected(l.error());
  pugi::xml_node root = doc.document_element();
  if (!root || local_name(root) != "scpd")
    return invalid_input("upnp scpd: the document element is not <scpd>");
  std::vector<std::string> out;
  for (auto list = root.first_child(); list; list = list.next_sibling()) {
    if (list.type() != pugi::node_element || local_name(list) != "actionList") continue;
    for (auto a = list.first_child(); a && out.size() < kMaxActions; a = a.next_sibling())
      if (a.type() == pugi::node_element && local_name(a) == "action") {
        auto name = child_text(a, "name");
        if (!name.empty()) out.push_back(std::move(name));
      }
  }
  return out;
}

bool upnp_port_mapping_service(std::string_view type) {
  auto short_type = upnp_short_type(type);
  return short_type.starts_with("WANIPConnection:") ||
         short_type.starts_with("WANPPPConnection:") ||
         short_type.starts_with("WANIPv6FirewallControl:");
}

std::string upnp_short_type(std::string_view type) {
  // urn:schemas-upnp-org:service:NAME:V -> NAME:V
  for (std::string_view kind : {":service:", ":device:"}) {
    auto at = type.find(kind);
    if (at != std::string_view::npos) return std::string(type.substr(at + kind.size()));
  }
  return std::string(type);
}

}  // namespace bulwark::exposure::detail
