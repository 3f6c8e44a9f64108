#pragma once
// Small conveniences over pugixml for writing OOXML parts.

#include <pugixml.hpp>

#include <string>
#include <string_view>

namespace s2d::office {

inline constexpr std::string_view kXmlDeclaration =
    R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?>)";

// A handle on an element that is being written; chains attributes:
//   p.add("w:pPr").add("w:jc").attr("w:val", "center");
class Node {
 public:
  Node(pugi::xml_node node) : node_(node) {}  // NOLINT: implicit by design

  Node add(const char* name) { return node_.append_child(name); }
  // An attribute whose value the renderer chose (names, numbers, ids).
  Node& attr(const char* name, std::string_view value);
  Node& attr(const char* name, long long value);
  Node& attr(const char* name, int value) { return attr(name, static_cast<long long>(value)); }
  // An attribute carrying user text: cleaned of characters XML cannot hold.
  Node& user_attr(const char* name, std::string_view value);
  // Character data carrying user text: cleaned likewise.
  Node& text(std::string_view value);

  pugi::xml_node raw() const { return node_; }

 private:
  pugi::xml_node node_;
};

// One XML part: a document with the standalone declaration Office writes.
class XmlPart {
 public:
  XmlPart();
  Node root(const char* name) { return doc_.append_child(name); }
  std::string str() const;

 private:
  pugi::xml_document doc_;
};

}  // namespace s2d::office
