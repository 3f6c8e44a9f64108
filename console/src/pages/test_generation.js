// Test a generation: a template, its data (pasted, or a data source with
// filters), the formats; then the generation, watched live.
import { useEffect, useState } from 'preact/hooks';
import { ErrorBox, html, onSubmit, useAction, useApi, useLoad } from '../ui.js';
import { parseJson, pretty } from '../format.js';
import { GenerationView } from './generations.js';

const FORMATS = ['pdf', 'docx', 'pptx', 'xlsx', 'html', 'md', 'txt'];

export function TestGenerationPage({ templateId }) {
  const api = useApi();
  const templates = useLoad(() => api('GET', '/v1/templates', { query: { limit: 100, archived: 'false' } }), [api]);
  const [chosen, setChosen] = useState(templateId || '');
  const [mode, setMode] = useState('data');
  // Read when the data source mode is chosen, so a source made meanwhile is there.
  const sources = useLoad(() => (mode === 'source' ? api('GET', '/v1/data_sources', { query: { limit: 100 } }) : null), [api, mode]);
  const [dataText, setDataText] = useState('');
  const [generationId, setGenerationId] = useState(null);
  const list = templates.data ? templates.data.data : [];
  useEffect(() => {
    if (!chosen && list.length) setChosen(list[0].id);
  }, [list.length]);
  const template = list.find((t) => t.id === chosen);
  useEffect(() => {
    if (template) setDataText(template.sample_data ? pretty(template.sample_data) : '{}');
  }, [template && template.id]);

  const [state, run] = useAction(async (form) => {
    const body = { template_id: chosen, outputs: form.getAll('outputs') };
    if (body.outputs.length === 0) throw new Error('Choose at least one format.');
    if (mode === 'data') {
      body.data = parseJson(dataText, 'Data');
    } else {
      body.data_source_id = form.get('data_source_id');
      const filters = form.get('filters').trim();
      if (filters) body.filters = parseJson(filters, 'Filters');
    }
    const generation = await api('POST', '/v1/generations', { body });
    setGenerationId(generation.id);
  });
  return html`<h1>Test a generation</h1>
    <${ErrorBox} error=${templates.error || sources.error} />
    <form class="panel" onSubmit=${onSubmit(run)} aria-label="Test a generation">
      <label>Template<select value=${chosen} onChange=${(e) => setChosen(e.currentTarget.value)}>
        ${list.map((t) => html`<option value=${t.id}>${t.name}</option>`)}
      </select></label>
      <fieldset><legend>Data</legend>
        <label class="inline"><input type="radio" name="mode" value="data" checked=${mode === 'data'} onChange=${() => setMode('data')} /> Paste data</label>
        <label class="inline"><input type="radio" name="mode" value="source" checked=${mode === 'source'} onChange=${() => setMode('source')} /> A data source with filters</label>
        ${mode === 'data'
          ? html`<label>Data (JSON)<textarea class="code" rows="8" spellcheck=${false} value=${dataText} onInput=${(e) => setDataText(e.currentTarget.value)} /></label>`
          : html`<label>Data source<select name="data_source_id">
                ${sources.data && sources.data.data.map((s) => html`<option value=${s.id}>${s.name || s.id} (${s.kind})</option>`)}
              </select></label>
              <label>Filters (JSON)<textarea class="code" name="filters" rows="3" spellcheck=${false} defaultValue="{}" /></label>`}
      </fieldset>
      <fieldset class="formats"><legend>Formats</legend>
        ${FORMATS.map((f) => html`<label class="inline"><input type="checkbox" name="outputs" value=${f} checked=${f === 'pdf'} /> ${f.toUpperCase()}</label>`)}
      </fieldset>
      <button type="submit" disabled=${state.busy || !chosen}>Run generation</button>
      <${ErrorBox} error=${state.error} />
    </form>
    ${generationId && html`<h2>Generation <a href=${`#/generations/${generationId}`}><code>${generationId}</code></a></h2>
      <${GenerationView} id=${generationId} key=${generationId} />`}`;
}
