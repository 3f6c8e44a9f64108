// libFuzzer entry for the Office template merge: tags placed at random in a
// real DOCX, XLSX or PPTX (written once by s2d's own OOXML writers from a
// document with paragraphs, a list, a table and a chart whose title is a
// {{chart}} tag), then validate + merge.
//
// Input layout: byte 0 picks the kind; then pairs of bytes (where, what):
// `where` picks a text element of the main part and a position in it, `what`
// picks a fragment from a list of tags and pieces of tags (block tags, else,
// images, markdown, smart quotes, stray braces, raw triple braces) or, for
// values >= the list's size, the following bytes up to a NUL as literal text.
// Whatever the placement, a merge must end in bytes or a structured error,
// and merged bytes must be a package whose main part is well-formed XML.
#include "core/crypto.hpp"
#include "renderers/office_template/office_template.hpp"
#include "renderers/ooxml/zip_writer.hpp"
#include "renderers/render.hpp"

#include <pugixml.hpp>
#include <zip.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <map>
#include <set>
#include <string>
#include <vector>

namespace {

namespace ot = s2d::office_template;

const char* const kFragments[] = {
    "{{name}}", "{{#each items}}", "{{/each}}", "{{#if yes}}", "{{else}}", "{{/if}}", "{{#unless no}}",
    "{{/unless}}", "{{#with customer}}", "{{/with}}", "{{price}}", "{{@index}}", "{{../name}}", "{{pagebreak}}",
    "{{image logo width=\"2cm\"}}", "{{markdown notes}}", "{{", "}}", "{", "}", "{{{name}}}", "\xE2\x80\x9C",
    "{{#if (eq name \xE2\x80\x9C" "a\xE2\x80\x9D)}}", "{{!comment}}", "{{> partial}}", "{{=<% %>=}}", "{{^}}",
    "{{#items}}", "{{/items}}", "\n", "{{lines}}", "{{date day \"long\"}}", "{{missing}}", "{{^no}}", "{{/no}}",
    "{{#each items}}{{name}}{{/each}}", "{{lookup ../items @index}}", "{{#each @root.items}}", "{{chart revenue}}",
    "{{image photo}}", "{{#each items}}{{image pic}}{{/each}}",
};
constexpr std::size_t kFragmentCount = sizeof(kFragments) / sizeof(kFragments[0]);

const nlohmann::json& data() {
  static const nlohmann::json value = nlohmann::json::parse(R"({
    "name": "Ann <&>", "yes": true, "no": false, "price": 2.5, "day": "2026-05-13", "lines": "a\nb\tc",
    "logo": "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVQI12P4z8AAAAMBAQBkuGI1AAAAAElFTkSuQmCC",
    "notes": "**bold** and *it*\n\n- one\n- two", "photo": "https://img.example/p.png",
    "customer": {"name": "Cust"}, "revenue": [{"label": "Q1", "values": [1, 2, 3]}, {"label": "Q2", "values": [null, "4"]}], "items": [{"name": "i1", "price": 1, "pic": "https://img.example/a.png"},
              {"name": "i2", "price": 2, "pic": "https://img.example/b.png"},
              {"name": "i3", "pic": "https://img.example/a.png"}]
  })");
  return value;
}

const std::string& pixel() {
  static const std::string bytes = [] {
    std::string decoded;
    if (!s2d::crypto::base64_decode(std::string(data()["logo"]).substr(22), &decoded)) std::abort();
    return decoded;
  }();
  return bytes;
}

struct Package {
  std::map<std::string, std::string> parts;
  std::string main;
};

Package read_package(const std::string& bytes) {
  Package package;
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* source = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &error);
  zip_t* archive = zip_open_from_source(source, ZIP_RDONLY, &error);
  if (!archive) std::abort();
  for (zip_int64_t i = 0; i < zip_get_num_entries(archive, 0); ++i) {
    zip_stat_t stat;
    zip_stat_index(archive, static_cast<zip_uint64_t>(i), 0, &stat);
    zip_file_t* file = zip_fopen_index(archive, static_cast<zip_uint64_t>(i), 0);
    std::string content(stat.size, '\0');
    zip_fread(file, content.data(), stat.size);
    zip_fclose(file);
    package.parts[stat.name] = std::move(content);
  }
  zip_discard(archive);
  zip_error_fini(&error);
  return package;
}

// Word notes for the fuzzed tags to land around: a paragraph anchoring a
// comment and a footnote, so loops copy them (and the merge copies the notes).
void add_notes(Package* package) {
  const std::string w = "xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"";
  const std::string rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/";
  const std::string ct = "application/vnd.openxmlformats-officedocument.wordprocessingml.";
  auto& document = package->parts.at("word/document.xml");
  document.insert(document.find("<w:body>") + 8,
                  "<w:p><w:commentRangeStart w:id=\"7\"/><w:r><w:t>Noted text</w:t></w:r><w:commentRangeEnd w:id=\"7\"/>"
                  "<w:r><w:commentReference w:id=\"7\"/></w:r><w:r><w:footnoteReference w:id=\"1\"/></w:r></w:p>");
  package->parts["word/comments.xml"] = "<w:comments " + w + "><w:comment w:id=\"7\" w:author=\"R\"><w:p><w:r>"
                                        "<w:t>A comment</w:t></w:r></w:p></w:comment></w:comments>";
  package->parts["word/footnotes.xml"] = "<w:footnotes " + w + "><w:footnote w:id=\"1\"><w:p><w:r><w:t>A note</w:t>"
                                         "</w:r></w:p></w:footnote></w:footnotes>";
  auto& rels = package->parts.at("word/_rels/document.xml.rels");
  rels.insert(rels.rfind("</Relationships>"), "<Relationship Id=\"rIdC9\" Type=\"" + rel +
                                                  "comments\" Target=\"comments.xml\"/><Relationship Id=\"rIdF9\" "
                                                  "Type=\"" + rel + "footnotes\" Target=\"footnotes.xml\"/>");
  auto& types = package->parts.at("[Content_Types].xml");
  types.insert(types.rfind("</Types>"), "<Override PartName=\"/word/comments.xml\" ContentType=\"" + ct +
                                            "comments+xml\"/><Override PartName=\"/word/footnotes.xml\" "
                                            "ContentType=\"" + ct + "footnotes+xml\"/>");
}

// Every row of every table fills the table's grid exactly, however column
// loops grew or removed columns, and no marker of the merge is left.
bool tables_fill_their_grids(const Package& output) {
  const std::string& main = output.parts.at("word/document.xml");
  if (main.find("<s2d:") != std::string::npos) return false;
  pugi::xml_document xml;
  xml.load_buffer(main.data(), main.size());
  for (auto table : xml.select_nodes("//w:tbl")) {
    const auto columns = table.node().child("w:tblGrid").select_nodes("w:gridCol").size();
    for (auto row : table.node().children("w:tr")) {
      std::size_t filled = row.child("w:trPr").child("w:gridBefore").attribute("w:val").as_uint(0);
      for (auto cell : row.children("w:tc"))
        filled += cell.child("w:tcPr").child("w:gridSpan").attribute("w:val").as_uint(1);
      if (filled != columns) return false;
    }
  }
  return true;
}

// Every comment and footnote the merged document anchors is in its notes part.
bool notes_resolve(const Package& output) {
  auto ids = [&](const char* part, const char* element) {
    std::set<std::string> found;
    auto it = output.parts.find(part);
    if (it == output.parts.end()) return found;
    pugi::xml_document xml;
    xml.load_buffer(it->second.data(), it->second.size());
    for (auto node : xml.select_nodes((std::string("//") + element).c_str())) found.insert(node.node().attribute("w:id").value());
    return found;
  };
  const auto comments = ids("word/comments.xml", "w:comment"), footnotes = ids("word/footnotes.xml", "w:footnote");
  for (const auto& id : ids("word/document.xml", "w:commentReference"))
    if (!comments.count(id)) return false;
  for (const auto& id : ids("word/document.xml", "w:footnoteReference"))
    if (!footnotes.count(id)) return false;
  return true;
}

const Package& base(int kind) {
  static std::map<int, Package> packages;
  auto found = packages.find(kind);
  if (found != packages.end()) return found->second;
  static const char* formats[] = {"docx", "xlsx", "pptx"};
  static const char* mains[] = {"word/document.xml", "xl/worksheets/sheet1.xml", "ppt/slides/slide2.xml"};
  s2d::render::Request request;
  request.source =
      "# Report\n\nDear customer, this is the first paragraph.\n\n1. first step\n2. second step\n\n"
      "| Item | Price |\n|---|---|\n| one | 1 |\n| two | 2 |\n\n---\n\n# Second\n\nClosing words.\n\n"
      "```chart\ntype: column\ntitle: {{o}}chart revenue{{c}}\ndata: rows\nx: q\ny: [a, b]\n```\n\n"
      "```notes\nspeaker notes\n```\n";
  request.data = {{"o", "{{"}, {"c", "}}"}, {"rows", {{{"q", "Q1"}, {"a", 1}, {"b", 2}}}}};
  request.formats = {formats[kind]};
  request.deterministic = true;
  auto result = s2d::render::render(request);
  if (result.error) std::abort();
  Package package = read_package(result.outputs.front().bytes);
  package.main = mains[kind];
  if (kind == 0) add_notes(&package);
  return packages.emplace(kind, std::move(package)).first->second;
}

void collect_texts(pugi::xml_node node, std::vector<pugi::xml_node>* out) {
  for (auto child : node.children()) {
    if (child.type() != pugi::node_element) continue;
    const std::string_view name = child.name();
    if (name == "w:t" || name == "a:t" || name == "t") out->push_back(child);
    collect_texts(child, out);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* bytes, std::size_t size) {
  if (size < 1) return 0;
  const int kind = bytes[0] % 3;
  const Package& template_package = base(kind);
  pugi::xml_document document;
  const std::string& main = template_package.parts.at(template_package.main);
  document.load_buffer(main.data(), main.size(), pugi::parse_default | pugi::parse_ws_pcdata_single);
  std::vector<pugi::xml_node> texts;
  collect_texts(document, &texts);
  if (texts.empty()) return 0;
  for (std::size_t i = 1; i + 1 < size && i < 200;) {
    auto target = texts[bytes[i] % texts.size()];
    std::string text = target.text().get();
    const std::size_t at = text.empty() ? 0 : (bytes[i] / texts.size()) % (text.size() + 1);
    std::string fragment;
    const std::size_t what = bytes[i + 1];
    i += 2;
    if (what < kFragmentCount) {
      fragment = kFragments[what];
    } else {
      while (i < size && bytes[i] != 0 && fragment.size() < 64) fragment += static_cast<char>(bytes[i++]);
      ++i;
    }
    text.insert(at, fragment);
    target.text().set(text.c_str());
  }
  struct Writer : pugi::xml_writer {
    std::string out;
    void write(const void* data, std::size_t length) override { out.append(static_cast<const char*>(data), length); }
  } writer;
  document.save(writer, "", pugi::format_raw);

  s2d::office::ZipWriter zip(true);
  for (const auto& [name, content] : template_package.parts)
    zip.add(name, name == template_package.main ? writer.out : content);
  const std::string package = zip.finish();

  static const ot::Kind kinds[] = {ot::Kind::docx, ot::Kind::xlsx, ot::Kind::pptx};
  auto validation = ot::validate(package, kinds[kind]);
  ot::Options options;
  options.limits.max_output_bytes = 4u << 20;
  options.limits.max_iterations = 10000;
  // The https pictures a merge names: only https URLs, each once; given them (as the server does after
  // fetching), the merge never fails for want of one.
  const auto urls = ot::remote_image_urls(package, kinds[kind], data(), options);
  std::vector<s2d::render::Asset> fetched;
  for (const auto& url : urls) {
    if (url.rfind("https://", 0) != 0) std::abort();
    for (const auto& earlier : fetched)
      if (earlier.name == url) std::abort();
    fetched.push_back({url, "image/png", pixel()});
  }
  options.assets = &fetched;
  auto merged = ot::merge(package, kinds[kind], data(), options);
  if (validation.error && !merged.error) std::abort();   // what validation refuses never merges
  if (merged.error && merged.error->code == "image_unavailable") std::abort();
  if (merged.error) return 0;
  // The base package links nothing outside itself, and no tag may make it (LibreOffice would fetch it for PDF).
  if (ot::find_external_load(package) || ot::find_external_load(merged.bytes)) std::abort();
  const Package output = read_package(merged.bytes);
  if (kind == 0 && (!notes_resolve(output) || !tables_fill_their_grids(output))) std::abort();
  for (const auto& [name, content] : output.parts) {
    if (name.size() < 4 || name.compare(name.size() - 4, 4, ".xml") != 0) continue;
    pugi::xml_document check;
    if (!check.load_buffer(content.data(), content.size())) std::abort();
    // A DOCX or PPTX chart's tag is consumed by the merge (XLSX charts read their sheet's cells and are kept);
    // the data holds no braces to bring one back.
    if (kind != 1 && name.find("/charts/chart") != std::string::npos && content.find("{{") != std::string::npos)
      std::abort();
  }
  return 0;
}
