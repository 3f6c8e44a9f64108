#pragma once
// Slide text: the body blocks of a slide as bulleted paragraphs, the sizes
// that make them fit their box, and the DrawingML runs that carry them.
// Internal to the PPTX writer.

#include "renderers/document/model.hpp"
#include "renderers/document/table_measure.hpp"
#include "renderers/ooxml/pptx_parts.hpp"
#include "renderers/ooxml/xml.hpp"

#include <string>
#include <vector>

namespace s2d::office::pptx {

struct TextPara {
  enum class Kind { plain, bullet, number, task, heading, quote, code };
  Kind kind = Kind::plain;
  int level = 0;
  int number = 1;                          // for Kind::number
  bool checked = false;                    // for Kind::task
  const doc::Inlines* inlines = nullptr;
  std::string text;                        // code line or image description, before the inlines
};

struct SlideContent {
  std::vector<TextPara> text;
  std::vector<const doc::Block*> visuals;  // tables and pictures, drawn as their own shapes
};

SlideContent flatten(const std::vector<const doc::Block*>& blocks);

// Estimated height (EMU) of the paragraphs set at `size_pt` in `width` EMU.
long long text_height(const std::vector<TextPara>& paragraphs, double size_pt, long long width);
// The largest body size, at most max_size and at least 12 pt, whose text fits the box.
double fitting_size(const std::vector<TextPara>& paragraphs, const Box& box, double max_size);
// The largest title size, down to 60 % of max_size, that keeps the title within max_lines.
double fitting_title_size(const doc::Inlines& title, const Box& box, double max_size, int max_lines);

struct TableLayout {
  std::vector<long long> column_widths;  // EMU, summing to the box width
  long long row_height = 0;
  double font_size = 0;
  long long cell_margin = 0;  // EMU, left and right of each cell's text
};
// Columns measured in the deck's fonts (table_layout.hpp), text as large as the rows allow.
TableLayout table_layout(const doc::Block& table, const Box& box, doc::TableMeasurer& measurer);

// Where runs get the relationship id of their hyperlink.
class LinkRegistry {
 public:
  virtual std::string hyperlink_id(const std::string& url) = 0;

 protected:
  ~LinkRegistry() = default;
};

// Alignment by reading direction: start is left in English, right in Arabic.
enum class Edge { start, center, end };

class TextWriter {
 public:
  TextWriter(std::string lang, const doc::Fonts& fonts, std::string link_color, bool right_to_left)
      : lang_(std::move(lang)), fonts_(fonts), link_color_(std::move(link_color)), right_to_left_(right_to_left) {}

  // `suffix` follows the title in a lighter weight, e.g. " (2/3)" on continuation slides.
  void write_title(Node text_body, const doc::Inlines& title, const std::string& suffix, double size,
                   const std::string& color, LinkRegistry& links);
  void write_body(Node text_body, const std::vector<TextPara>& paragraphs, double size, const std::string& color,
                  LinkRegistry& links);
  void write_plain(Node text_body, const std::string& text, double size, const std::string& color, Edge align);
  void write_cell(Node cell, const doc::Inlines* inlines, doc::Align align, double size, bool header,
                  const std::string& color, LinkRegistry& links);

 private:
  struct RunLook {
    double size = 18;
    bool bold = false, italic = false;
    std::string color;
    const std::string* font = nullptr;
  };
  void write_runs(Node paragraph, const doc::Inlines& inlines, const RunLook& look, LinkRegistry& links);
  void write_run(Node paragraph, std::string_view text, std::uint8_t style, const RunLook& look,
                 const std::string& link_id);
  Node run_properties(Node parent, const char* name, std::uint8_t style, const RunLook& look,
                      const std::string& link_id);
  void write_paragraph(Node text_body, const TextPara& para, bool first, double size, const std::string& color,
                       LinkRegistry& links);
  // <a:pPr> with the direction and the alignment as DrawingML spells it.
  Node paragraph_properties(Node paragraph, Edge align);

  std::string lang_;
  const doc::Fonts& fonts_;
  std::string link_color_;
  bool right_to_left_;
};

}  // namespace s2d::office::pptx
