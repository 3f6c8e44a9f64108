// Settings: the workspace's retention, default locale and time zone.
import { ErrorBox, Loading, html, onSubmit, useAction, useApi, useLoad } from '../ui.js';

export function SettingsPage() {
  const api = useApi();
  const workspace = useLoad(() => api('GET', '/v1/workspace'), [api]);
  const [save, runSave] = useAction(async (form) => {
    await api('PATCH', '/v1/workspace', {
      body: {
        retention_days: Number(form.get('retention_days')),
        default_locale: form.get('default_locale').trim(),
        default_timezone: form.get('default_timezone').trim(),
      },
    });
    await workspace.reload();
    return 'Settings saved.';
  });
  const w = workspace.data;
  return html`<h1>Settings</h1>
    <${ErrorBox} error=${workspace.error} />
    <${Loading} state=${workspace} />
    ${w && html`<p class="meta">${w.name} · <code>${w.id}</code> · rate limit ${w.rate_limit.per_second}/s, burst ${w.rate_limit.burst}</p>
      <form class="panel" onSubmit=${onSubmit(runSave)} aria-label="Workspace settings">
        <label>Retention (days)<input name="retention_days" type="number" min="1" max="3650" required value=${w.retention_days} /></label>
        <label>Default locale<input name="default_locale" required minlength="2" maxlength="35" value=${w.default_locale} /></label>
        <label>Default time zone<input name="default_timezone" required maxlength="64" value=${w.default_timezone} /></label>
        <button type="submit" disabled=${save.busy}>Save settings</button>
        <p role="status">${save.done}</p>
        <${ErrorBox} error=${save.error} />
      </form>`}`;
}
