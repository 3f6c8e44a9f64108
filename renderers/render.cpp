// The renderers' facade: template source + data -> finished files.
//
// Markdown templates: split the front matter -> merge the body with the
// template engine (Markdown escaping) -> parse the merged Markdown into the
// document model -> hand the model to each requested format's renderer.
#include "renderers/render.hpp"

#include "renderers/chart/resolve.hpp"
#include "renderers/chart/table.hpp"
#include "renderers/document/front_matter.hpp"
#include "renderers/document/markdown.hpp"
#include "renderers/html/html.hpp"
#include "renderers/office_template/office_template.hpp"
#include "renderers/ooxml/office.hpp"
#include "renderers/pdf/pdf.hpp"
#include "renderers/template/template.hpp"
#include "renderers/text/text.hpp"

#include <algorithm>
#include <exception>
#include <map>
#include <memory>

namespace s2d::render {
namespace {

// What every format renderer receives: the parsed document, the merged
// Markdown it came from, and the request (for options such as determinism).
struct FormatInput {
  const doc::Document& document;
  const std::string& markdown;
  const Request& request;
};

struct FormatResult {
  std::string bytes;
  int pages = 0;
  std::vector<std::string> warnings;
  std::optional<Failure> error;
};

using FormatRenderer = FormatResult (*)(const FormatInput&);

Failure failure(std::string type, std::string code, std::string message) {
  Failure out;
  out.type = std::move(type);
  out.code = std::move(code);
  out.message = std::move(message);
  return out;
}

FormatResult render_pdf(const FormatInput& input) {
  pdf::Rendered rendered = pdf::render(input.document, pdf::Options{input.request.deterministic});
  FormatResult result{std::move(rendered.bytes), rendered.pages, std::move(rendered.warnings), std::nullopt};
  if (!rendered.error.empty()) result.error = failure("render_error", "render_failed", rendered.error);
  return result;
}

FormatResult render_merged_markdown(const FormatInput& input) {
  FormatResult result;
  result.bytes = chart::replace_chart_fences(input.markdown, input.document);
  return result;
}

FormatResult render_docx(const FormatInput& input) {
  return {office::render_docx(input.document, office::Options{input.request.deterministic}), 0, {}, std::nullopt};
}

FormatResult render_pptx(const FormatInput& input) {
  std::size_t slides = 0;
  std::string bytes = office::render_pptx(input.document, office::Options{input.request.deterministic}, &slides);
  return {std::move(bytes), static_cast<int>(slides), {}, std::nullopt};
}

FormatResult render_xlsx(const FormatInput& input) {
  return {office::render_xlsx(input.document, office::Options{input.request.deterministic}), 0, {}, std::nullopt};
}

FormatResult render_html_page(const FormatInput& input) {
  return {html::render_html(input.document), 0, {}, std::nullopt};
}

FormatResult render_plain_text(const FormatInput& input) {
  return {text::render_text(input.document), 0, {}, std::nullopt};
}

// One line per output format.
const std::map<std::string, FormatRenderer>& format_renderers() {
  static const std::map<std::string, FormatRenderer> renderers = {
      {"pdf", render_pdf},
      {"md", render_merged_markdown},
      {"docx", render_docx},
      {"pptx", render_pptx},
      {"xlsx", render_xlsx},
      {"html", render_html_page},
      {"txt", render_plain_text},
  };
  return renderers;
}

Failure template_failure(const tmpl::Error& error) {
  Failure out = failure("template_error", error.code, error.message);
  out.placeholder = error.placeholder;
  out.tag = error.tag;
  out.line = error.line;
  out.column = error.column;
  return out;
}

Failure front_matter_failure(const doc::FrontMatterError& error) {
  Failure out = failure("template_error", "invalid_front_matter", error.message);
  out.line = error.line;
  out.column = error.column;
  return out;
}

std::optional<Failure> check_formats(const Request& request) {
  if (request.formats.empty()) return failure("invalid_request_error", "parameter_missing", "no output format requested");
  for (const auto& format : request.formats) {
    if (format_renderers().count(format)) continue;
    std::string known;
    for (const auto& entry : format_renderers()) known += (known.empty() ? "" : ", ") + entry.first;
    Failure out = failure("invalid_request_error", "output_format_unsupported",
                          "output format '" + format + "' is not supported; supported: " + known);
    out.context = {{"format", format}};
    return out;
  }
  return std::nullopt;
}

void add_warnings(std::vector<std::string>* into, const std::vector<std::string>& warnings) {
  for (const auto& warning : warnings)
    if (std::find(into->begin(), into->end(), warning) == into->end()) into->push_back(warning);
}

Failure chart_failure(const chart::SpecError& error) {
  Failure out = failure("template_error", error.code, error.message);
  out.placeholder = error.placeholder;
  out.line = error.line;
  out.column = error.column;
  out.context = {{"chart", error.chart}};
  if (!error.field.empty()) out.context["field"] = error.field;
  return out;
}

// A Markdown template read and compiled: its front matter applied to a
// fresh document, its body compiled (cached) with Markdown escaping.
struct CompiledTemplate {
  doc::Document document;
  doc::FrontMatter front_matter;
  std::shared_ptr<const tmpl::Template> body;
  std::string body_source;   // as written: chart errors point into it
  int body_first_line = 1;
};

std::optional<Failure> compile_markdown(const std::string& source, CompiledTemplate* out) {
  doc::SourceParts parts;
  doc::FrontMatterError front_matter_error;
  if (!doc::split_front_matter(source, &parts, &front_matter_error) ||
      !doc::parse_front_matter(parts, &out->document, &out->front_matter, &front_matter_error))
    return front_matter_failure(front_matter_error);
  tmpl::CompileOptions options;
  options.escape = tmpl::Escape::markdown;
  options.strict = out->front_matter.strict;
  options.first_line = parts.body_first_line;
  tmpl::Error error;
  out->body = tmpl::compile_cached(parts.body, options, &error);
  if (!out->body) return template_failure(error);
  out->body_source = std::string(parts.body);
  out->body_first_line = parts.body_first_line;
  return std::nullopt;
}

// Front matter + merged body -> the document model; the merged Markdown is
// kept for the md output.
std::optional<Failure> build_document(const Request& request, doc::Document* document, std::string* markdown) {
  CompiledTemplate compiled;
  if (auto error = compile_markdown(request.source, &compiled)) return error;
  *document = std::move(compiled.document);
  const doc::FrontMatter& front_matter = compiled.front_matter;
  // Precedence: the caller's locale, the template's front matter, the default.
  if (!request.locale.empty())
    document->locale = request.locale;
  else if (document->locale.empty())
    document->locale = request.default_locale;

  tmpl::RenderOptions render_options;
  render_options.locale = document->locale;
  render_options.timezone = request.timezone;
  render_options.limits = {request.limits.max_depth, request.limits.max_output_bytes, request.limits.max_iterations};
  tmpl::Error template_error;
  if (!compiled.body->render(request.data, render_options, markdown, &template_error))
    return template_failure(template_error);

  doc::ParseOptions parse_options;
  parse_options.assets = &request.assets;
  parse_options.max_depth = request.limits.max_depth;
  doc::ParseError parse_error;
  std::string warning;
  if (!front_matter.logo_asset.empty()) {
    doc::Image logo;
    if (!doc::resolve_image(front_matter.logo_asset, parse_options, &logo, &warning, &parse_error)) {
      Failure out = failure("template_error", parse_error.code, "front matter 'logo': " + parse_error.message);
      out.context = {{"asset", parse_error.asset}};
      return out;
    }
    if (warning.empty())
      document->logo = std::move(logo);
    else
      document->warnings.push_back("logo: " + warning);
  }
  if (!doc::parse_markdown(*markdown, parse_options, document, &parse_error)) {
    Failure out = failure(parse_error.code == "asset_missing" ? "template_error" : "render_error", parse_error.code,
                          parse_error.message);
    if (!parse_error.asset.empty()) out.context = {{"asset", parse_error.asset}};
    return out;
  }
  chart::SpecError chart_error;
  const chart::ResolveInput charts{request.data, compiled.body_source, compiled.body_first_line, front_matter.strict,
                                   document->locale};
  if (!chart::resolve_charts(document, charts, &chart_error)) return chart_failure(chart_error);
  return std::nullopt;
}

Result render_markdown_template(const Request& request) {
  Result result;
  doc::Document document;
  std::string markdown;
  if (auto error = build_document(request, &document, &markdown)) {
    result.error = std::move(error);
    return result;
  }
  add_warnings(&result.warnings, document.warnings);
  FormatInput input{document, markdown, request};
  for (const auto& format : request.formats) {
    FormatResult rendered;
    try {
      rendered = format_renderers().at(format)(input);
    } catch (const std::exception& problem) {
      rendered.error = failure("render_error", "render_failed", format + ": " + problem.what());
    }
    if (rendered.error) {
      result.outputs.clear();
      result.error = std::move(rendered.error);
      return result;
    }
    add_warnings(&result.warnings, rendered.warnings);
    result.outputs.push_back(Output{format, content_type_for(format), std::move(rendered.bytes), rendered.pages});
  }
  return result;
}

// An Office template's merge error, with where it is in the document in `context`.
Failure office_failure(const office_template::Error& error) {
  Failure out = failure(error.code == "template_invalid" ? "template_error" : "render_error", error.code, error.message);
  out.placeholder = error.placeholder;
  out.tag = error.tag;
  auto where = error.to_json();
  for (const char* key : {"part", "paragraph", "cell", "slide", "context"})
    if (where.contains(key)) out.context[key == std::string("context") ? "text" : key] = where[key];
  return out;
}

struct OfficePdf {
  Output output;
  std::optional<Failure> error;
};

// The merged package as PDF, laid out by the caller's converter (LibreOffice in a render slot).
OfficePdf convert_to_pdf(const Request& request, const std::string& package) {
  OfficePdf result;
  if (!request.office_pdf) {
    result.error = failure("invalid_request_error", "output_format_unsupported",
                           "PDF of a " + request.template_kind + " template is made in a render slot.");
    return result;
  }
  if (auto external = office_template::find_external_load(package)) {
    result.error = failure("render_error", "render_failed",
                           "pdf: the " + request.template_kind + " links to " + external->target +
                               " outside the file, which LibreOffice would fetch; embed it instead.");
    result.error->context = {{"part", external->part}, {"relationship", external->id}, {"target", external->target}};
    return result;
  }
  auto converted = request.office_pdf->to_pdf(package, request.template_kind);
  if (!converted.error.empty()) {
    result.error = failure("render_error", "render_failed", "pdf: " + converted.error);
    return result;
  }
  result.output = Output{"pdf", content_type_for("pdf"), std::move(converted.pdf), converted.pages};
  return result;
}

// DOCX, PPTX and XLSX templates: the source is the package; the outputs are the template's own kind and
// (DOCX, PPTX) pdf through the request's converter.
Result render_office_template(const Request& request) {
  Result result;
  office_template::Kind kind;
  office_template::parse_kind(request.template_kind, &kind);
  office_template::Options options;
  options.locale = request.locale.empty() ? request.default_locale : request.locale;
  options.timezone = request.timezone;
  options.assets = &request.assets;
  options.deterministic = request.deterministic;
  options.limits.max_depth = request.limits.max_depth;
  options.limits.max_output_bytes = request.limits.max_output_bytes;
  options.limits.max_iterations = request.limits.max_iterations;
  auto merged = office_template::merge(request.source, kind, request.data, options);
  if (merged.error) {
    result.error = office_failure(*merged.error);
    return result;
  }
  for (const auto& format : request.formats) {
    if (format != "pdf") {
      result.outputs.push_back(Output{format, content_type_for(format), merged.bytes, 0});
      continue;
    }
    auto converted = convert_to_pdf(request, merged.bytes);
    if (converted.error) {
      result.outputs.clear();
      result.error = std::move(converted.error);
      return result;
    }
    result.outputs.push_back(std::move(converted.output));
  }
  return result;
}

using TemplateRenderer = Result (*)(const Request&);

// One line per template kind.
const std::map<std::string, TemplateRenderer>& template_renderers() {
  static const std::map<std::string, TemplateRenderer> renderers = {
      {"markdown", render_markdown_template},
      {"docx", render_office_template},
      {"pptx", render_office_template},
      {"xlsx", render_office_template},
  };
  return renderers;
}

Failure unknown_kind(const std::string& kind) {
  return failure("template_error", "invalid_template_format", "template kind '" + kind + "' is not supported");
}

}  // namespace

Result render(const Request& request) {
  Result result;
  if (auto error = check_formats(request)) {
    result.error = std::move(error);
    return result;
  }
  auto renderer = template_renderers().find(request.template_kind);
  if (renderer == template_renderers().end()) {
    result.error = unknown_kind(request.template_kind);
    return result;
  }
  for (const auto& format : request.formats)
    if (!is_format_of_kind(request.template_kind, format)) {
      result.error = failure("invalid_request_error", "output_format_unsupported",
                             "A " + request.template_kind + " template does not render to " + format + ".");
      return result;
    }
  return renderer->second(request);
}

const std::vector<std::string>& formats_of_kind(const std::string& template_kind) {
  static const std::map<std::string, std::vector<std::string>> office = {
      {"docx", {"docx", "pdf"}}, {"pptx", {"pptx", "pdf"}}, {"xlsx", {"xlsx", "pdf"}}};
  auto found = office.find(template_kind);
  return found == office.end() ? supported_formats() : found->second;
}

bool is_format_of_kind(const std::string& template_kind, const std::string& format) {
  const auto& formats = formats_of_kind(template_kind);
  return std::find(formats.begin(), formats.end(), format) != formats.end();
}

Inspection inspect_template(const std::string& template_kind, const std::string& source) {
  Inspection inspection;
  office_template::Kind office_kind;
  if (office_template::parse_kind(template_kind, &office_kind)) {
    auto validation = office_template::validate(source, office_kind);
    if (validation.error) inspection.error = office_failure(*validation.error);
    inspection.fields = std::move(validation.fields);
    return inspection;
  }
  if (template_kind != "markdown") {
    inspection.error = unknown_kind(template_kind);
    return inspection;
  }
  CompiledTemplate compiled;
  if (auto error = compile_markdown(source, &compiled)) {
    inspection.error = std::move(error);
    return inspection;
  }
  inspection.front_matter = compiled.front_matter.values;
  inspection.fields = compiled.body->fields_json();
  return inspection;
}

}  // namespace s2d::render
