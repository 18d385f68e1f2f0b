// libFuzzer entry point for the UPnP description reader of `bulwark exposure net` (SSDP LOCATION
// follow-up, exposure/net_probe.hpp): http:// URLs and their resolution, the HTTP response
// carrying the description (Content-Length, chunked, until close), the device description and
// the service description (SCPD). Any input parses or fails with an error naming the field;
// kept values stay printable and bounded, lists stay capped.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "bulwark/exposure/net_probe.hpp"

namespace {
namespace d = bulwark::exposure::detail;

void check_printable(const std::string& v, std::size_t max) {
  if (v.size() > max) std::abort();
  for (char c : v)
    if (static_cast<unsigned char>(c) < 0x20 || static_cast<unsigned char>(c) > 0x7e) std::abort();
}
void check_error(const std::string& message, std::string_view prefix) {
  if (message.find(prefix) != 0) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view in(reinterpret_cast<const char*>(data), size);
  if (auto u = d::parse_http_url(in); u) {
    if (u->port < 1 || u->port > 65535 || u->host.empty() || u->path.empty() || u->path[0] != '/')
      std::abort();
    (void)d::build_http_get(*u);
    if (auto r = d::resolve_http_url(*u, in.substr(in.size() / 2)); r && r->path.empty())
      std::abort();
  } else {
    check_error(u.error().message, "upnp url: ");
  }
  for (bool closed : {false, true}) {
    auto h = d::parse_http_document(in, closed);
    if (!h) {
      check_error(h.error().message, "http: ");
      continue;
    }
    if (*h && ((*h)->body.size() > 64 * 1024 || (*h)->status < 100)) std::abort();
  }
  if (auto desc = d::parse_upnp_description(in); desc) {
    for (const auto* v :
         {&desc->device_type, &desc->friendly_name, &desc->manufacturer, &desc->model_name,
          &desc->model_number, &desc->model_description, &desc->url_base})
      check_printable(*v, 120);
    if (desc->device_types.empty() || desc->device_types.size() > 16) std::abort();
    if (desc->services.size() > 64) std::abort();
    for (const auto& s : desc->services) {
      check_printable(s.type, 120);
      (void)d::upnp_port_mapping_service(s.type);
      (void)d::upnp_short_type(s.type);
    }
  } else {
    check_error(desc.error().message, "upnp description: ");
  }
  if (auto actions = d::parse_upnp_scpd(in); actions) {
    if (actions->size() > 128) std::abort();
    for (const auto& a : *actions) check_printable(a, 120);
  } else {
    check_error(actions.error().message, "upnp scpd: ");
  }
  return 0;
}
