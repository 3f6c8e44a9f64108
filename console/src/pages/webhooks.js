// Webhooks: endpoints (the signing secret shown once), secret rotation,
// the deliveries log and redelivery.
import { useState } from 'preact/hooks';
import { ErrorBox, Loading, Pager, SecretOnce, Time, html, onSubmit, useAction, useApi, useLoad, usePager } from '../ui.js';

const EVENTS = ['generation.completed', 'generation.failed', 'generation.canceled'];

export function WebhooksPage() {
  const api = useApi();
  const pager = usePager();
  const list = useLoad(() => api('GET', '/v1/webhook_endpoints', { query: pager.query }), [api, pager.page]);
  const [secret, setSecret] = useState(null);
  const [create, runCreate] = useAction(async (form) => {
    const body = { url: form.get('url').trim(), events: form.getAll('events') };
    const description = form.get('description').trim();
    if (description) body.description = description;
    const endpoint = await api('POST', '/v1/webhook_endpoints', { body });
    setSecret(endpoint.secret);
    list.reload();
  });
  return html`<h1>Webhooks</h1>
    ${secret && html`<${SecretOnce} title="Signing secret" secret=${secret} onDismiss=${() => setSecret(null)} />`}
    <details class="panel"><summary>New endpoint</summary>
      <form onSubmit=${onSubmit(runCreate)} aria-label="New endpoint">
        <label>Endpoint URL<input name="url" type="url" required maxlength="2048" /></label>
        <fieldset><legend>Events</legend>
          ${EVENTS.map((e) => html`<label class="inline"><input type="checkbox" name="events" value=${e} checked /> ${e}</label>`)}
        </fieldset>
        <label>Description<input name="description" maxlength="500" /></label>
        <button type="submit" disabled=${create.busy}>Create endpoint</button>
        <${ErrorBox} error=${create.error} />
      </form>
    </details>
    <${ErrorBox} error=${list.error} />
    <${Loading} state=${list} />
    ${list.data && html`<div class="table-wrap" tabindex="0"><table>
      <caption class="visually-hidden">Webhook endpoints</caption>
      <thead><tr><th scope="col">URL</th><th scope="col">Events</th><th scope="col">State</th><th scope="col">Created</th></tr></thead>
      <tbody>${list.data.data.map((w) => html`<tr>
        <td><a href=${`#/webhooks/${w.id}`}>${w.url}</a>${w.description && html`<div class="muted">${w.description}</div>`}</td>
        <td>${w.events.join(', ')}</td>
        <td>${w.enabled ? 'enabled' : `disabled (${w.disabled_reason})`}</td>
        <td><${Time} iso=${w.created_at} /></td>
      </tr>`)}</tbody>
    </table></div>
    ${list.data.data.length === 0 && html`<p class="muted">No endpoints yet.</p>`}`}
    <${Pager} pager=${pager} list=${list.data} label="Endpoints" />`;
}

function Deliveries({ endpointId }) {
  const api = useApi();
  const pager = usePager();
  const list = useLoad(() => api('GET', `/v1/webhook_endpoints/${endpointId}/deliveries`, { query: pager.query }), [api, endpointId, pager.page]);
  const [redeliver, runRedeliver] = useAction(async (eventId) => {
    await api('POST', `/v1/events/${eventId}/redeliver`, { body: { endpoint_id: endpointId } });
    return `Event ${eventId} queued again.`;
  });
  return html`<section aria-label="Deliveries">
    <h2>Deliveries</h2>
    <p><button type="button" onClick=${list.reload}>Refresh deliveries</button></p>
    <p role="status">${redeliver.done}</p>
    <${ErrorBox} error=${list.error || redeliver.error} />
    ${list.data && html`<div class="table-wrap" tabindex="0"><table>
      <caption class="visually-hidden">Deliveries</caption>
      <thead><tr><th scope="col">Time</th><th scope="col">Event</th><th scope="col">Attempt</th><th scope="col">Status code</th><th scope="col">Latency</th><th scope="col">Error</th><th scope="col">Response</th><th scope="col">Actions</th></tr></thead>
      <tbody>${list.data.data.map((d) => html`<tr>
        <td><${Time} iso=${d.created_at} /></td>
        <td><code>${d.event_id}</code><div class="muted">${d.event_type}</div></td>
        <td>${d.attempt}</td>
        <td>${d.status_code === null ? '—' : d.status_code}</td>
        <td>${d.latency_ms} ms</td>
        <td>${d.error ? html`<code>${d.error.code}</code> ${d.error.message}` : ''}</td>
        <td>${d.response_body && html`<details><summary>Response</summary><pre class="json">${d.response_body}</pre></details>`}</td>
        <td><button type="button" onClick=${() => runRedeliver(d.event_id)} aria-label=${`Redeliver ${d.event_id}`}>Redeliver</button></td>
      </tr>`)}</tbody>
    </table></div>
    ${list.data.data.length === 0 && html`<p class="muted">No deliveries yet.</p>`}`}
    <${Pager} pager=${pager} list=${list.data} label="Deliveries" />
  </section>`;
}

export function WebhookPage({ id }) {
  const api = useApi();
  const endpoint = useLoad(() => api('GET', `/v1/webhook_endpoints/${id}`), [api, id]);
  const [secret, setSecret] = useState(null);
  const [rotate, runRotate] = useAction(async (form) => {
    const rotated = await api('POST', `/v1/webhook_endpoints/${id}/rotate_secret`, { body: { overlap_hours: Number(form.get('overlap_hours')) } });
    setSecret(rotated.secret);
    endpoint.reload();
  });
  const [toggle, runToggle] = useAction(async (enabled) => {
    await api('PATCH', `/v1/webhook_endpoints/${id}`, { body: { enabled } });
    endpoint.reload();
  });
  const w = endpoint.data;
  return html`<p><a href="#/webhooks">← Webhooks</a></p>
    <h1>Webhook endpoint</h1>
    <${ErrorBox} error=${endpoint.error || rotate.error || toggle.error} />
    <${Loading} state=${endpoint} />
    ${secret && html`<${SecretOnce} title="New signing secret" secret=${secret} onDismiss=${() => setSecret(null)} />`}
    ${w && html`<dl class="facts">
        <dt>URL</dt><dd>${w.url}</dd>
        <dt>ID</dt><dd><code>${w.id}</code></dd>
        <dt>Events</dt><dd>${w.events.join(', ')}</dd>
        <dt>State</dt><dd>${w.enabled ? 'enabled' : `disabled (${w.disabled_reason})`}${' '}
          <button type="button" onClick=${() => runToggle(!w.enabled)}>${w.enabled ? 'Disable' : 'Enable'}</button></dd>
        ${w.previous_secret_expires_at && html`<dt>Previous secret signs until</dt><dd><${Time} iso=${w.previous_secret_expires_at} /></dd>`}
        ${w.failing_since && html`<dt>Failing since</dt><dd><${Time} iso=${w.failing_since} /></dd>`}
      </dl>
      <form class="inline-form" onSubmit=${onSubmit(runRotate)} aria-label="Rotate secret">
        <label>Old secret keeps signing for (hours)<input name="overlap_hours" type="number" min="0" max="720" value="24" /></label>
        <button type="submit" disabled=${rotate.busy}>Rotate secret</button>
      </form>
      <${Deliveries} endpointId=${w.id} />`}`;
}
