// Internal to the inventory core: applies what files record about components other files deliver
// (package file lists, licence files) once every file has been read. Not included outside
// src/bulwark/extract.
#pragma once

#include <string>
#include <vector>

#include "bulwark/extract/walker.hpp"

namespace bulwark::extract::detail {

struct Facts {
  std::vector<OwnedFiles> owned;
  std::vector<PackageLicenses> licenses;
  std::vector<DeployableFile> deployables;
  std::vector<PackageCreator> creators;
};

// Applied to the assembled inventory:
// - ownership: a binary detection (version strings, ELF .note.package) in a file that an OS
//   package owns is not a component of its own; it becomes evidence on the owning package
//   (property bulwark:evidence:binary, "path: name version") with a version cross-check (a
//   disagreement is a note), and a .note.package name that differs from the owner's source
//   package is noted. Detections in files no package owns stay components.
// - licences: a package without licences takes those recorded for its name, else for its source
//   package, else those of a package built from the same source; unknown names are noted. A
//   licence read by the text fingerprints is marked "fingerprint: <file>" in
//   bulwark:license-evidence and what they could not place is noted. npm/pypi components whose
//   metadata declares no licence take the fingerprint of their licence files when those agree.
// - deployable files: a package whose archive is in the tree (same name, version) gets its
//   SHA-256/SHA-512 as hashes and its file name.
// - creators: an npm component whose record names no supplier takes the author of the installed
//   package of that name and version (node_modules/<name>/package.json), with the file as
//   bulwark:supplier-evidence.
// - TR-03183-2 properties of OS packages: archive / structured, and executable when the package's
//   file list is known.
// - language packages (lockfiles, installed metadata): the ecosystem's registry archive name
//   (npm .tgz, .crate, .gem, .nupkg, Maven .jar, Go module .zip) as file name, archive,
//   structured, non-executable.
// Removed components also leave the dependency graph.
void apply_facts(Sbom& sbom, Facts facts, InventoryReport& report);

// Gives every component an entry in the dependency graph (empty when it has no dependencies).
void complete_graph(Sbom& sbom);

}  // namespace bulwark::extract::detail
