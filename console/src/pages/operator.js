// Operator pages (the operator token): the render nodes with their slots, the
// coordinator's actors, and the workspaces with their rate limits. Both refresh by themselves.
import { useState } from 'preact/hooks';
import { ErrorBox, Loading, Pager, Time, html, onSubmit, useAction, useApi, useLoad, usePager, usePoll } from '../ui.js';

function useActors() {
  const api = useApi();
  const report = useLoad(() => api('GET', '/v1/admin/actors', { scope: 'operator' }), [api]);
  usePoll(report.reload, 2000);
  return report;
}

function RateLimit({ state }) {
  if (!state) return html`<span class="muted">—</span>`;
  return html`${state.remaining}/${state.limit} left · ${state.per_second}/s`;
}

function ActorTable({ workspaces, names }) {
  return html`<div class="table-wrap" tabindex="0"><table>
    <caption class="visually-hidden">Workspace actors</caption>
    <thead><tr><th scope="col">Workspace</th><th scope="col">Queue depth</th><th scope="col">In flight</th><th scope="col">Concurrency</th><th scope="col">Commits pending</th><th scope="col">Rate limit</th></tr></thead>
    <tbody>${workspaces.map((w) => html`<tr>
      <td>${names[w.workspace_id] || ''} <code>${w.workspace_id}</code></td>
      ${w.error ? html`<td colspan="5" class="error-message">${w.error}</td>` : html`
        <td>${w.queue_depth}</td><td>${w.in_flight}</td><td>${w.concurrency}</td><td>${w.commits_pending}</td>
        <td><${RateLimit} state=${w.rate_limit} /></td>`}
    </tr>`)}</tbody>
  </table></div>`;
}

function SlotStates({ states }) {
  if (!states) return html`<span class="muted">—</span>`;
  return html`<ol class="slot-states">${states.map((slot, i) => html`<li data-state=${slot.state}>
    Slot ${i + 1}: ${slot.state}${slot.state === 'rendering' ? html` <code>${slot.generation_id}</code> for ${Math.round(slot.for_ms / 100) / 10} s` : ''}
  </li>`)}</ol>`;
}

function NodeTable({ nodes, slotStates }) {
  return html`<div class="table-wrap" tabindex="0"><table>
    <caption class="visually-hidden">Render nodes</caption>
    <thead><tr><th scope="col">Node</th><th scope="col">Address</th><th scope="col">Version</th><th scope="col">State</th><th scope="col">Slots</th><th scope="col">Busy</th><th scope="col">Completed</th><th scope="col">Failed</th><th scope="col">Restarts</th><th scope="col">Joined</th><th scope="col">Last seen</th></tr></thead>
    <tbody>${nodes.map((n) => html`<tr data-testid=${`node-${n.id}`}>
      <td>${n.name} <code>${n.id}</code></td><td>${n.address || html`<span class="muted">in process</span>`}</td><td>${n.version}</td>
      <td><span class=${`status status-${n.state}`}>${n.state}</span></td>
      <td>${n.slots}<${SlotStates} states=${slotStates[n.id]} /></td><td>${n.busy}</td><td>${n.completed}</td><td>${n.failed}</td><td>${n.restarts}</td>
      <td><${Time} iso=${n.joined_at} /></td><td><${Time} iso=${n.last_seen_at} /></td>
    </tr>`)}</tbody>
  </table></div>`;
}

export function NodesPage() {
  const api = useApi();
  const report = useActors();
  const nodes = useLoad(() => api('GET', '/v1/admin/nodes', { scope: 'operator' }), [api]);
  usePoll(nodes.reload, 2000);
  const r = report.data;
  const pool = r && r.node.render_pool;
  const slotStates = {};
  if (pool) for (const n of pool.nodes || []) slotStates[n.id] = n.slot_states;
  return html`<h1>Nodes</h1>
    <${ErrorBox} error=${report.error || nodes.error} />
    <${Loading} state=${nodes} />
    ${r && html`<p class="meta">Refreshes every 2 s · as of <${Time} iso=${r.generated_at} /></p>`}
    ${nodes.data && html`<section aria-label="Render nodes">
      <h2>Render nodes</h2>
      <${NodeTable} nodes=${nodes.data.data} slotStates=${slotStates} />
      ${pool && html`<p class="meta">Cluster: ${pool.slots} slots · ${pool.busy} busy · ${pool.queued} queued · ${pool.completed} completed · ${pool.failed} failed</p>`}
    </section>`}
    ${r && html`<section aria-label="Workspace actors">
      <h2>Workspace actors</h2>
      <${ActorTable} workspaces=${r.workspaces} names=${{}} />
    </section>`}`;
}

function RateLimitForm({ workspace, onSaved }) {
  const api = useApi();
  const [state, run] = useAction(async (form) => {
    await api('PATCH', `/v1/admin/workspaces/${workspace.id}`, {
      scope: 'operator',
      body: {
        rate_limit_per_second: Number(form.get('per_second')),
        rate_limit_burst: Number(form.get('burst')),
      },
    });
    onSaved();
    return 'Saved.';
  });
  return html`<form class="inline-form" onSubmit=${onSubmit(run)} aria-label=${`Rate limit of ${workspace.name}`}>
    <label>Requests per second<input name="per_second" type="number" min="0.001" step="any" required value=${workspace.rate_limit.per_second} /></label>
    <label>Burst<input name="burst" type="number" min="1" step="1" required value=${workspace.rate_limit.burst} /></label>
    <button type="submit" disabled=${state.busy}>Set rate limit</button>
    <span role="status">${state.done}</span>
    <${ErrorBox} error=${state.error} />
  </form>`;
}

export function WorkspacesPage() {
  const api = useApi();
  const pager = usePager();
  const workspaces = useLoad(() => api('GET', '/v1/admin/workspaces', { scope: 'operator', query: pager.query }), [api, pager.page]);
  const report = useActors();
  const [editing, setEditing] = useState(null);
  const list = workspaces.data ? workspaces.data.data : [];
  const actors = {};
  for (const a of report.data ? report.data.workspaces : []) actors[a.workspace_id] = a;
  return html`<h1>Workspaces</h1>
    <${ErrorBox} error=${workspaces.error || report.error} />
    <${Loading} state=${workspaces} />
    ${workspaces.data && html`<div class="table-wrap" tabindex="0"><table>
      <caption class="visually-hidden">Workspaces</caption>
      <thead><tr><th scope="col">Name</th><th scope="col">Created</th><th scope="col">Rate limit</th><th scope="col">Queue depth</th><th scope="col">In flight</th><th scope="col">Bucket</th><th scope="col">Actions</th></tr></thead>
      <tbody>${list.map((w) => {
        const a = actors[w.id] || {};
        return html`<tr>
          <td>${w.name}<div><code>${w.id}</code></div></td>
          <td><${Time} iso=${w.created_at} /></td>
          <td data-testid=${`rate-${w.id}`}>${w.rate_limit.per_second}/s, burst ${w.rate_limit.burst}</td>
          <td>${a.queue_depth === undefined ? '—' : a.queue_depth}</td>
          <td>${a.in_flight === undefined ? '—' : a.in_flight}</td>
          <td><${RateLimit} state=${a.rate_limit} /></td>
          <td>${editing === w.id
            ? html`<${RateLimitForm} workspace=${w} onSaved=${() => { setEditing(null); workspaces.reload(); }} />`
            : html`<button type="button" onClick=${() => setEditing(w.id)} aria-label=${`Edit rate limit of ${w.name}`}>Edit rate limit</button>`}</td>
        </tr>`;
      })}</tbody>
    </table></div>`}
    <${Pager} pager=${pager} list=${workspaces.data} label="Workspaces" />`;
}
