// Data sources: create each kind, append CSV or JSON records, test the
// connection. Write-only values are shown as set or unset, never read.
import { useState } from 'preact/hooks';
import { ErrorBox, JsonBlock, Loading, Pager, Time, html, onSubmit, useAction, useApi, useLoad, usePager } from '../ui.js';
import { parseJson } from '../format.js';

const KINDS = ['records', 'http', 'postgres', 'sqlite'];

// The form fields of each kind, beyond name and description.
const KIND_FIELDS = {
  records: [],
  http: [
    { name: 'url', label: 'URL', required: true },
    { name: 'headers', label: 'Headers (JSON, write-only)', json: true, secret: true },
    { name: 'records_pointer', label: 'Records pointer (JSON pointer)' },
  ],
  postgres: [
    { name: 'connection_string', label: 'Connection string (write-only)', required: true, secret: true },
    { name: 'query', label: 'Query (SQL with :named parameters)', required: true, multiline: true },
  ],
  sqlite: [
    { name: 'path', label: 'Database path (under the operator\'s sqlite directory)', required: true },
    { name: 'query', label: 'Query (SQL with :named parameters)', required: true, multiline: true },
  ],
};

function sourceBody(kind, form) {
  const body = { kind };
  const name = form.get('name').trim();
  if (name) body.name = name;
  const description = form.get('description').trim();
  if (description) body.description = description;
  for (const field of KIND_FIELDS[kind]) {
    const value = String(form.get(field.name) || '').trim();
    if (!value) continue;
    body[field.name] = field.json ? parseJson(value, field.label) : value;
  }
  return body;
}

function FieldInput({ field }) {
  if (field.multiline) return html`<label>${field.label}<textarea class="code" name=${field.name} rows="3" required=${field.required} spellcheck=${false} /></label>`;
  return html`<label>${field.label}<input name=${field.name} type=${field.secret && !field.json ? 'password' : 'text'}
    autocomplete="off" required=${field.required} /></label>`;
}

export function DataSourcesPage() {
  const api = useApi();
  const pager = usePager();
  const list = useLoad(() => api('GET', '/v1/data_sources', { query: pager.query }), [api, pager.page]);
  const [kind, setKind] = useState('records');
  const [create, runCreate] = useAction(async (form) => {
    const created = await api('POST', '/v1/data_sources', { body: sourceBody(kind, form) });
    location.hash = `#/data-sources/${created.id}`;
  });
  return html`<h1>Data sources</h1>
    <details class="panel"><summary>New data source</summary>
      <form onSubmit=${onSubmit(runCreate)} aria-label="New data source">
        <label>Kind<select value=${kind} onChange=${(e) => setKind(e.currentTarget.value)}>
          ${KINDS.map((k) => html`<option value=${k}>${k}</option>`)}</select></label>
        <label>Name<input name="name" maxlength="200" /></label>
        <label>Description<input name="description" maxlength="1000" /></label>
        ${KIND_FIELDS[kind].map((f) => html`<${FieldInput} field=${f} key=${`${kind}.${f.name}`} />`)}
        <button type="submit" disabled=${create.busy}>Create data source</button>
        <${ErrorBox} error=${create.error} />
      </form>
    </details>
    <${ErrorBox} error=${list.error} />
    <${Loading} state=${list} />
    ${list.data && html`<div class="table-wrap" tabindex="0"><table>
      <caption class="visually-hidden">Data sources</caption>
      <thead><tr><th scope="col">Name</th><th scope="col">Kind</th><th scope="col">Records</th><th scope="col">Updated</th><th scope="col">ID</th></tr></thead>
      <tbody>${list.data.data.map((s) => html`<tr>
        <td><a href=${`#/data-sources/${s.id}`}>${s.name || s.id}</a></td><td>${s.kind}</td>
        <td>${s.record_count === undefined ? '' : s.record_count}</td><td><${Time} iso=${s.updated_at} /></td><td><code>${s.id}</code></td>
      </tr>`)}</tbody>
    </table></div>
    ${list.data.data.length === 0 && html`<p class="muted">No data sources yet.</p>`}`}
    <${Pager} pager=${pager} list=${list.data} label="Data sources" />`;
}

// Write-only values: whether one is set, never what it is.
function SecretState({ value }) {
  if (value === undefined || value === null) return html`<span class="badge">not set</span>`;
  if (typeof value === 'object') {
    const names = Object.keys(value);
    if (names.length === 0) return html`<span class="badge">not set</span>`;
    return html`${names.map((n) => html`<span class="header-name"><code>${n}</code> <span class="badge">set</span></span> `)}`;
  }
  return html`<span class="badge">${value === '' ? 'not set' : 'set'}</span>`;
}

function Records({ source, onAppended }) {
  const api = useApi();
  const [state, run] = useAction(async (form) => {
    const file = form.get('file');
    const text = file && file.size > 0 ? await file.text() : String(form.get('records') || '');
    if (!text.trim()) throw new Error('Choose a CSV file or paste CSV or JSON records.');
    const isJson = text.trim().startsWith('[');
    const result = await api('POST', `/v1/data_sources/${source.id}/records`, {
      body: text,
      contentType: isJson ? 'application/json' : 'text/csv',
    });
    onAppended();
    return `Appended ${result.appended} records; ${result.record_count} in all.`;
  });
  return html`<form class="panel" onSubmit=${onSubmit(run)} aria-label="Append records">
    <h2>Append records</h2>
    <label>CSV file<input name="file" type="file" accept=".csv,text/csv,.json,application/json" /></label>
    <label>Or paste CSV (with a header row) or a JSON array<textarea class="code" name="records" rows="5" spellcheck=${false} /></label>
    <button type="submit" disabled=${state.busy}>Upload records</button>
    <p role="status">${state.done}</p>
    <${ErrorBox} error=${state.error} />
  </form>`;
}

function TestSource({ source }) {
  const api = useApi();
  const [result, setResult] = useState(null);
  const [state, run] = useAction(async (form) => {
    const filters = String(form.get('filters') || '').trim();
    setResult(await api('POST', `/v1/data_sources/${source.id}/test`, { body: filters ? { filters: parseJson(filters, 'Filters') } : {} }));
  });
  return html`<form class="panel" onSubmit=${onSubmit(run)} aria-label="Test data source">
    <h2>Test</h2>
    <label>Filters (JSON, optional)<input name="filters" class="code" placeholder='{"id": 1}' /></label>
    <button type="submit" disabled=${state.busy}>Test</button>
    <${ErrorBox} error=${state.error} />
    ${result && html`<div role="status" class="test-result">
      ${result.ok
        ? html`<p>OK in ${result.duration_ms} ms. Sample record:</p>${result.sample ? html`<${JsonBlock} value=${result.sample} label="Sample record" />` : html`<p>No record matched.</p>`}`
        : html`<div class="error"><strong>Error ${result.error.code}</strong> <span class="error-message">${result.error.message}</span></div>`}
    </div>`}
  </form>`;
}

export function DataSourcePage({ id }) {
  const api = useApi();
  const source = useLoad(() => api('GET', `/v1/data_sources/${id}`), [api, id]);
  const s = source.data;
  const secrets = s ? KIND_FIELDS[s.kind].filter((f) => f.secret) : [];
  const plain = s ? KIND_FIELDS[s.kind].filter((f) => !f.secret) : [];
  return html`<p><a href="#/data-sources">← Data sources</a></p>
    <${ErrorBox} error=${source.error} />
    <${Loading} state=${source} />
    ${s && html`<h1>${s.name || s.id}</h1>
      <dl class="facts">
        <dt>ID</dt><dd><code>${s.id}</code></dd>
        <dt>Kind</dt><dd>${s.kind}</dd>
        ${s.description && html`<dt>Description</dt><dd>${s.description}</dd>`}
        ${s.record_count !== undefined && html`<dt>Records</dt><dd data-testid="record-count">${s.record_count}</dd>`}
        ${plain.map((f) => s[f.name] !== undefined && html`<dt>${f.label}</dt><dd><code>${s[f.name]}</code></dd>`)}
        ${secrets.map((f) => html`<dt>${f.label}</dt><dd data-testid=${`secret-${f.name}`}><${SecretState} value=${s[f.name]} /></dd>`)}
        <dt>Updated</dt><dd><${Time} iso=${s.updated_at} /></dd>
      </dl>
      ${s.kind === 'records' && html`<${Records} source=${s} onAppended=${source.reload} />`}
      <${TestSource} source=${s} />`}`;
}
