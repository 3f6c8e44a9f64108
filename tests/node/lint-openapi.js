// Validates the OpenAPI document against the OpenAPI 3.1 specification with
// @apidevtools/swagger-parser (resolves every $ref, checks every schema).
const SwaggerParser = require("@apidevtools/swagger-parser");

const file = process.argv[2];
SwaggerParser.validate(file)
  .then((api) => {
    const operations = Object.values(api.paths).reduce((n, item) => n + Object.keys(item).filter((k) => k !== "parameters").length, 0);
    console.log(`${file}: valid OpenAPI ${api.openapi}, ${Object.keys(api.paths).length} paths, ${operations} operations`);
  })
  .catch((error) => {
    console.error(`${file}: ${error.message}`);
    process.exit(1);
  });
