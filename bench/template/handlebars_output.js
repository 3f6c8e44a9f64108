// Writes handlebars.js's output for a template and data, so run.sh can check
// that s2d produced the same bytes (the same work) before timing both.
// Usage: node handlebars_output.js TEMPLATE DATA.json OUT   (npm: handlebars)
const fs = require("fs");
const Handlebars = require("handlebars");
const render = Handlebars.compile(fs.readFileSync(process.argv[2], "utf8"), { strict: true });
fs.writeFileSync(process.argv[4], render(JSON.parse(fs.readFileSync(process.argv[3], "utf8"))));
