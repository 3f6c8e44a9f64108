// The s2d console: a sign-in form, then one page per area of the API.
// Routing is by the URL's hash (#/templates/tpl_...), so the server serves
// one page and the credentials never appear in a URL.
import './style.css';
import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { call, clearSession, loadSession, saveSession } from './api.js';
import { ErrorBox, SessionContext, html, useAction } from './ui.js';
import { TemplatesPage, TemplatePage } from './pages/templates.js';
import { GenerationsPage, GenerationPage } from './pages/generations.js';
import { TestGenerationPage } from './pages/test_generation.js';
import { ApiKeysPage } from './pages/api_keys.js';
import { WebhooksPage, WebhookPage } from './pages/webhooks.js';
import { RequestLogsPage } from './pages/request_logs.js';
import { SettingsPage } from './pages/settings.js';
import { DataSourcesPage, DataSourcePage } from './pages/data_sources.js';
import { NodesPage, WorkspacesPage } from './pages/operator.js';

const WORKSPACE_PAGES = [
  ['templates', 'Templates'],
  ['data-sources', 'Data sources'],
  ['generations', 'Generations'],
  ['test', 'Test a generation'],
  ['webhooks', 'Webhooks'],
  ['api-keys', 'API keys'],
  ['request-logs', 'Request logs'],
  ['settings', 'Settings'],
];
const OPERATOR_PAGES = [
  ['nodes', 'Nodes'],
  ['workspaces', 'Workspaces'],
];

function parseHash() {
  const [path, query] = location.hash.replace(/^#\/?/, '').split('?');
  const [page, id] = path.split('/').map(decodeURIComponent);
  return { page: page || '', id: id || null, query: new URLSearchParams(query || '') };
}

function useRoute() {
  const [route, setRoute] = useState(parseHash);
  useEffect(() => {
    const changed = () => setRoute(parseHash());
    addEventListener('hashchange', changed);
    // The hash may have changed between the first render and this effect.
    changed();
    return () => removeEventListener('hashchange', changed);
  }, []);
  return route;
}

function SignIn({ onSignedIn }) {
  const [state, run] = useAction(async (form) => {
    const session = {
      apiKey: form.get('api_key').trim(),
      workspaceId: form.get('workspace_id').trim(),
      operatorToken: form.get('operator_token').trim(),
    };
    if (!session.operatorToken && !(session.apiKey && session.workspaceId)) {
      throw new Error('Enter an API key and a Workspace ID, or an operator token.');
    }
    // Checked against the API before anything is kept.
    if (session.apiKey) await call(session, 'GET', '/v1/templates', { query: { limit: 1 } });
    if (session.operatorToken) await call(session, 'GET', '/v1/admin/workspaces', { scope: 'operator' });
    saveSession(session);
    onSignedIn(session);
  });
  const submit = (event) => {
    event.preventDefault();
    run(new FormData(event.currentTarget));
  };
  return html`<main class="sign-in" id="main">
    <h1>s2d console</h1>
    <form onSubmit=${submit} aria-label="Sign in">
      <label>API key<input name="api_key" type="password" autocomplete="off" spellcheck=${false} /></label>
      <label>Workspace ID<input name="workspace_id" autocomplete="off" spellcheck=${false} /></label>
      <label>Operator token<input name="operator_token" type="password" autocomplete="off" spellcheck=${false} />
        <span class="hint">Optional: for the Nodes and Workspaces pages.</span></label>
      <button type="submit" disabled=${state.busy}>Sign in</button>
      <${ErrorBox} error=${state.error} />
    </form>
    <p class="hint">The key is kept in this tab's session storage only and cleared when you sign out.</p>
  </main>`;
}

function pageFor(route, session) {
  const { page, id, query } = route;
  const workspace = {
    templates: id ? html`<${TemplatePage} id=${id} />` : html`<${TemplatesPage} />`,
    'data-sources': id ? html`<${DataSourcePage} id=${id} />` : html`<${DataSourcesPage} />`,
    generations: id ? html`<${GenerationPage} id=${id} />` : html`<${GenerationsPage} />`,
    test: html`<${TestGenerationPage} templateId=${query.get('template')} />`,
    webhooks: id ? html`<${WebhookPage} id=${id} />` : html`<${WebhooksPage} />`,
    'api-keys': html`<${ApiKeysPage} />`,
    'request-logs': html`<${RequestLogsPage} />`,
    settings: html`<${SettingsPage} />`,
  };
  const operator = { nodes: html`<${NodesPage} />`, workspaces: html`<${WorkspacesPage} />` };
  if (session.apiKey && workspace[page]) return workspace[page];
  if (session.operatorToken && operator[page]) return operator[page];
  return null;
}

function NavLinks({ pages, current }) {
  return pages.map(
    ([page, label]) =>
      html`<li><a href=${`#/${page}`} aria-current=${current === page ? 'page' : undefined}>${label}</a></li>`,
  );
}

function Shell({ session, onSignOut }) {
  const route = useRoute();
  const content = pageFor(route, session);
  useEffect(() => {
    if (!content) location.replace(session.apiKey ? '#/templates' : '#/nodes');
  }, [content]);
  const [menuOpen, setMenuOpen] = useState(false);
  useEffect(() => setMenuOpen(false), [route.page, route.id]);
  return html`<${SessionContext.Provider} value=${session}>
    <a class="skip" href="#main" onClick=${(e) => { e.preventDefault(); document.getElementById('main').focus(); }}>Skip to content</a>
    <header class="top">
      <span class="brand">s2d console</span>
      <span class="who">${session.workspaceId || 'operator'}</span>
      <button type="button" class="menu-toggle" aria-expanded=${menuOpen} aria-controls="nav"
        onClick=${() => setMenuOpen(!menuOpen)}>Menu</button>
      <button type="button" onClick=${onSignOut}>Sign out</button>
    </header>
    <div class="layout">
      <nav id="nav" aria-label="Main" class=${menuOpen ? 'open' : ''}>
        ${session.apiKey && html`<ul><${NavLinks} pages=${WORKSPACE_PAGES} current=${route.page} /></ul>`}
        ${session.operatorToken && html`<h2>Operator</h2><ul><${NavLinks} pages=${OPERATOR_PAGES} current=${route.page} /></ul>`}
      </nav>
      <main id="main" tabindex="-1" data-page=${route.page}>${content}</main>
    </div>
  <//>`;
}

function App() {
  const [session, setSession] = useState(loadSession);
  const signOut = () => {
    clearSession();
    setSession(null);
    location.hash = '';
  };
  if (!session) return html`<${SignIn} onSignedIn=${(s) => { setSession(s); location.hash = s.apiKey ? '#/templates' : '#/nodes'; }} />`;
  return html`<${Shell} session=${session} onSignOut=${signOut} />`;
}

render(html`<${App} />`, document.getElementById('app'));
