#pragma once
// Which blocks go on which slide. Internal to the PPTX writer.
//
// Each top-level thematic break or page break starts a slide; the first
// heading of a slide is its title; speaker notes come from ```notes blocks
// and from a paragraph starting "Notes:", which takes the rest of its slide
// with it. A slide whose content cannot fit continues on further slides
// with the same title, numbered "(1/2)", "(2/2)"; a long table is split
// between them with its header row repeated.

#include "renderers/document/model.hpp"
#include "renderers/ooxml/pptx_parts.hpp"

#include <deque>
#include <string>
#include <vector>

namespace s2d::office::pptx {

struct Slide {
  const doc::Inlines* title = nullptr;
  int part = 1, parts = 1;          // continuation slides of one source slide
  std::vector<const doc::Block*> body;
  std::vector<std::string> notes;   // paragraphs of speaker notes
  bool title_style = false;         // title slide or section divider

  bool empty() const { return !title && body.empty() && notes.empty(); }
};

struct SlidePlan {
  std::vector<Slide> slides;
  std::deque<doc::Block> table_parts;  // rows of long tables, as the continuation slides show them
};

SlidePlan plan_slides(const doc::Document& document, const SlideSize& size);

SlideSize slide_size(const doc::Document& document);

}  // namespace s2d::office::pptx
