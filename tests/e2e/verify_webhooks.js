// Verifies received webhooks with the official Standard Webhooks library
// (npm `standardwebhooks`, installed in tests/node), never with s2d's code.
// stdin:  [{"secret": "whsec_...", "headers": {...}, "body_base64": "..."}, ...]
// stdout: [{"ok": true, "payload": {...}} | {"ok": false, "error": "..."}, ...]
const fs = require("fs");
const { Webhook } = require("standardwebhooks");

const deliveries = JSON.parse(fs.readFileSync(0, "utf8"));
const results = deliveries.map(({ secret, headers, body_base64 }) => {
  try {
    const payload = new Webhook(secret).verify(Buffer.from(body_base64, "base64"), headers);
    return { ok: true, payload };
  } catch (error) {
    return { ok: false, error: String(error.message) };
  }
});
process.stdout.write(JSON.stringify(results));
