#pragma once
// PresentationML pieces shared by the slide writer and the fixed parts
// (theme, master, layouts, notes master). Internal to the PPTX writer.

#include "renderers/document/model.hpp"
#include "renderers/ooxml/xml.hpp"

#include <string>

namespace s2d::office::pptx {

inline constexpr const char* kPresentationNs = "http://schemas.openxmlformats.org/presentationml/2006/main";
inline constexpr const char* kDrawingNs = "http://schemas.openxmlformats.org/drawingml/2006/main";
inline constexpr const char* kRelationshipsNs = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

void declare_namespaces(Node root);

struct Box {
  long long x = 0, y = 0, cx = 0, cy = 0;  // EMU
  long long bottom() const { return y + cy; }
  long long right() const { return x + cx; }
};

struct SlideSize {
  long long cx = 12192000, cy = 6858000;  // 16:9; 4:3 is 9144000 x 6858000
};

// <p:spTree> with its mandatory group properties.
Node add_shape_tree(Node common_slide_data);
// <a:xfrm> (or <p:xfrm> for graphic frames) placing a shape.
void add_transform(Node parent, const char* name, const Box& box);
// A placeholder shape (title, body, ...) without text yet; returns p:sp.
Node add_placeholder(Node tree, int id, const std::string& name, const char* type, int index, const Box& box);
// The theme's colors and fonts come from the document.
std::string theme_xml(const doc::Document& document, const char* name);
std::string slide_master_xml(const SlideSize& size);
std::string title_layout_xml(const SlideSize& size);
std::string content_layout_xml(const SlideSize& size);
std::string notes_master_xml();
std::string presentation_properties_xml();
std::string view_properties_xml();
std::string table_styles_xml();

// The boxes every writer agrees on.
Box title_box(const SlideSize& size);
Box body_box(const SlideSize& size);

}  // namespace s2d::office::pptx
