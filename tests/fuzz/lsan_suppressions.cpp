// Linked into every fuzz target: whatever reaches the renderers reaches
// Pango (PDF layout, table and chart measuring), and with it two leaks that
// are not ours. Fontconfig stores its patterns behind
// encoded offsets that LeakSanitizer cannot follow, so the patterns Pango
// caches look leaked (nothing of ours allocates through fontconfig). Cairo
// 1.16 loses about 1 KB per document while subsetting CFF fonts (Noto CJK)
// in cairo_surface_finish (docs/templates/documents.md). Debian's libraries
// have no frame pointers, so the fast unwinder sees only the library that
// allocated: the suppression names libcairo as a whole.
extern "C" const char* __lsan_default_suppressions() { return "leak:libfontconfig.so\nleak:libcairo.so\n"; }
