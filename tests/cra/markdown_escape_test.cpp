// Markdown drafts escape what comes from input: a product name or a description cannot inject
// HTML, links, emphasis, headings or list items into a report or a document.
#include <gtest/gtest.h>

#include <string>

#include "bulwark/cra/docs.hpp"
#include "bulwark/cra/render_internal.hpp"

namespace bulwark::cra {
namespace {

TEST(CraMarkdown, EscapesInlineMetacharactersAndHtml) {
  EXPECT_EQ(detail::markdown_escape("a *b* _c_ `d` [e](f) | ~g~ \\"),
            "a \\*b\\* \\_c\\_ \\`d\\` \\[e\\](f) \\| \\~g\\~ \\\\");
  EXPECT_EQ(detail::markdown_escape("<script>alert(1)</script> & co"),
            "&lt;script&gt;alert(1)&lt;/script&gt; &amp; co");
  EXPECT_EQ(detail::markdown_escape("plain text, 2.1.0 (ACME) - fine."),
            "plain text, 2.1.0 (ACME) - fine.");
}

TEST(CraMarkdown, EscapesLinesThatWouldOpenBlocks) {
  EXPECT_EQ(detail::markdown_escape("# title"), "\\# title");
  EXPECT_EQ(detail::markdown_escape("x\n- item\n+ item\n  # deep\n==="),
            "x\n\\- item\n\\+ item\n  \\# deep\n\\===");
  EXPECT_EQ(detail::markdown_escape("1. first\n2) second\n2026-01-01\n3.5 kg"),
            "1\\. first\n2\\) second\n2026-01-01\n3.5 kg");
  EXPECT_EQ(detail::markdown_escape("> quote"), "&gt; quote");
}

TEST(CraMarkdown, DocumentValuesFromInputAreEscaped) {
  detail::Document d;
  d.title = "Report: <b>ACME</b>";
  d.preamble = {"Product *X*"};
  d.sections.push_back(
      {"S1",
       "Content",
       {"Made by [evil](https://evil.example)"},
       {{"name", "Name", "x\n# Injected heading\n- injected item"}, {"gap", "Gap", ""}}});
  const std::string md = detail::render_markdown(d);
  EXPECT_EQ(md,
            "# Report: &lt;b&gt;ACME&lt;/b&gt;\n\nProduct \\*X\\*\n\n## S1 Content\n\n"
            "Made by \\[evil\\](https://evil.example)\n\n"
            "- **Name:** x\n  \\# Injected heading\n  \\- injected item\n"
            "- **Gap:** **[TO COMPLETE: Gap]**\n\n");
}

TEST(CraMarkdown, RenderedDocumentEscapesTheManufacturer) {
  DocFacts f;
  f.manufacturer_name = "ACME <img src=x onerror=alert(1)> *Labs*";
  f.product_name = "router";
  f.declaration_url = "https://acme.example/doc";
  const std::string md =
      render_document(DocumentKind::kSimplifiedDeclaration, f, DocFormat::kMarkdown);
  EXPECT_EQ(md.find("<img"), std::string::npos) << md;
  EXPECT_NE(md.find("ACME &lt;img src=x onerror=alert(1)&gt; \\*Labs\\*"), std::string::npos) << md;
}

}  // namespace
}  // namespace bulwark::cra
