#pragma once
// Content a DOCX merge adds: restarted lists, pictures from data, Markdown
// as Word formatting, and the ids those need.

#include "renderers/office_template/common.hpp"

#include <map>
#include <set>
#include <string>

namespace s2d::office_template {

class WordContent {
 public:
  WordContent(PackageEdits& edits, const Options& options, std::string main_part);

  // A new list instance of `num_id` that starts again at its first number.
  std::string restart_list(const std::string& num_id);
  int next_bookmark_id() { return ++bookmark_id_; }
  // false when a bookmark of that name exists already.
  bool claim_bookmark_name(const std::string& name) { return bookmark_names_.insert(name).second; }

  // Replaces a marker the merge left: <s2d:image>, <s2d:md>, or a placeholder picture's blip.
  bool replace(pugi::xml_node marker, const PreparedPart& part, Error* error);
  // Declares the drawing namespaces on the part's root where pictures were added.
  void declare_namespaces(pugi::xml_document& document);

 private:
  PackageEdits& edits_;
  const Options& options_;
  std::string main_part_;
  std::string numbering_part_;
  std::map<std::string, std::string> media_by_bytes_;
  int bookmark_id_ = 0, next_num_ = 0, next_abstract_ = 0, docpr_ = 100000, media_count_ = 0;
  std::set<std::string> bookmark_names_;
  bool drew_ = false;

  pugi::xml_node numbering_root();
  std::string list_for(bool ordered, int start);
  bool image(pugi::xml_node marker, const PreparedPart& part, Error* error);
  bool placeholder(pugi::xml_node blip, const PreparedPart& part, Error* error);
  bool markdown(pugi::xml_node marker, const PreparedPart& part, Error* error);
  std::string embed(const PreparedPart& part, const ImageSource& image);
  std::string drawing_xml(const std::string& rel, long long cx, long long cy);
};

}  // namespace s2d::office_template
