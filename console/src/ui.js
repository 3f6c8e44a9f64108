// Shared pieces of every page: data loading, polling, cursor pagination,
// errors, dates, one-time secrets. Everything user-supplied is rendered as
// text nodes by Preact; nothing here builds HTML from strings.
import { h, createContext } from 'preact';
import { useCallback, useContext, useEffect, useRef, useState } from 'preact/hooks';
import htm from 'htm';
import { call } from './api.js';
import { dateTime } from './format.js';

export const html = htm.bind(h);
export const SessionContext = createContext(null);

// The API bound to the signed-in session.
export function useApi() {
  const session = useContext(SessionContext);
  return useCallback((method, path, options) => call(session, method, path, options), [session]);
}

// Runs `load` when `deps` change; `reload` runs it again. A quiet reload
// (polling) keeps showing the previous data while it runs.
export function useLoad(load, deps) {
  const [state, setState] = useState({ data: null, error: null, loading: true });
  const generation = useRef(0);
  const run = useCallback(async () => {
    const mine = ++generation.current;
    try {
      const data = await load();
      if (mine === generation.current) setState({ data, error: null, loading: false });
    } catch (error) {
      if (mine === generation.current) setState((s) => ({ data: s.data, error, loading: false }));
    }
  }, deps);
  useEffect(() => {
    setState((s) => ({ ...s, loading: true }));
    run();
  }, [run]);
  return { ...state, reload: run };
}

// Calls `tick` every `ms` while `active` and the tab is visible.
export function usePoll(tick, ms, active = true) {
  const saved = useRef(tick);
  saved.current = tick;
  useEffect(() => {
    if (!active) return undefined;
    const timer = setInterval(() => {
      if (document.visibilityState === 'visible') saved.current();
    }, ms);
    return () => clearInterval(timer);
  }, [ms, active]);
}

// Cursor pagination over a newest-first list: `query` goes to the API,
// next/previous walk the pages.
export function usePager(pageSize = 20) {
  const [cursors, setCursors] = useState([]);
  const current = cursors[cursors.length - 1];
  return {
    query: { limit: pageSize, starting_after: current },
    page: cursors.length + 1,
    next: (lastId) => setCursors([...cursors, lastId]),
    previous: () => setCursors(cursors.slice(0, -1)),
    reset: () => setCursors([]),
  };
}

export function Pager({ pager, list, label }) {
  if (!list) return null;
  const last = list.data[list.data.length - 1];
  const lastId = last && (last.id || last.version);
  return html`<nav class="pager" aria-label=${`${label} pages`}>
    <button type="button" disabled=${pager.page === 1} onClick=${pager.previous}>Previous page</button>
    <span>Page ${pager.page}</span>
    <button type="button" disabled=${!list.has_more} onClick=${() => pager.next(lastId)}>Next page</button>
  </nav>`;
}

// An API error with its message and request id, or a local Error.
export function ErrorBox({ error }) {
  if (!error) return null;
  return html`<div class="error" role="alert">
    <strong>${error.code ? `Error ${error.status || ''} ${error.code}` : 'Error'}</strong>
    <span class="error-message">${error.message}</span>
    ${error.requestId && html`<span class="request-id">request_id: <code>${error.requestId}</code></span>`}
    ${error.detail && error.detail.param && html`<span>param: <code>${error.detail.param}</code></span>`}
  </div>`;
}

export function Time({ iso }) {
  if (!iso) return html`<span class="muted">—</span>`;
  return html`<time datetime=${iso}>${dateTime(iso)}</time>`;
}

export function Status({ status }) {
  return html`<span class=${`status status-${status}`}>${status}</span>`;
}

export function Loading({ state }) {
  return state.loading && !state.data ? html`<p class="muted" aria-live="polite">Loading…</p>` : null;
}

// A secret shown once: copy it, then dismiss; after that it is gone from
// the page and from memory.
export function SecretOnce({ title, secret, onDismiss }) {
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(secret);
      setCopied(true);
    } catch {
      setCopied(false);
    }
  };
  return html`<section class="secret" aria-label=${title}>
    <h3>${title}</h3>
    <p>Copy it now: it is shown only once.</p>
    <code class="secret-value" data-testid="secret">${secret}</code>
    <div class="row">
      <button type="button" onClick=${copy}>Copy secret</button>
      <button type="button" onClick=${onDismiss}>I have saved it</button>
      <span aria-live="polite">${copied ? 'Copied.' : ''}</span>
    </div>
  </section>`;
}

// A form whose submit runs `action` and shows its error or `done` message.
export function useAction(action) {
  const [state, setState] = useState({ busy: false, error: null, done: null });
  const run = async (...args) => {
    setState({ busy: true, error: null, done: null });
    try {
      const done = await action(...args);
      setState({ busy: false, error: null, done: done || null });
    } catch (error) {
      setState({ busy: false, error, done: null });
    }
  };
  return [state, run];
}

export function onSubmit(run) {
  return (event) => {
    event.preventDefault();
    run(new FormData(event.currentTarget));
  };
}

export function JsonBlock({ value, label }) {
  return html`<pre class="json" tabindex="0" aria-label=${label}>${
    typeof value === 'string' ? value : JSON.stringify(value, null, 2)
  }</pre>`;
}
