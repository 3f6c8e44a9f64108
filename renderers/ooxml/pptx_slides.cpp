#include "renderers/ooxml/pptx_slides.hpp"

#include "renderers/ooxml/geometry.hpp"
#include "renderers/ooxml/pptx_text.hpp"
#include "renderers/text/sanitize.hpp"

#include <algorithm>
#include <cctype>

namespace s2d::office::pptx {
namespace {

using doc::Block;
using Kind = doc::Block::Kind;

constexpr long long kGap = kEmuPerInch / 5;
// Sizes content is measured at when deciding whether it fits: below these
// a slide is better continued than shrunk.
constexpr double kReadableTextPt = 16, kReadableTablePt = 12;

void add_notes(Slide& slide, const std::string& text) {
  std::size_t start = 0;
  while (start <= text.size()) {
    const auto end = std::min(text.find('\n', start), text.size());
    const std::string line = text.substr(start, end - start);
    if (!line.empty()) slide.notes.push_back(line);
    start = end + 1;
  }
}

// "Notes: ..." (any case) opens the speaker notes of a slide.
bool opens_notes(const Block& block, std::string* rest) {
  if (block.kind != Kind::paragraph) return false;
  const std::string text = text::plain_text(block.inlines);
  static constexpr std::string_view kPrefix = "notes:";
  if (text.size() < kPrefix.size()) return false;
  for (std::size_t i = 0; i < kPrefix.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(text[i])) != kPrefix[i]) return false;
  const auto first = text.find_first_not_of(' ', kPrefix.size());
  *rest = first == std::string::npos ? std::string() : text.substr(first);
  return true;
}

bool is_text_only(const Block* block) { return block->kind == Kind::paragraph || block->kind == Kind::heading; }

class SlideSplitter {
 public:
  std::vector<Slide> split(const doc::Blocks& blocks) {
    slides_.emplace_back();
    add(blocks);
    if (slides_.size() > 1 && slides_.back().empty()) slides_.pop_back();
    for (std::size_t i = 0; i < slides_.size(); ++i) {
      Slide& slide = slides_[i];
      // The opening and closing slides, when they hold a title and a few
      // lines, get the title design; so does a slide with only a title.
      const bool bookend = i == 0 || i + 1 == slides_.size();
      const bool short_text = slide.body.size() <= 3 && std::all_of(slide.body.begin(), slide.body.end(), is_text_only);
      slide.title_style = slide.title && (slide.body.empty() || (bookend && short_text));
    }
    return std::move(slides_);
  }

 private:
  void add(const doc::Blocks& blocks) {
    for (const auto& block : blocks) add(block);
  }

  void add(const Block& block) {
    Slide& slide = slides_.back();
    std::string rest;
    if (block.kind == Kind::rule || block.kind == Kind::page_break) {
      if (!slide.empty()) slides_.emplace_back();
      in_notes_ = false;
    } else if (block.kind == Kind::notes || in_notes_) {
      add_notes(slide, text::plain_text(block));
    } else if (opens_notes(block, &rest)) {
      in_notes_ = true;
      add_notes(slide, rest);
    } else if (block.kind == Kind::keep_together) {
      add(block.children);
    } else if (block.kind == Kind::heading && !slide.title) {
      slide.title = &block.inlines;
    } else {
      slide.body.push_back(&block);
    }
  }

  std::vector<Slide> slides_;
  bool in_notes_ = false;
};

// Splits slides whose content is taller than the body area.
class SlideFitter {
 public:
  SlideFitter(const SlideSize& size, std::deque<Block>& table_parts)
      : region_(body_box(size)), table_parts_(table_parts) {}

  std::vector<Slide> fit(std::vector<Slide> slides) {
    std::vector<Slide> out;
    for (auto& slide : slides) {
      if (slide.title_style) {
        out.push_back(std::move(slide));
        continue;
      }
      const std::size_t first = out.size();
      fit_slide(std::move(slide), out);
      const int parts = static_cast<int>(out.size() - first);
      for (int i = 0; i < parts; ++i) {
        out[first + i].part = i + 1;
        out[first + i].parts = parts;
      }
    }
    return out;
  }

 private:
  static long long row_height() { return points_to_emu(kReadableTablePt * 1.25 + 7.2); }

  long long height_of(const Block* block) const {
    if (block->kind == Kind::table) return static_cast<long long>(block->rows.size()) * row_height();
    if (block->kind == Kind::image || block->kind == Kind::chart) return region_.cy * 45 / 100;
    return text_height(flatten({block}).text, kReadableTextPt, region_.cx);
  }

  void fit_slide(Slide slide, std::vector<Slide>& out) {
    Slide current;
    current.title = slide.title;
    current.notes = std::move(slide.notes);
    long long used = 0;
    // A heading at the bottom of a full slide moves on with what it introduces.
    auto next_slide = [&] {
      std::vector<const Block*> carried;
      while (current.body.size() > 1 && current.body.back()->kind == Kind::heading) {
        carried.insert(carried.begin(), current.body.back());
        current.body.pop_back();
      }
      out.push_back(std::move(current));
      current = Slide();
      current.title = slide.title;
      current.body = carried;
      used = 0;
      for (const Block* block : carried) used += height_of(block) + kGap;
    };
    for (const Block* block : slide.body) {
      const long long height = height_of(block);
      if (block->kind == Kind::table && height > region_.cy) {
        split_table(*block, current, used, next_slide);
        continue;
      }
      if (used > 0 && used + height > region_.cy) next_slide();
      current.body.push_back(block);
      used += height + kGap;
    }
    out.push_back(std::move(current));
  }

  // Rows go on as many slides as they need, each part with the header row.
  template <typename NextSlide>
  void split_table(const Block& table, Slide& current, long long& used, NextSlide next_slide) {
    const long long rows_per_slide = std::max(2LL, region_.cy / row_height() - 1);  // data rows under the header
    std::size_t row = 1;
    while (row < table.rows.size()) {
      long long room = (region_.cy - used) / row_height() - 1;
      if (room < 3) {
        if (used > 0) next_slide();
        room = rows_per_slide;
      }
      Block& part = table_parts_.emplace_back();
      part.kind = Kind::table;
      part.align = table.align;
      part.rows.push_back(table.rows.front());
      const std::size_t end = std::min(table.rows.size(), row + static_cast<std::size_t>(room));
      part.rows.insert(part.rows.end(), table.rows.begin() + static_cast<long>(row), table.rows.begin() + static_cast<long>(end));
      current.body.push_back(&part);
      used += static_cast<long long>(part.rows.size()) * row_height() + kGap;
      row = end;
      if (row < table.rows.size()) next_slide();
    }
  }

  Box region_;
  std::deque<Block>& table_parts_;
};

}  // namespace

SlideSize slide_size(const doc::Document& document) {
  return document.slides_4_3 ? SlideSize{9144000, 6858000} : SlideSize{};
}

SlidePlan plan_slides(const doc::Document& document, const SlideSize& size) {
  SlidePlan plan;
  plan.slides = SlideFitter(size, plan.table_parts).fit(SlideSplitter().split(document.blocks));
  return plan;
}

}  // namespace s2d::office::pptx
