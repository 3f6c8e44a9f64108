// Generations: the filtered, paginated list with live status and cancel,
// and one generation with its outputs or its structured error.
import { useState } from 'preact/hooks';
import { ErrorBox, JsonBlock, Loading, Pager, Status, Time, html, useAction, useApi, useLoad, usePager, usePoll } from '../ui.js';
import { bytes } from '../format.js';

const STATUSES = ['pending', 'running', 'completed', 'failed', 'canceled'];
const FINISHED = new Set(['completed', 'failed', 'canceled']);

export function Outputs({ outputs }) {
  if (!outputs || outputs.length === 0) return null;
  return html`<ul class="outputs">${outputs.map((o) => html`<li>
    ${o.url && !o.expired
      ? html`<a href=${o.url} target="_blank" rel="noopener noreferrer">Open ${o.format.toUpperCase()}${o.record_index !== undefined ? ` #${o.record_index + 1}` : ''}</a>`
      : html`<span class="muted">${o.format.toUpperCase()} (expired)</span>`}
    <span class="muted"> ${bytes(o.size_bytes)}${o.pages ? ` · ${o.pages} pages` : ''}</span>
  </li>`)}</ul>`;
}

// The span of the line to mark: the error's tag where it sits at or around the
// column (the column may point inside the tag, past its braces), else the
// placeholder's name there, else from the column to the end of the line.
function errorSpan(text, column, tag, placeholder) {
  const at = Math.max(0, (column || 1) - 1);
  for (const needle of [tag, placeholder]) {
    if (!needle) continue;
    const start = text.lastIndexOf(needle, at);
    if (start >= 0 && at < start + needle.length) return [start, start + needle.length];
    const after = text.indexOf(needle, at);
    if (after === at) return [after, after + needle.length];
  }
  return [at, text.length];
}

// The template source with the failing line marked and the failing tag pointed at.
function SourceAt({ source, line, column, tag, placeholder }) {
  const lines = source.split('\n');
  const first = Math.max(1, line - 3);
  const last = Math.min(lines.length, line + 3);
  const shown = [];
  for (let n = first; n <= last; n++) shown.push(n);
  const marked = (text) => {
    const [start, end] = errorSpan(text, column, tag, placeholder);
    return html`${text.slice(0, start)}<strong class="error-at">${text.slice(start, end) || ' '}</strong>${text.slice(end)}`;
  };
  return html`<figure class="source-at">
    <figcaption>Template source, line ${line}${column ? `, column ${column}` : ''}</figcaption>
    <pre tabindex="0">${shown.map((n) => n === line
      ? html`<mark class="error-line" data-testid="error-line"><span class="line-no">${n}</span>${marked(lines[n - 1])}</mark>\n`
      : html`<span><span class="line-no">${n}</span>${lines[n - 1]}</span>\n`)}</pre>
  </figure>`;
}

export function GenerationErrorBox({ error, templateId, version }) {
  const api = useApi();
  const located = error.line && templateId;
  const source = useLoad(
    () => (located ? api('GET', `/v1/templates/${templateId}/versions`, { query: { limit: 1, starting_after: version + 1 } }) : null),
    [api, templateId, version, located],
  );
  const text = source.data && source.data.data[0] && source.data.data[0].source;
  return html`<section class="failure" aria-label="Generation error">
    <h2>Failed: <code>${error.code}</code></h2>
    <p class="error-message">${error.message}</p>
    ${error.placeholder && html`<p>Placeholder: <code>${error.placeholder}</code></p>`}
    ${text && html`<${SourceAt} source=${text} line=${error.line} column=${error.column} tag=${error.tag} placeholder=${error.placeholder} />`}
    <${ErrorBox} error=${source.error} />
  </section>`;
}

// One generation, polled until it finishes.
export function GenerationView({ id }) {
  const api = useApi();
  const generation = useLoad(() => api('GET', `/v1/generations/${id}`), [api, id]);
  const g = generation.data;
  usePoll(generation.reload, 500, !g || !FINISHED.has(g.status));
  const [cancel, runCancel] = useAction(async () => {
    await api('POST', `/v1/generations/${id}/cancel`);
    generation.reload();
  });
  return html`<${ErrorBox} error=${generation.error || cancel.error} />
    <${Loading} state=${generation} />
    ${g && html`<section class="generation" aria-label="Generation">
      <p>Status: <span role="status" aria-live="polite" data-testid="generation-status"><${Status} status=${g.status} /></span>
        ${!FINISHED.has(g.status) && html` <button type="button" onClick=${() => runCancel()} disabled=${cancel.busy}>Cancel generation</button>`}</p>
      <dl class="facts">
        <dt>ID</dt><dd><code>${g.id}</code></dd>
        <dt>Template</dt><dd><a href=${`#/templates/${g.template_id}`}>${g.template_id}</a> v${g.template_version}</dd>
        <dt>Created</dt><dd><${Time} iso=${g.created_at} /></dd>
        <dt>Completed</dt><dd><${Time} iso=${g.completed_at} /></dd>
        ${g.data_source_id && html`<dt>Data source</dt><dd><code>${g.data_source_id}</code></dd>`}
      </dl>
      <${Outputs} outputs=${g.outputs} />
      ${g.warnings.length > 0 && html`<ul class="warnings">${g.warnings.map((w) => html`<li>${w}</li>`)}</ul>`}
      ${g.error && html`<${GenerationErrorBox} error=${g.error} templateId=${g.template_id} version=${g.template_version} />`}
      ${g.filters && html`<${JsonBlock} value=${g.filters} label="Filters" />`}
    </section>`}`;
}

export function GenerationPage({ id }) {
  return html`<p><a href="#/generations">← Generations</a></p><h1>Generation</h1><${GenerationView} id=${id} />`;
}

function Filters({ filters, onChange, templates }) {
  return html`<form class="filters" aria-label="Filter generations" onSubmit=${(e) => e.preventDefault()}>
    <label>Status<select value=${filters.status} onChange=${(e) => onChange({ ...filters, status: e.currentTarget.value })}>
      <option value="">Any</option>${STATUSES.map((s) => html`<option value=${s}>${s}</option>`)}
    </select></label>
    <label>Template<select value=${filters.template_id} onChange=${(e) => onChange({ ...filters, template_id: e.currentTarget.value })}>
      <option value="">Any</option>
      ${templates.map((t) => html`<option value=${t.id}>${t.name}</option>`)}
    </select></label>
  </form>`;
}

export function GenerationsPage() {
  const api = useApi();
  const pager = usePager();
  const [filters, setFilters] = useState({ status: '', template_id: '' });
  // The newest 100 templates, for the filter and to show names in the list.
  const templates = useLoad(() => api('GET', '/v1/templates', { query: { limit: 100 } }), [api]);
  const templateList = templates.data ? templates.data.data : [];
  const names = Object.fromEntries(templateList.map((t) => [t.id, t.name]));
  const list = useLoad(
    () => api('GET', '/v1/generations', { query: { ...pager.query, ...filters } }),
    [api, pager.page, filters.status, filters.template_id],
  );
  usePoll(list.reload, 2000);
  const [cancel, runCancel] = useAction(async (id) => {
    await api('POST', `/v1/generations/${id}/cancel`);
    list.reload();
  });
  const changeFilters = (next) => {
    pager.reset();
    setFilters(next);
  };
  return html`<h1>Generations</h1>
    <p><a href="#/test">Test a generation</a></p>
    <${Filters} filters=${filters} onChange=${changeFilters} templates=${templateList} />
    <${ErrorBox} error=${list.error || cancel.error} />
    <${Loading} state=${list} />
    ${list.data && html`<div class="table-wrap" tabindex="0"><table>
      <caption class="visually-hidden">Generations</caption>
      <thead><tr><th scope="col">ID</th><th scope="col">Status</th><th scope="col">Template</th><th scope="col">Created</th><th scope="col">Downloads</th><th scope="col">Actions</th></tr></thead>
      <tbody>${list.data.data.map((g) => html`<tr>
        <td><a href=${`#/generations/${g.id}`}><code>${g.id}</code></a></td>
        <td><${Status} status=${g.status} /></td>
        <td><a href=${`#/templates/${g.template_id}`}>${names[g.template_id] || g.template_id}</a> v${g.template_version}</td>
        <td><${Time} iso=${g.created_at} /></td>
        <td><${Outputs} outputs=${g.outputs} /></td>
        <td>${!FINISHED.has(g.status) && html`<button type="button" onClick=${() => runCancel(g.id)} aria-label=${`Cancel ${g.id}`}>Cancel</button>`}</td>
      </tr>`)}</tbody>
    </table></div>
    ${list.data.data.length === 0 && html`<p class="muted">No generations match.</p>`}`}
    <${Pager} pager=${pager} list=${list.data} label="Generations" />`;
}
