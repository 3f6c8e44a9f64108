// API keys: create (the secret shown once), roll with a grace period, revoke.
import { useState } from 'preact/hooks';
import { ErrorBox, Loading, Pager, SecretOnce, Status, Time, html, onSubmit, useAction, useApi, useLoad, usePager } from '../ui.js';

function RollForm({ apiKey, onRolled, onClose }) {
  const api = useApi();
  const [state, run] = useAction(async (form) => {
    const hours = Number(form.get('grace_hours') || 0);
    const rolled = await api('POST', `/v1/api_keys/${apiKey.id}/roll`, { body: { expires_in_seconds: Math.round(hours * 3600) } });
    onRolled(rolled);
  });
  return html`<form class="inline-form" onSubmit=${onSubmit(run)} aria-label=${`Roll ${apiKey.name}`}>
    <label>Old key keeps working for (hours)<input name="grace_hours" type="number" min="0" max="720" step="any" value="24" /></label>
    <button type="submit" disabled=${state.busy}>Roll key</button>
    <button type="button" onClick=${onClose}>Cancel</button>
    <${ErrorBox} error=${state.error} />
  </form>`;
}

export function ApiKeysPage() {
  const api = useApi();
  const pager = usePager();
  const list = useLoad(() => api('GET', '/v1/api_keys', { query: pager.query }), [api, pager.page]);
  const [secret, setSecret] = useState(null);
  const [rolling, setRolling] = useState(null);
  const [revoking, setRevoking] = useState(null);
  const [create, runCreate] = useAction(async (form) => {
    const body = { name: form.get('name').trim(), role: form.get('role') };
    const days = Number(form.get('expires_days') || 0);
    if (days > 0) body.expires_in_seconds = Math.round(days * 86400);
    const key = await api('POST', '/v1/api_keys', { body });
    setSecret({ title: `New key ${key.name}`, value: key.secret });
    list.reload();
  });
  const [revoke, runRevoke] = useAction(async (key) => {
    await api('DELETE', `/v1/api_keys/${key.id}`);
    setRevoking(null);
    list.reload();
  });
  const rolled = (key) => {
    setRolling(null);
    setSecret({ title: `Rolled key ${key.name}`, value: key.secret });
    list.reload();
  };
  return html`<h1>API keys</h1>
    ${secret && html`<${SecretOnce} title=${secret.title} secret=${secret.value} onDismiss=${() => setSecret(null)} />`}
    <details class="panel"><summary>New API key</summary>
      <form onSubmit=${onSubmit(runCreate)} aria-label="New API key">
        <label>Name<input name="name" required maxlength="200" /></label>
        <label>Role<select name="role"><option value="standard">standard</option><option value="admin">admin</option></select></label>
        <label>Expires after (days, empty for never)<input name="expires_days" type="number" min="0" step="any" /></label>
        <button type="submit" disabled=${create.busy}>Create key</button>
        <${ErrorBox} error=${create.error} />
      </form>
    </details>
    <${ErrorBox} error=${list.error || revoke.error} />
    <${Loading} state=${list} />
    ${list.data && html`<div class="table-wrap" tabindex="0"><table>
      <caption class="visually-hidden">API keys</caption>
      <thead><tr><th scope="col">Name</th><th scope="col">Role</th><th scope="col">Key</th><th scope="col">Status</th><th scope="col">Created</th><th scope="col">Last used</th><th scope="col">Expires</th><th scope="col">Actions</th></tr></thead>
      <tbody>${list.data.data.map((k) => html`<tr>
        <td>${k.name}</td><td>${k.role}</td><td><code>…${k.last4}</code></td><td><${Status} status=${k.status} /></td>
        <td><${Time} iso=${k.created_at} /></td><td><${Time} iso=${k.last_used_at} /></td><td><${Time} iso=${k.expires_at} /></td>
        <td>${k.status === 'active' && html`
          ${rolling === k.id
            ? html`<${RollForm} apiKey=${k} onRolled=${rolled} onClose=${() => setRolling(null)} />`
            : html`<button type="button" onClick=${() => setRolling(k.id)} aria-label=${`Roll ${k.name}`}>Roll</button>`}
          ${revoking === k.id
            ? html`<button type="button" class="danger" onClick=${() => runRevoke(k)} aria-label=${`Confirm revoking ${k.name}`}>Confirm revoke</button>
                <button type="button" onClick=${() => setRevoking(null)}>Keep</button>`
            : html`<button type="button" onClick=${() => setRevoking(k.id)} aria-label=${`Revoke ${k.name}`}>Revoke</button>`}`}
        </td>
      </tr>`)}</tbody>
    </table></div>`}
    <${Pager} pager=${pager} list=${list.data} label="API keys" />`;
}
