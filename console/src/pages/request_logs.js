// Request logs: every /v1 request of the workspace, filtered, with its
// redacted request and response bodies.
import { useState } from 'preact/hooks';
import { ErrorBox, Loading, Pager, Time, html, useApi, useLoad, usePager } from '../ui.js';
import { localToIso } from '../format.js';

const EMPTY = { status: '', method: '', path: '', api_key_id: '', idempotency_key: '', from: '', to: '' };

function Body({ label, text }) {
  if (!text) return html`<p class="muted">${label}: none</p>`;
  let shown = text;
  try {
    shown = JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    shown = text;
  }
  return html`<h3>${label}</h3><pre class="json" tabindex="0">${shown}</pre>`;
}

function FilterForm({ onApply }) {
  const submit = (event) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const next = {};
    for (const name of Object.keys(EMPTY)) next[name] = String(form.get(name) || '').trim();
    onApply(next);
  };
  return html`<form class="filters" onSubmit=${submit} aria-label="Filter request logs">
    <label>Status<input name="status" placeholder="404 or 4xx" size="6" /></label>
    <label>Method<select name="method"><option value="">Any</option>
      ${['GET', 'POST', 'PATCH', 'DELETE'].map((m) => html`<option value=${m}>${m}</option>`)}</select></label>
    <label>Path prefix<input name="path" placeholder="/v1/templates" /></label>
    <label>API key ID<input name="api_key_id" /></label>
    <label>Idempotency key<input name="idempotency_key" /></label>
    <label>From<input name="from" type="datetime-local" /></label>
    <label>To<input name="to" type="datetime-local" /></label>
    <button type="submit">Apply filters</button>
  </form>`;
}

export function RequestLogsPage() {
  const api = useApi();
  const pager = usePager();
  const [filters, setFilters] = useState(EMPTY);
  const query = {
    ...pager.query,
    status: filters.status,
    method: filters.method,
    path: filters.path,
    api_key_id: filters.api_key_id,
    idempotency_key: filters.idempotency_key,
    'created[gte]': localToIso(filters.from),
    'created[lte]': localToIso(filters.to),
  };
  const list = useLoad(() => api('GET', '/v1/request_logs', { query }), [api, pager.page, JSON.stringify(filters)]);
  return html`<h1>Request logs</h1>
    <${FilterForm} onApply=${(next) => { pager.reset(); setFilters(next); }} />
    <${ErrorBox} error=${list.error} />
    <${Loading} state=${list} />
    ${list.data && html`<div class="table-wrap" tabindex="0"><table class="logs">
      <caption class="visually-hidden">Request logs</caption>
      <thead><tr><th scope="col">Time</th><th scope="col">Method</th><th scope="col">Path</th><th scope="col">Status</th><th scope="col">Duration</th><th scope="col">API key</th><th scope="col">Details</th></tr></thead>
      <tbody>${list.data.data.map((r) => html`<tr>
        <td><${Time} iso=${r.created_at} /></td><td>${r.method}</td><td class="path">${r.path}</td>
        <td>${r.status}${r.error_code && html` <code>${r.error_code}</code>`}${r.replayed && html` <span class="badge">replayed</span>`}</td>
        <td>${r.duration_ms.toFixed(1)} ms</td><td><code>${r.api_key_id || '—'}</code></td>
        <td><details><summary>Request ${r.id}</summary>
          ${r.idempotency_key && html`<p>Idempotency key: <code>${r.idempotency_key}</code></p>`}
          <${Body} label="Request body" text=${r.request_body} />
          <${Body} label="Response body" text=${r.response_body} />
        </details></td>
      </tr>`)}</tbody>
    </table></div>
    ${list.data.data.length === 0 && html`<p class="muted">No requests match.</p>`}`}
    <${Pager} pager=${pager} list=${list.data} label="Request logs" />`;
}
