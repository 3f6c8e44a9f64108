// Formatting in the browser's own locale and time zone.

export function dateTime(iso) {
  if (!iso) return '';
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleString();
}

export function bytes(n) {
  if (n === null || n === undefined) return '';
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${(n / 1024 / 1024).toFixed(1)} MiB`;
}

export function pretty(json) {
  return JSON.stringify(json, null, 2);
}

// A JSON text field's value; throws a readable Error when it is not JSON.
export function parseJson(text, label) {
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new Error(`${label} is not valid JSON: ${e.message}`);
  }
}

// A datetime-local input's value as RFC 3339 (UTC), or '' when empty.
export function localToIso(value) {
  return value ? new Date(value).toISOString() : '';
}
