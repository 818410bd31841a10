// The console's shell: sign-in with an admin key, the tenant a platform admin picks, the navigation
// each role gets, and the hash routes (#/overview, #/spend, …) that render one page at a time.
// Sign-in is one function (signIn) over one identity call (GET /admin/v1/me), so an OIDC/Cognito
// sign-in can replace the key form later by putting its token where the key goes.

import { api, session, ApiError } from './api.js';
import { el, clear, errorBox, disposeCharts, select, field } from './ui.js';
import { overview } from './pages/overview.js';
import { spend } from './pages/spend.js';
import { keys } from './pages/keys.js';
import { budgets } from './pages/budgets.js';
import { routing } from './pages/routing.js';
import { organisation } from './pages/organisation.js';

const ANALYTICS = ['platform', 'tenant_admin', 'finance', 'department_admin'];
const PAGES = [
  { id: 'overview', label: 'Overview', roles: ANALYTICS, render: overview },
  { id: 'spend', label: 'Spend', roles: ANALYTICS, render: spend },
  { id: 'keys', label: 'Keys', roles: ['platform', 'tenant_admin', 'department_admin', 'member'], render: keys },
  { id: 'budgets', label: 'Budgets', roles: ['platform', 'tenant_admin', 'department_admin', 'finance', 'member'], render: budgets },
  { id: 'routing', label: 'Routing', roles: ANALYTICS, render: routing },
  { id: 'organisation', label: 'Organisation', roles: ['platform', 'tenant_admin', 'department_admin', 'finance', 'member'], render: organisation },
];

const view = document.getElementById('view');
let context = null;
let rendering = 0;

function role(me) {
  return me.kind === 'platform' ? 'platform' : me.role;
}

/** What the signed-in caller may do, by the admin API's role table (docs/admin-api.md, "Roles"). */
function makeContext(me, tenant) {
  const r = role(me);
  return {
    me, tenant, role: r, tenantId: tenant.tenantId,
    departmentId: r === 'department_admin' ? me.departmentId : null,
    can: {
      analytics: ANALYTICS.includes(r),
      manageKeys: r !== 'finance',
      editBudgets: ['platform', 'tenant_admin', 'department_admin'].includes(r),
      editRouting: ['platform', 'tenant_admin', 'department_admin'].includes(r),
      audit: ['platform', 'tenant_admin'].includes(r),
      manageOrg: ['platform', 'tenant_admin'].includes(r),
    },
    path: (suffix) => `tenants/${encodeURIComponent(tenant.tenantId)}${suffix}`,
    // a department admin's analytics are their department's (the API refuses any other)
    scoped: (query = {}) => (r === 'department_admin' && me.departmentId ? { ...query, departmentId: me.departmentId } : query),
  };
}

function pagesFor(ctx) {
  return PAGES.filter((p) => p.roles.includes(ctx.role));
}

function showChrome(ctx) {
  const nav = document.getElementById('nav');
  clear(nav);
  for (const page of pagesFor(ctx)) {
    nav.append(el('a', { href: `#/${page.id}`, dataset: { page: page.id } }, page.label));
  }
  nav.hidden = false;
  document.getElementById('nav-toggle').hidden = false;
  document.getElementById('sign-out').hidden = false;
  document.getElementById('switch-tenant').hidden = ctx.role !== 'platform';
  document.getElementById('tenant-name').textContent = ctx.tenant.name || ctx.tenantId;
  const who = ctx.me.kind === 'platform' ? 'Platform admin' : `${ctx.me.name} · ${ctx.role.replace('_', ' ')}`;
  document.getElementById('who').textContent = who;
}

function hideChrome() {
  document.getElementById('nav').hidden = true;
  document.getElementById('nav-toggle').hidden = true;
  document.getElementById('sign-out').hidden = true;
  document.getElementById('switch-tenant').hidden = true;
  document.getElementById('tenant-name').textContent = '';
  document.getElementById('who').textContent = '';
}

function signInForm(message) {
  hideChrome();
  disposeCharts();
  clear(view);
  const key = el('input', { type: 'password', name: 'key', id: 'signin-key', autocomplete: 'off', required: true, spellcheck: 'false' });
  const status = el('div', { id: 'signin-status' });
  const form = el('form', { class: 'card signin', id: 'signin', onsubmit: async (e) => {
    e.preventDefault();
    clear(status);
    session.setKey(key.value.trim());
    key.value = '';
    try {
      await start();
    } catch (error) {
      session.clear();
      status.append(errorBox(error.status === 401 ? new ApiError(401, { error: { message: 'That key is not an active admin key.' } }) : error, 'sign in'));
    }
  } },
  el('h1', { text: 'Sign in' }),
  el('p', { text: 'Paste an admin key (gr-…). It stays in this tab only, until you sign out or close it.' }),
  field('Admin key', key),
  el('button', { type: 'submit', id: 'signin-submit' }, 'Sign in'),
  message ? errorBox(message, 'continue') : null, status);
  view.append(form);
  key.focus();
}

async function pickTenant(me) {
  const tenants = await api.all('tenants');
  const chosen = session.tenant();
  if (chosen && tenants.some((t) => t.tenantId === chosen)) return tenants.find((t) => t.tenantId === chosen);
  hideChrome();
  document.getElementById('sign-out').hidden = false;
  clear(view);
  return new Promise((resolve) => {
    const choice = select('tenant', tenants.map((t) => [t.tenantId, `${t.name} (${t.tenantId})`]), tenants[0] && tenants[0].tenantId, { id: 'tenant-select' });
    view.append(el('form', { class: 'card signin', id: 'tenant-picker', onsubmit: (e) => {
      e.preventDefault();
      session.setTenant(choice.value);
      resolve(tenants.find((t) => t.tenantId === choice.value));
    } }, el('h1', { text: 'Pick a tenant' }),
    el('p', { text: 'As a platform admin you may look at every tenant; pick one.' }),
    field('Tenant', choice), el('button', { type: 'submit', id: 'tenant-submit' }, 'Open')));
  });
}

async function start() {
  const me = await api.get('me');
  // a tenant user's own tenant is named by /me: no second round trip before the first page
  const tenant = me.kind === 'platform' ? await pickTenant(me) : { tenantId: me.tenantId, name: me.tenantName };
  context = makeContext(me, tenant);
  showChrome(context);
  const pages = pagesFor(context);
  const wanted = window.location.hash.replace(/^#\//, '');
  if (!pages.some((p) => p.id === wanted)) window.location.hash = `#/${pages[0].id}`;
  else await route();
}

async function route() {
  if (!context) return;
  const pages = pagesFor(context);
  const id = window.location.hash.replace(/^#\//, '').split('?')[0];
  const page = pages.find((p) => p.id === id) || pages[0];
  document.querySelectorAll('#nav a').forEach((a) => a.setAttribute('aria-current', a.dataset.page === page.id ? 'page' : 'false'));
  document.getElementById('nav').classList.remove('open');
  const ticket = ++rendering;
  disposeCharts();
  clear(view);
  const root = el('div', { class: 'page', dataset: { page: page.id } });
  view.append(root);
  document.title = `${page.label} · GateRouter console`;
  try {
    await page.render(root, context, () => ticket === rendering);
  } catch (error) {
    if (ticket !== rendering) return;
    if (error.status === 401) { session.clear(); context = null; signInForm(error); return; }
    root.append(errorBox(error, `show ${page.label.toLowerCase()}`));
  }
}

document.getElementById('sign-out').addEventListener('click', () => {
  session.clear();
  context = null;
  window.location.hash = '';
  signInForm();
});
document.getElementById('switch-tenant').addEventListener('click', async () => {
  sessionStorage.removeItem('gaterouter.console.tenant');
  context = null;
  await start().catch((error) => signInForm(error));
});
document.getElementById('nav-toggle').addEventListener('click', (e) => {
  const nav = document.getElementById('nav');
  nav.classList.toggle('open');
  e.currentTarget.setAttribute('aria-expanded', String(nav.classList.contains('open')));
});
window.addEventListener('hashchange', () => { route(); });
// an answer of 401 anywhere (a revoked key) ends the session
window.addEventListener('unhandledrejection', (e) => {
  if (e.reason instanceof ApiError && e.reason.status === 401) { session.clear(); context = null; signInForm(e.reason); }
});

if (session.key()) start().catch((error) => { session.clear(); signInForm(error); });
else signInForm();
