#include "renderers/ooxml/xml.hpp"

#include "renderers/text/sanitize.hpp"

namespace s2d::office {
namespace {

struct StringWriter : pugi::xml_writer {
  std::string out;
  void write(const void* data, size_t size) override { out.append(static_cast<const char*>(data), size); }
};

}  // namespace

Node& Node::attr(const char* name, std::string_view value) {
  node_.append_attribute(name).set_value(value.data(), value.size());
  return *this;
}

Node& Node::attr(const char* name, long long value) {
  node_.append_attribute(name).set_value(value);
  return *this;
}

Node& Node::user_attr(const char* name, std::string_view value) { return attr(name, text::clean(value)); }

Node& Node::text(std::string_view value) {
  const std::string cleaned = text::clean(value);
  node_.append_child(pugi::node_pcdata).set_value(cleaned.data(), cleaned.size());
  return *this;
}

XmlPart::XmlPart() {
  auto declaration = doc_.append_child(pugi::node_declaration);
  declaration.append_attribute("version").set_value("1.0");
  declaration.append_attribute("encoding").set_value("UTF-8");
  declaration.append_attribute("standalone").set_value("yes");
}

std::string XmlPart::str() const {
  StringWriter writer;
  writer.out.reserve(4096);
  doc_.save(writer, "", pugi::format_raw, pugi::encoding_utf8);
  return std::move(writer.out);
}

}  // namespace s2d::office
