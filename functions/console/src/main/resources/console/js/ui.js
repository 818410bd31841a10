// Small DOM helpers: elements built with textContent only (nothing from the API is ever parsed as
// HTML), sortable tables, readable errors, and ECharts charts that follow the window's size.

export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (name === 'class') node.className = value;
    else if (name === 'text') node.textContent = value;
    else if (name.startsWith('on')) node.addEventListener(name.slice(2), value);
    else if (name === 'dataset') Object.assign(node.dataset, value);
    else node.setAttribute(name, value === true ? '' : value);
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

export function clear(node) {
  while (node.firstChild) node.firstChild.remove();
  return node;
}

/** A readable message for an API error (or any error), in the page's error style. */
export function errorBox(error, what) {
  const status = error && error.status;
  let lead = what ? `Could not ${what}.` : 'Something went wrong.';
  if (status === 401) lead = 'Your admin key is no longer accepted (revoked, expired or its user archived). Sign in again.';
  else if (status === 403) lead = `Your role may not ${what || 'do this'}.`;
  else if (status === 404) lead = `Not found, or not visible to you${what ? ` (${what})` : ''}.`;
  return el('div', { class: 'error', role: 'alert' },
    el('strong', { text: lead }), ' ', el('span', { class: 'detail', text: error ? error.message : '' }));
}

export function notice(text, kind = 'info') {
  return el('div', { class: `notice ${kind}`, role: kind === 'error' ? 'alert' : 'status', text });
}

/** A headline figure; `micros`, when given, is the exact amount (data-micros) the figure shows. */
export function kpi(name, label, value, detail, micros) {
  return el('div', { class: 'kpi', dataset: { kpi: name, micros: micros === undefined ? null : String(micros) } },
    el('span', { class: 'kpi-label', text: label }), el('span', { class: 'kpi-value', text: value }),
    detail ? el('span', { class: 'kpi-detail', text: detail }) : null);
}

export function section(title, ...children) {
  return el('section', { class: 'card' }, el('h2', { text: title }), ...children);
}

export function loading(text = 'Loading…') {
  return el('p', { class: 'loading', text });
}

/**
 * A sortable table. columns: [{key, label, value(row) -> text|Node, sort(row) -> comparable, numeric}].
 * footer: cells for a totals row (strings), optional.
 */
export function table(name, columns, rows, { footer, empty = 'Nothing to show.', sortBy, rowId } = {}) {
  const wrap = el('div', { class: 'table-wrap' });
  let order = sortBy ? { key: sortBy.key, dir: sortBy.dir || 1 } : null;
  const render = () => {
    clear(wrap);
    const sorted = [...rows];
    if (order) {
      const column = columns.find((c) => c.key === order.key);
      const value = column.sort || column.value;
      sorted.sort((a, b) => {
        const x = value(a); const y = value(b);
        const cmp = typeof x === 'bigint' || typeof x === 'number' ? (x < y ? -1 : x > y ? 1 : 0) : String(x).localeCompare(String(y));
        return cmp * order.dir;
      });
    }
    const head = el('tr', {}, columns.map((c) => el('th', {
      scope: 'col', class: c.numeric ? 'num' : null,
      'aria-sort': order && order.key === c.key ? (order.dir > 0 ? 'ascending' : 'descending') : null,
    }, el('button', {
      type: 'button', class: 'sort', dataset: { sort: c.key },
      onclick: () => { order = { key: c.key, dir: order && order.key === c.key ? -order.dir : (c.numeric ? -1 : 1) }; render(); },
    }, c.label))));
    const body = sorted.length === 0
      ? [el('tr', {}, el('td', { colspan: columns.length, class: 'empty', text: empty }))]
      : sorted.map((row) => el('tr', { dataset: rowId ? { id: rowId(row) } : {} },
        columns.map((c) => el('td', { class: c.numeric ? 'num' : null, dataset: { col: c.key } }, c.value(row)))));
    const foot = footer ? el('tfoot', {}, el('tr', {}, footer.map((cell, i) => el(i === 0 ? 'th' : 'td', {
      class: columns[i] && columns[i].numeric ? 'num' : null, dataset: { col: columns[i] ? columns[i].key : '' },
    }, cell)))) : null;
    wrap.append(el('table', { class: 'data', dataset: { table: name } }, el('thead', {}, head), el('tbody', {}, body), foot));
  };
  render();
  return wrap;
}

const charts = new Set();
// the charting library loads asynchronously (index.html): charts wait for it, nothing else does
const echartsReady = window.echarts ? Promise.resolve() : new Promise((resolve) => {
  const script = document.getElementById('echarts');
  script.addEventListener('load', resolve, { once: true });
  if (window.echarts) resolve();
});
let resizing = false;
window.addEventListener('resize', () => {
  if (resizing) return;
  resizing = true;
  requestAnimationFrame(() => { resizing = false; charts.forEach((c) => c.resize()); });
});

/** An ECharts chart in a new box (the library is loaded by the page, deferred). */
export function chart(name, option, height = 300) {
  const box = el('div', { class: 'chart', dataset: { chart: name } });
  box.style.height = `${height}px`;
  echartsReady.then(() => requestAnimationFrame(() => {
    if (!box.isConnected || !window.echarts) return;
    const instance = window.echarts.init(box, null, { renderer: 'canvas' });
    instance.setOption({ animation: false, textStyle: { fontFamily: 'inherit' }, ...option });
    charts.add(instance);
    box.dataset.rendered = 'true';
  }));
  return box;
}

export function disposeCharts() {
  charts.forEach((c) => c.dispose());
  charts.clear();
}

/** An in-page confirmation (a <dialog>): resolves true when confirmed. */
export function confirmDialog(title, text, confirmLabel = 'Confirm', extra = null) {
  const dialog = document.getElementById('dialog');
  clear(dialog);
  return new Promise((resolve) => {
    const done = (value) => { dialog.close(); resolve(value); };
    dialog.append(el('form', { method: 'dialog', class: 'dialog-body', onsubmit: (e) => { e.preventDefault(); done(true); } },
      el('h2', { text: title }), el('p', { text }), extra,
      el('div', { class: 'actions' },
        el('button', { type: 'button', class: 'secondary', id: 'dialog-cancel', onclick: () => done(false) }, 'Cancel'),
        el('button', { type: 'submit', class: 'danger', id: 'dialog-confirm' }, confirmLabel))));
    dialog.addEventListener('cancel', () => resolve(false), { once: true });
    dialog.showModal();
  });
}

/** Shows a secret once, with a copy button; it is never stored. */
export function secretPanel(title, secret, note) {
  const value = el('code', { class: 'secret', id: 'new-secret', text: secret });
  const status = el('span', { class: 'copied', role: 'status' });
  const copy = el('button', {
    type: 'button', id: 'copy-secret', onclick: async () => {
      try {
        await navigator.clipboard.writeText(secret);
        status.textContent = 'Copied.';
      } catch (e) {
        const range = document.createRange();
        range.selectNodeContents(value);
        window.getSelection().removeAllRanges();
        window.getSelection().addRange(range);
        status.textContent = 'Selected: press Ctrl+C (⌘C) to copy.';
      }
    },
  }, 'Copy');
  return el('div', { class: 'secret-panel', role: 'status' }, el('h3', { text: title }),
    el('p', { text: note || 'Copy it now: it is shown once and cannot be read again.' }), value, ' ', copy, ' ', status);
}

/** Marks a field invalid with the API's message beside it. */
export function fieldError(form, param, message) {
  const name = param ? param.split(/[.[]/)[0] : null;
  const field = name ? form.querySelector(`[name="${CSS.escape(name)}"]`) : null;
  const target = field ? field.closest('label') || field.parentElement : form;
  const hint = el('span', { class: 'field-error', role: 'alert', dataset: { param: param || '' }, text: message });
  if (field) field.setAttribute('aria-invalid', 'true');
  target.append(hint);
  return Boolean(field);
}

export function clearFieldErrors(form) {
  form.querySelectorAll('.field-error').forEach((n) => n.remove());
  form.querySelectorAll('[aria-invalid]').forEach((n) => n.removeAttribute('aria-invalid'));
}

export function field(label, input, help) {
  return el('label', { class: 'field' }, el('span', { class: 'label', text: label }), input,
    help ? el('span', { class: 'help', text: help }) : null);
}

export function select(name, options, selected, attrs = {}) {
  return el('select', { name, ...attrs }, options.map(([value, label]) =>
    el('option', { value, selected: String(value) === String(selected) ? true : null }, label)));
}
