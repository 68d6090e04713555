// The ndp admin page: plain DOM, no framework, no third-party code. Every text from the host is written with
// textContent (never as HTML), so a plugin's name, manifest or log line cannot inject markup.
const TOKEN_KEY = 'ndp.adminToken';
const POLL_MS = 2000;

const $ = (id) => document.getElementById(id);
let selected = sessionStorage.getItem('ndp.selected') ?? undefined;
let pollTimer;
let lastDetailKey = '';

function token() {
  return sessionStorage.getItem(TOKEN_KEY) ?? '';
}

async function api(method, path, body) {
  const response = await fetch(path, {
    method,
    headers: {
      authorization: `Bearer ${token()}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const data = await response.json().catch(() => ({}));
  if (response.status === 401) {
    signOut('The admin token was refused: enter it again.');
    throw new Error(data?.error?.message ?? 'unauthorized');
  }
  if (!response.ok) {
    const error = new Error(data?.error?.message ?? `${response.status} ${response.statusText}`);
    error.details = data?.error?.details;
    throw error;
  }
  return data;
}

function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (key === 'text') node.textContent = value;
    else if (key === 'class') node.className = value;
    else if (key.startsWith('on')) node.addEventListener(key.slice(2), value);
    else if (value === true) node.setAttribute(key, '');
    else if (value !== false && value !== undefined && value !== null) node.setAttribute(key, String(value));
  }
  for (const child of children) if (child !== undefined && child !== null) node.append(child);
  return node;
}

function bytes(n) {
  if (!n) return '—';
  const units = ['B', 'KiB', 'MiB', 'GiB'];
  let i = 0;
  while (n >= 1024 && i < units.length - 1) {
    n /= 1024;
    i++;
  }
  return `${n.toFixed(i === 0 ? 0 : 1)} ${units[i]}`;
}

function ms(v) {
  return v === null || v === undefined ? '—' : `${v < 1 ? v.toFixed(3) : v.toFixed(1)} ms`;
}

function stateText(p) {
  return p.state === 'failed' && p.error ? `failed: ${p.error.message}` : p.state;
}

// ---- sign-in ---------------------------------------------------------------------------------------------------

function signOut(message) {
  sessionStorage.removeItem(TOKEN_KEY);
  clearTimeout(pollTimer);
  $('plugins').hidden = true;
  $('detail').hidden = true;
  $('sign-out').hidden = true;
  $('sign-in').hidden = false;
  $('sign-in-error').textContent = message ?? '';
  $('token').focus();
}

$('sign-in-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  sessionStorage.setItem(TOKEN_KEY, $('token').value);
  $('token').value = '';
  try {
    await api('GET', '/api/admin/plugins');
  } catch {
    return; // api() already showed why
  }
  start();
});

$('sign-out').addEventListener('click', () => signOut());

// ---- plugin list -----------------------------------------------------------------------------------------------

function renderList(plugins) {
  const rows = plugins.map((p) => {
    const id = p.id ?? p.folder;
    const f = p.figures ?? {};
    const errors = Object.entries(f.errorsByCode ?? {})
      .map(([code, n]) => `${code} ${n}`)
      .join(', ');
    const perInstance = p.memory && p.memory.instances ? p.memory.totalBytes / p.memory.instances : 0;
    const open = el('button', {
      type: 'button',
      class: 'link',
      text: id,
      'aria-pressed': String(id === selected),
      onclick: () => select(p.id ? id : undefined),
      disabled: !p.id,
    });
    return el(
      'tr',
      { 'data-plugin': id, class: p.state },
      el('th', { scope: 'row' }, open),
      el('td', { text: p.version ?? '—' }),
      el('td', { text: p.author ?? '—' }),
      el('td', { class: 'state', text: stateText(p) }),
      el('td', { text: p.capabilities.join(', ') || '—' }),
      el('td', {
        text: p.runtime ? [p.runtime.engine, p.runtime.executor].filter(Boolean).join(' / ') : '—',
      }),
      el('td', { class: 'num', text: String(f.calls ?? 0) }),
      el('td', { text: errors || (f.errors ? String(f.errors) : '0') }),
      el('td', { class: 'num', text: `${ms(f.p50Ms)} / ${ms(f.p99Ms)}` }),
      el('td', { class: 'num', text: p.pool ? `${p.pool.inUse} / ${p.pool.idle}` : '—' }),
      el('td', { class: 'num', text: bytes(perInstance) }),
    );
  });
  $('plugin-table').tBodies[0].replaceChildren(...rows);
}

async function poll() {
  clearTimeout(pollTimer);
  try {
    const { plugins } = await api('GET', '/api/admin/plugins');
    renderList(plugins);
    $('list-error').textContent = '';
    if (selected) await loadDetail(selected);
  } catch (e) {
    if (!token()) return;
    $('list-error').textContent = `Cannot read the plugin list: ${e.message}`;
  }
  pollTimer = setTimeout(poll, POLL_MS);
}

// ---- detail ----------------------------------------------------------------------------------------------------

async function select(id) {
  selected = id;
  if (id) sessionStorage.setItem('ndp.selected', id);
  else sessionStorage.removeItem('ndp.selected');
  lastDetailKey = '';
  $('action-outcome').textContent = '';
  $('settings-outcome').textContent = '';
  if (!id) {
    $('detail').hidden = true;
    return;
  }
  await loadDetail(id);
  $('detail-title').focus();
}

async function loadDetail(id) {
  let d;
  try {
    d = await api('GET', `/api/admin/plugins/${encodeURIComponent(id)}`);
  } catch (e) {
    $('detail').hidden = false;
    $('detail-title').textContent = id;
    $('detail-state').textContent = e.message;
    return;
  }
  $('detail').hidden = false;
  $('detail-title').textContent = `${d.id} ${d.version ?? ''}`.trim();
  $('detail-title').tabIndex = -1;
  $('detail-state').textContent = `State: ${stateText(d)}`;
  $('detail-state').className = d.state === 'failed' ? 'error' : '';
  for (const button of document.querySelectorAll('[data-action]')) {
    const action = button.dataset.action;
    button.disabled =
      (action === 'enable' && d.state !== 'disabled') || (action === 'disable' && d.state === 'disabled');
  }
  renderPermissions(d.manifest?.permissions ?? {});
  renderSchedules(d.schedules);
  renderConnections(d.connections);
  $('logs').replaceChildren(
    ...d.logs.map((l) =>
      el(
        'li',
        { class: `log ${l.level}` },
        el('time', { text: l.time }),
        ` ${l.level} ${l.source}: `,
        l.message,
      ),
    ),
  );
  $('manifest').textContent = JSON.stringify(d.manifest, null, 2);
  // The form is rebuilt only when the plugin or its schema changed, so a poll never wipes what is being typed.
  const key = `${d.id}\n${JSON.stringify(d.settings?.map((s) => [s.key, s.type, s.enum]))}`;
  if (key !== lastDetailKey) {
    lastDetailKey = key;
    renderSettings(d.settings);
  }
}

function renderPermissions(permissions) {
  const items = Object.entries(permissions).map(([name, p]) => {
    const bits = [];
    if (p?.reason) bits.push(p.reason);
    if (p?.allowedUrls) {
      const urls = Array.isArray(p.allowedUrls)
        ? p.allowedUrls
        : Object.entries(p.allowedUrls).map(([u, methods]) => `${methods.join(' ')} ${u}`);
      bits.push(`allowed: ${urls.join('; ')}`);
    }
    if (p?.allowLocalNetwork) bits.push('may reach the local network');
    return el('li', {}, el('strong', { text: name }), bits.length ? ` — ${bits.join(' · ')}` : '');
  });
  $('permissions').replaceChildren(
    ...(items.length ? items : [el('li', { text: 'none (no host services)' })]),
  );
}

function renderSchedules(schedules) {
  const body = $('schedules').tBodies[0];
  if (!Array.isArray(schedules)) {
    body.replaceChildren(el('tr', {}, el('td', { colspan: 3, text: `cannot list: ${schedules?.error}` })));
    return;
  }
  body.replaceChildren(
    ...(schedules.length
      ? schedules.map((s) =>
          el(
            'tr',
            {},
            el('td', { text: s.scheduleId }),
            el('td', { text: s.isRecurring ? `recurring (${s.expression})` : 'one-time' }),
            el('td', { text: s.nextFireAt ?? '—' }),
          ),
        )
      : [el('tr', {}, el('td', { colspan: 3, text: 'none' }))]),
  );
}

function renderConnections(connections) {
  $('connections').tBodies[0].replaceChildren(
    ...(connections.length
      ? connections.map((c) =>
          el(
            'tr',
            {},
            el('td', { text: c.connectionId }),
            el('td', { text: c.url }),
            el('td', { text: c.open ? 'yes' : 'connecting' }),
            el('td', { text: c.since }),
          ),
        )
      : [el('tr', {}, el('td', { colspan: 4, text: 'none' }))]),
  );
}

function renderSettings(settings) {
  const form = $('settings-form');
  $('settings-none').hidden = Boolean(settings);
  form.hidden = !settings;
  if (!settings) return;
  const fields = settings.map((s) => {
    const id = `setting-${s.key}`;
    const hint = [
      s.description,
      s.required ? 'required' : undefined,
      s.origin === 'saved' ? 'saved here' : undefined,
    ]
      .filter(Boolean)
      .join(' · ');
    let input;
    if (s.enum) {
      input = el(
        'select',
        { id, name: s.key },
        ...(s.required ? [] : [el('option', { value: '', text: '(not set)' })]),
        ...s.enum.map((v) =>
          el('option', { value: String(v), text: String(v), selected: String(v) === s.value }),
        ),
      );
    } else if (s.type === 'boolean') {
      input = el(
        'select',
        { id, name: s.key },
        el('option', { value: '', text: '(not set)' }),
        el('option', { value: 'true', text: 'true', selected: s.value === 'true' }),
        el('option', { value: 'false', text: 'false', selected: s.value === 'false' }),
      );
    } else if (s.secret) {
      input = el('input', {
        id,
        name: s.key,
        type: 'password',
        autocomplete: 'off',
        placeholder: s.isSet ? 'set — leave empty to keep it' : 'not set',
      });
    } else {
      input = el('input', {
        id,
        name: s.key,
        type: s.type === 'number' || s.type === 'integer' ? 'number' : 'text',
        step: s.type === 'integer' ? '1' : s.type === 'number' ? 'any' : undefined,
        value: s.value ?? '',
        placeholder: s.default !== undefined ? `default: ${s.default}` : undefined,
      });
    }
    input.dataset.secret = String(Boolean(s.secret));
    input.dataset.original = s.value ?? '';
    if (hint) input.setAttribute('aria-describedby', `${id}-hint`);
    return el(
      'div',
      { class: 'field' },
      el('label', { for: id, text: s.title === s.key ? s.key : `${s.title} (${s.key})` }),
      input,
      hint ? el('small', { id: `${id}-hint`, text: hint }) : undefined,
      el('span', { class: 'field-error', id: `${id}-error`, role: 'alert' }),
    );
  });
  $('settings-fields').replaceChildren(...fields);
}

$('settings-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const values = {};
  for (const input of $('settings-fields').querySelectorAll('input, select')) {
    const value = input.value;
    if (input.dataset.secret === 'true') {
      if (value !== '') values[input.name] = value; // empty = keep the secret in force
    } else if (value !== input.dataset.original) {
      values[input.name] = value === '' ? null : value;
    }
  }
  for (const e of document.querySelectorAll('.field-error')) e.textContent = '';
  $('settings-outcome').textContent = 'Saving…';
  $('settings-outcome').className = '';
  try {
    const d = await api('PUT', `/api/admin/plugins/${encodeURIComponent(selected)}/settings`, { values });
    lastDetailKey = '';
    $('settings-outcome').textContent =
      d.state === 'ready'
        ? 'Saved; the plugin reloaded and is ready.'
        : `Saved; the plugin is ${stateText(d)}`;
    $('settings-outcome').className = d.state === 'ready' ? 'ok' : 'error';
    await loadDetail(selected);
  } catch (e) {
    $('settings-outcome').textContent = `Not saved: ${e.message}`;
    $('settings-outcome').className = 'error';
    for (const issue of e.details?.issues ?? []) {
      const target = $(`setting-${issue.key}-error`);
      if (target) target.textContent = issue.message;
    }
  }
});

for (const button of document.querySelectorAll('[data-action]')) {
  button.addEventListener('click', async () => {
    const action = button.dataset.action;
    if (action === 'remove' && !confirm(`Remove plugin "${selected}" and delete its folder?`)) return;
    $('action-outcome').textContent = `${action}…`;
    $('action-outcome').className = '';
    try {
      const r = await api('POST', `/api/plugins/${encodeURIComponent(selected)}/${action}`);
      $('action-outcome').textContent =
        `${action}: ${r.state === 'failed' && r.error ? `failed: ${r.error.message}` : r.state}`;
      $('action-outcome').className = r.state === 'failed' ? 'error' : 'ok';
      if (r.state === 'removed') await select(undefined);
    } catch (e) {
      $('action-outcome').textContent = `${action} failed: ${e.message}`;
      $('action-outcome').className = 'error';
    }
    await poll();
  });
}

// ---- start -----------------------------------------------------------------------------------------------------

function start() {
  $('sign-in').hidden = true;
  $('plugins').hidden = false;
  $('sign-out').hidden = false;
  $('host-line').textContent = `Host ${location.host}`;
  void poll();
}

if (token()) start();
else signOut();
