// A template's wiring: its default data source and the field map from the
// source's fields (read from its Test sample record) to the template's.
import { useEffect, useState } from 'preact/hooks';
import { ErrorBox, html, useAction, useApi, useLoad } from '../ui.js';

// The template's top-level fields (a list's own fields are read inside it).
function templatePaths(fields) {
  return (fields || []).map((f) => f.path);
}

// field_map is source -> template; the form edits template -> source.
function invert(fieldMap) {
  const out = {};
  for (const [source, target] of Object.entries(fieldMap || {})) out[target] = source;
  return out;
}

// A template field the data will have: mapped, or passed through because
// the record has a field of that name.
function satisfied(path, chosen, sample) {
  if (chosen[path]) return true;
  if (!sample) return false;
  return path.split('.')[0] in sample;
}

export function Wiring({ template, onSaved }) {
  const api = useApi();
  const sources = useLoad(() => api('GET', '/v1/data_sources', { query: { limit: 100 } }), [api]);
  const [sourceId, setSourceId] = useState(template.default_data_source_id || '');
  const [chosen, setChosen] = useState(invert(template.field_map));
  const [sample, setSample] = useState({ record: null, error: null });
  useEffect(() => {
    setSample({ record: null, error: null });
    if (!sourceId) return;
    api('POST', `/v1/data_sources/${sourceId}/test`, { body: {} }).then(
      (result) => setSample(result.ok ? { record: result.sample, error: null } : { record: null, error: { ...result.error, status: 200 } }),
      (error) => setSample({ record: null, error }),
    );
  }, [sourceId]);

  const paths = templatePaths(template.fields);
  const sourceFields = sample.record ? Object.keys(sample.record) : [];
  const unmetRequired = template.required_fields.filter((p) => !satisfied(p, chosen, sample.record));
  const used = Object.values(chosen).filter(Boolean);
  const twice = used.filter((s, i) => used.indexOf(s) !== i);

  const [save, runSave] = useAction(async () => {
    if (twice.length) throw new Error(`A source field can feed one template field only: ${twice.join(', ')}.`);
    const fieldMap = {};
    for (const [target, source] of Object.entries(chosen)) if (source) fieldMap[source] = target;
    await api('PATCH', `/v1/templates/${template.id}`, {
      body: { default_data_source_id: sourceId || null, field_map: Object.keys(fieldMap).length ? fieldMap : null },
    });
    onSaved();
    return 'Wiring saved.';
  });

  return html`<section class="panel wiring" aria-label="Wiring">
    <h2>Wiring</h2>
    <label>Default data source<select value=${sourceId} onChange=${(e) => { setSourceId(e.currentTarget.value); setChosen({}); }}>
      <option value="">None</option>
      ${sources.data && sources.data.data.map((s) => html`<option value=${s.id}>${s.name || s.id} (${s.kind})</option>`)}
    </select></label>
    <${ErrorBox} error=${sources.error || sample.error} />
    ${sourceId && sample.record === null && !sample.error && html`<p class="muted">Reading the source's sample record…</p>`}
    ${sourceId && sample.record && html`<div class="table-wrap" tabindex="0"><table>
      <caption class="visually-hidden">Field map</caption>
      <thead><tr><th scope="col">Template field</th><th scope="col">Source field</th></tr></thead>
      <tbody>${paths.map((path) => html`<tr class=${template.required_fields.includes(path) && !satisfied(path, chosen, sample.record) ? 'unmet' : ''}>
        <td><code>${path}</code>${template.required_fields.includes(path) && html` <span class="badge">required</span>`}</td>
        <td><label class="visually-hidden" for=${`map-${path}`}>Source field for ${path}</label>
          <select id=${`map-${path}`} value=${chosen[path] || ''} onChange=${(e) => setChosen({ ...chosen, [path]: e.currentTarget.value })}>
            <option value="">${path.split('.')[0] in sample.record ? `(same name: ${path.split('.')[0]})` : '(not mapped)'}</option>
            ${sourceFields.map((f) => html`<option value=${f}>${f}</option>`)}
          </select></td>
      </tr>`)}</tbody>
    </table></div>`}
    ${sourceId && sample.record && unmetRequired.length > 0 && html`<div class="warning" role="alert" data-testid="unmet-required">
      Required fields with no source field: ${unmetRequired.map((p) => html`<code>${p}</code> `)}
    </div>`}
    <div class="row">
      <button type="button" onClick=${() => runSave()} disabled=${save.busy}>Save wiring</button>
      <span role="status">${save.done}</span>
    </div>
    <${ErrorBox} error=${save.error} />
  </section>`;
}
