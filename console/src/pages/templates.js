// Templates: the list, uploads (Markdown text or a file), and one
// template's editor with its preview, fields, versions and sample data.
import { useEffect, useRef, useState } from 'preact/hooks';
import { ErrorBox, JsonBlock, Loading, Pager, Time, html, onSubmit, useAction, useApi, useLoad, usePager } from '../ui.js';
import { parseJson, pretty } from '../format.js';
import { Wiring } from './wiring.js';

const OFFICE_KINDS = { docx: 'docx', pptx: 'pptx', xlsx: 'xlsx' };

function fileKind(name) {
  const extension = name.split('.').pop().toLowerCase();
  return OFFICE_KINDS[extension] || 'markdown';
}

function base64(buffer) {
  let binary = '';
  const bytes = new Uint8Array(buffer);
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

async function templateBody(form) {
  const body = { name: form.get('name').trim() };
  const file = form.get('file');
  if (file && file.size > 0) {
    body.kind = fileKind(file.name);
    body.content_base64 = base64(await file.arrayBuffer());
  } else {
    body.kind = 'markdown';
    body.source = form.get('source');
  }
  const sample = form.get('sample_data').trim();
  if (sample) body.sample_data = parseJson(sample, 'Sample data');
  return body;
}

function NewTemplate({ onCreated }) {
  const api = useApi();
  const [state, run] = useAction(async (form) => {
    const created = await api('POST', '/v1/templates', { body: await templateBody(form) });
    onCreated(created);
  });
  return html`<details class="panel">
    <summary>New template</summary>
    <form onSubmit=${onSubmit(run)} aria-label="New template">
      <label>Name<input name="name" required maxlength="200" /></label>
      <label>Markdown source<textarea class="code" name="source" rows="8" spellcheck=${false} defaultValue=${'# Hello {{name}}\n'} /></label>
      <label>Or upload a file (Markdown, DOCX, PPTX, XLSX)<input name="file" type="file" accept=".md,.markdown,.txt,.docx,.pptx,.xlsx" /></label>
      <label>Sample data (JSON)<textarea class="code" name="sample_data" rows="4" spellcheck=${false} defaultValue='{"name": "Ada"}' /></label>
      <button type="submit" disabled=${state.busy}>Upload template</button>
      <${ErrorBox} error=${state.error} />
    </form>
  </details>`;
}

export function TemplatesPage() {
  const api = useApi();
  const pager = usePager();
  const list = useLoad(() => api('GET', '/v1/templates', { query: pager.query }), [api, pager.page]);
  return html`<h1>Templates</h1>
    <${NewTemplate} onCreated=${(t) => { location.hash = `#/templates/${t.id}`; }} />
    <${ErrorBox} error=${list.error} />
    <${Loading} state=${list} />
    ${list.data && html`<div class="table-wrap" tabindex="0"><table>
      <caption class="visually-hidden">Templates</caption>
      <thead><tr><th scope="col">Name</th><th scope="col">Kind</th><th scope="col">Version</th><th scope="col">Updated</th><th scope="col">ID</th></tr></thead>
      <tbody>${list.data.data.map((t) => html`<tr>
        <td><a href=${`#/templates/${t.id}`}>${t.name}</a>${t.archived && html` <span class="badge">archived</span>`}</td>
        <td>${t.kind}</td><td>${t.latest_version}</td><td><${Time} iso=${t.updated_at} /></td><td><code>${t.id}</code></td>
      </tr>`)}</tbody>
    </table></div>
    ${list.data.data.length === 0 && html`<p class="muted">No templates yet.</p>`}`}
    <${Pager} pager=${pager} list=${list.data} label="Templates" />`;
}

function FieldTree({ fields }) {
  if (!fields || fields.length === 0) return html`<p class="muted">This template reads no fields.</p>`;
  return html`<ul class="fields">${fields.map((f) => html`<li>
    <code>${f.path}</code>${f.list && html` <span class="badge">list</span>`}
    ${f.children && f.children.length > 0 && html`<${FieldTree} fields=${f.children} />`}
  </li>`)}</ul>`;
}

// The PDF the preview route renders for the latest version with the draft
// source and data being edited, refreshed (debounced) as either changes; a
// response that arrives after a newer edit is dropped.
function Preview({ templateId, version, draft, dataText }) {
  const api = useApi();
  const [state, setState] = useState({ url: null, error: null, busy: false });
  const urlRef = useRef(null);
  useEffect(() => {
    let data;
    try {
      data = dataText.trim() ? JSON.parse(dataText) : undefined;
    } catch (e) {
      setState((s) => ({ ...s, error: new Error(`Sample data is not valid JSON: ${e.message}`) }));
      return undefined;
    }
    let canceled = false;
    const timer = setTimeout(async () => {
      setState((s) => ({ ...s, busy: true }));
      try {
        const response = await api('POST', `/v1/templates/${templateId}/preview`, {
          body: {
            format: 'pdf',
            version,
            ...(draft ? { source: draft } : {}),
            ...(data === undefined ? {} : { data }),
          },
          raw: true,
        });
        const url = URL.createObjectURL(await response.blob());
        if (canceled) return URL.revokeObjectURL(url);
        if (urlRef.current) URL.revokeObjectURL(urlRef.current);
        urlRef.current = url;
        setState({ url, error: null, busy: false });
      } catch (error) {
        if (!canceled) setState((s) => ({ ...s, error, busy: false }));
      }
    }, 400);
    return () => {
      canceled = true;
      clearTimeout(timer);
    };
  }, [templateId, version, draft, dataText]);
  useEffect(() => () => urlRef.current && URL.revokeObjectURL(urlRef.current), []);
  return html`<section class="preview" aria-label="Preview">
    <h2>${draft ? `Preview of the draft of version ${version}` : `Preview of version ${version}`} <span class="muted" aria-live="polite">${state.busy ? 'rendering…' : ''}</span></h2>
    <${ErrorBox} error=${state.error} />
    ${state.url && html`<iframe title="PDF preview" src=${`${state.url}#toolbar=0&navpanes=0`} data-testid="preview"></iframe>`}
  </section>`;
}

function Versions({ templateId, latest }) {
  const api = useApi();
  const pager = usePager(10);
  const list = useLoad(() => api('GET', `/v1/templates/${templateId}/versions`, { query: pager.query }), [api, templateId, pager.page, latest]);
  return html`<section aria-label="Versions">
    <h2>Versions</h2>
    <${ErrorBox} error=${list.error} />
    ${list.data && html`<ul class="versions">${list.data.data.map((v) => html`<li>
      Version ${v.version} · <${Time} iso=${v.created_at} /> · ${v.fields.length} ${v.fields.length === 1 ? 'field' : 'fields'}
    </li>`)}</ul>`}
    <${Pager} pager=${pager} list=${list.data} label="Versions" />
  </section>`;
}

function Editor({ template, source, onPublished }) {
  const api = useApi();
  const [text, setText] = useState(source);
  const storedData = template.sample_data ? pretty(template.sample_data) : '';
  const [dataText, setDataText] = useState(storedData);
  useEffect(() => setText(source), [source]);
  const [state, run] = useAction(async () => {
    const body = { source: text };
    if (dataText.trim()) body.sample_data = parseJson(dataText, 'Sample data');
    const version = await api('POST', `/v1/templates/${template.id}/versions`, { body });
    onPublished(version);
    return `Published version ${version.version}.`;
  });
  return html`<div class="editor">
    <section aria-label="Editor">
      <label>Markdown source<textarea class="code" rows="18" spellcheck=${false} value=${text}
        onInput=${(e) => setText(e.currentTarget.value)} disabled=${template.kind !== 'markdown'} /></label>
      <label>Sample data (JSON)<textarea class="code" rows="6" spellcheck=${false} value=${dataText}
        onInput=${(e) => setDataText(e.currentTarget.value)} /></label>
      <div class="row">
        <button type="button" onClick=${() => run()} disabled=${state.busy || (text === source && dataText === storedData)}>Publish new version</button>
        <span role="status">${state.done}</span>
      </div>
      <${ErrorBox} error=${state.error} />
    </section>
    <${Preview} templateId=${template.id} version=${template.latest_version} dataText=${dataText}
      draft=${template.kind === 'markdown' && text !== source && text.trim() ? text : null} />
  </div>`;
}

export function TemplatePage({ id }) {
  const api = useApi();
  const [revision, setRevision] = useState(0);
  const template = useLoad(() => api('GET', `/v1/templates/${id}`), [api, id, revision]);
  const latest = template.data && template.data.latest_version;
  const version = useLoad(
    () => (latest ? api('GET', `/v1/templates/${id}/versions`, { query: { limit: 1 } }) : null),
    [api, id, latest],
  );
  const t = template.data;
  const source = version.data && version.data.data[0] ? version.data.data[0].source : '';
  return html`<p><a href="#/templates">← Templates</a></p>
    <${ErrorBox} error=${template.error || version.error} />
    <${Loading} state=${template} />
    ${t && html`<h1>${t.name}</h1>
      <p class="meta"><code>${t.id}</code> · ${t.kind} · version ${t.latest_version} · updated <${Time} iso=${t.updated_at} />
        ${' · '}<a href=${`#/test?template=${encodeURIComponent(t.id)}`}>Test a generation</a></p>
      ${version.data && html`<${Editor} template=${t} source=${source} onPublished=${() => setRevision(revision + 1)} />`}
      <div class="columns">
        <section aria-label="Fields"><h2>Fields</h2><${FieldTree} fields=${t.fields} />
          ${t.required_fields.length > 0 && html`<p>Required: ${t.required_fields.map((f) => html`<code>${f}</code> `)}</p>`}
        </section>
        <section aria-label="Sample data"><h2>Sample data</h2>
          ${t.sample_data ? html`<${JsonBlock} value=${t.sample_data} label="Sample data" />` : html`<p class="muted">None.</p>`}
        </section>
      </div>
      <${Wiring} template=${t} key=${`${t.id}:${t.updated_at}`} onSaved=${() => setRevision(revision + 1)} />
      <${Versions} templateId=${t.id} latest=${t.latest_version} />`}`;
}
