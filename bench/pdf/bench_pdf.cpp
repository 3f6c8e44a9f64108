// Renders the corpus documents (report, invoice) N times each on one thread
// through s2d::render::render (front matter, template merge, Markdown parse,
// layout, PDF) and prints one JSON line per document.
//
//   bench_pdf CORPUS_DIR [N]
#include "bench/pdf/corpus_run.hpp"
#include "renderers/render.hpp"

int main(int argc, char** argv) {
  std::string corpus;
  int count = 0;
  if (!s2d::bench::parse_arguments(argc, argv, "bench_pdf", &corpus, &count)) return 64;
  for (const char* name : {"report", "invoice"}) {
    s2d::render::Request request;
    request.source = s2d::bench::read_file(corpus + "/" + name + ".md");
    request.data = nlohmann::json::parse(s2d::bench::read_file(corpus + "/" + name + ".json"));
    request.formats = {"pdf"};
    s2d::render::Result first = s2d::render::render(request);
    if (first.error) {
      std::cerr << name << ": " << first.error->code << ": " << first.error->message << "\n";
      return 1;
    }
    s2d::bench::time_renders("s2d", name, count,
                             [&] { return s2d::render::render(request).outputs.at(0).bytes.size(); },
                             {{"pages", first.outputs.at(0).pages}});
  }
  return 0;
}
