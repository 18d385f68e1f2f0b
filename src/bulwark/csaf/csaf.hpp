// CSAF 2.0 (OASIS Common Security Advisory Framework): security advisories and the VEX profile
// written from the plain structs of model/handling.hpp, CSAF documents read back into VEX
// statements, the provider directory of section 7 (provider-metadata.json, TLP folders, hashes,
// OpenPGP signatures, index.txt, changes.csv) and security.txt (RFC 9116). See docs/csaf.md for
// the mapping of Bulwark analysis states and justifications onto product_status and flags.
//
// Writers validate their input first and fail with an error naming the field at fault; their
// output is deterministic (same input, same bytes: keys sorted, two-space indentation) and meets
// the CSAF 2.0 JSON schema and the mandatory tests (section 6.1). Thread-safe: no shared state.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "bulwark/core/result.hpp"
#include "bulwark/model/handling.hpp"

namespace bulwark::csaf {

// document.tracking.generator.engine.version of the documents Bulwark writes.
inline constexpr std::string_view kGeneratorVersion = "0.1.0";

// A CSAF document of category csaf_security_advisory. Errors name the AdvisoryInput field, e.g.
// "vulnerabilities[0].known_affected[1]: product_id CSAFPID-9 is not defined in products".
Result<std::string> write_advisory(const AdvisoryInput& input);

struct VexCsafOptions {
  std::string tracking_id;          // empty: VexDocument::id
  std::string title;                // empty: "VEX document <tracking id>"
  std::string publisher_name;       // empty: VexDocument::author
  std::string publisher_namespace;  // https URL of the publisher (required)
  std::string publisher_category = "vendor";
  std::string publisher_contact;  // optional contact_details
  std::string lang = "en";
  std::string status = "final";
  std::string summary;  // optional document note (category summary)
  // Dates (RFC 3339); empty: VexDocument::timestamp.
  std::string initial_release_date, current_release_date;
  // Empty: one revision "1" dated current_release_date ("Initial version.").
  std::vector<AdvisoryRevision> revisions;
  std::string tlp = "WHITE";
};

// A CSAF document of category csaf_vex (profile 4.5). One vulnerabilities[] entry per
// vulnerability id; components become full_product_names (purl/CPE helpers), a statement's
// product a branch, and a component inside a product a "default_component_of" relationship.
Result<std::string> write_vex(const VexDocument& doc, const VexCsafOptions& options);

// Reads any CSAF 2.0 document (advisory, VEX, base...) into VEX statements: one statement per
// vulnerability, status group and distinct (product, justification, impact, action) with the
// components named by product_identification_helper purl, else CPE, else the product name.
// `name` (a file name) prefixes error messages, which name the JSON pointer at fault.
Result<VexDocument> read_vex(std::string_view content, std::string_view name);

struct PublishOptions {
  std::string output_dir;     // local folder that is served as https://<host>/.well-known/csaf/
  std::string canonical_url;  // https URL of provider-metadata.json in that folder
  std::string role =
      "csaf_provider";  // or "csaf_trusted_provider" (needs gpg_key), "csaf_publisher"
  bool list_on_aggregators = true;
  bool mirror_on_aggregators = true;
  // Publisher of provider-metadata.json; empty name: the first document's publisher.
  std::string publisher_name, publisher_namespace, publisher_category = "vendor", publisher_contact;
  // Fingerprint of the OpenPGP secret key signing every document (.asc); empty: no signatures.
  std::string gpg_key;
  std::string gnupg_home;  // GNUPGHOME for GPGME; empty: the default
};

// Writes or updates the provider directory of CSAF 2.0 section 7 under options.output_dir:
//   provider-metadata.json
//   openpgp/<FINGERPRINT>.asc             (public key, when signing)
//   <tlp>/index.txt, <tlp>/changes.csv    (all documents of the folder, changes newest first)
//   <tlp>/<YYYY>/<tracking id>.json (+ .sha256, .sha512, .asc)
// where <tlp> is the lower-case TLP label (CLEAR is written as white) and YYYY the year of
// current_release_date. Files are written to a temporary name and renamed; documents already in
// the directory stay (a document with the same file name in another year folder is moved).
Result<void> publish(const std::vector<std::string>& advisory_json_docs,
                     const PublishOptions& options);

// The CSAF file name of a tracking id: lower case, runs of [^+\-a-z0-9] replaced by "_", ".json".
std::string file_name_for(std::string_view tracking_id);

struct SecurityTxtInput {
  std::vector<std::string> contacts;    // mailto:, https:// or tel: URIs (at least one)
  std::string expires;                  // RFC 3339 (required), after `issued`, at most 1 year later
  std::string issued;                   // RFC 3339; empty: now (BULWARK_NOW)
  std::vector<std::string> encryption;  // https:// (or openpgp4fpr:, dns:) key locations
  std::vector<std::string> acknowledgments;      // https://
  std::vector<std::string> preferred_languages;  // "en", "de"
  std::vector<std::string> canonical;            // https:// URLs of this file
  std::vector<std::string> policy;               // https://
  std::vector<std::string> hiring;               // https://
  std::vector<std::string> csaf;  // https:// URLs of provider-metadata.json (CSAF 2.0 7.1.8)
};

// security.txt per RFC 9116 (LF line ends, one field per line). The brief named the return type
// std::string; it is a Result so that missing Contact/Expires and non-https URIs are errors.
Result<std::string> security_txt(const SecurityTxtInput& input);

}  // namespace bulwark::csaf
