// Spend explorer: any grouping of the analytics API over a date range, as a stacked chart and a
// sortable table whose totals are the API's own, exact to the micro-dollar; CSV is the API's export.

import { api } from '../api.js';
import { el, section, table, chart, errorBox, loading, clear, field, select } from '../ui.js';
import { usd, dollars, micros, integer, monthStart, today, periodsBetween } from '../format.js';

const GROUPS = [['department', 'Department'], ['project', 'Project'], ['user', 'User'], ['key', 'Key'],
  ['model', 'Model'], ['vendor', 'Vendor'], ['tier', 'Tier']];

export async function spend(root, ctx, current) {
  root.append(el('h1', { text: 'Spend explorer' }));
  const groupBy = select('groupBy', GROUPS, 'department', { id: 'spend-group' });
  const granularity = select('granularity', [['day', 'Day'], ['month', 'Month']], 'day', { id: 'spend-granularity' });
  const from = el('input', { type: 'date', name: 'from', id: 'spend-from', value: monthStart(), required: true });
  const to = el('input', { type: 'date', name: 'to', id: 'spend-to', value: today(), required: true });
  let department = null;
  if (ctx.role !== 'department_admin') {
    const departments = await api.all(ctx.path('/departments')).catch(() => []);
    department = select('departmentId', [['', 'All departments'], ...departments.map((d) => [d.departmentId, d.name])], '', { id: 'spend-department' });
  }
  const results = el('div', { class: 'results' });
  const query = () => ctx.scoped({ groupBy: groupBy.value, granularity: granularity.value, from: from.value, to: to.value,
    departmentId: department ? department.value : undefined });
  const form = el('form', { class: 'card filters', id: 'spend-form', onsubmit: (e) => { e.preventDefault(); show(); } },
    field('Group by', groupBy), field('Per', granularity), field('From', from), field('To', to),
    department ? field('Department', department) : null,
    el('div', { class: 'actions' },
      el('button', { type: 'submit', id: 'spend-apply' }, 'Show'),
      el('button', { type: 'button', class: 'secondary', id: 'spend-csv', onclick: async (e) => {
        const button = e.currentTarget;
        button.disabled = true;
        try {
          const q = query();
          await api.download(ctx.path('/analytics/spend'), q, `spend-${q.groupBy}-${q.from}-${q.to}.csv`);
        } catch (error) {
          results.prepend(errorBox(error, 'download the CSV'));
        } finally { button.disabled = false; }
      } }, 'Download CSV')));
  root.append(form, results);

  async function show() {
    delete results.dataset.ready;
    clear(results).append(loading());
    let report;
    try {
      report = await api.get(ctx.path('/analytics/spend'), query());
    } catch (error) {
      if (current()) clear(results).append(errorBox(error, 'load the spend'));
      return;
    }
    if (!current()) return;
    const dimension = report.groupBy;
    // one row per group value over the whole range; sums of integers (BigInt for money)
    const groups = new Map();
    for (const row of report.data) {
      const id = row[dimension] ?? '(none)';
      const g = groups.get(id) || { id, name: row.name || id, requests: 0, refusals: 0, errors: 0, tokens: 0, cost: 0n };
      g.requests += row.requests; g.refusals += row.refusals; g.errors += row.errors; g.tokens += row.tokens;
      g.cost += micros(row.costUsdMicros);
      groups.set(id, g);
    }
    const rows = [...groups.values()].sort((a, b) => (b.cost > a.cost ? 1 : b.cost < a.cost ? -1 : 0));
    // the whole range on the axis, quiet periods included
    const periods = [...new Set([...periodsBetween(report.from, report.to, report.granularity), ...report.data.map((r) => r.period)])].sort();
    const top = rows.slice(0, 12);
    const series = top.map((g) => ({
      name: g.name, type: 'bar', stack: 'spend', barMaxWidth: 48, emphasis: { focus: 'series' },
      data: periods.map((p) => {
        const row = report.data.find((r) => r.period === p && (r[dimension] ?? '(none)') === g.id);
        return row ? dollars(row.costUsdMicros) : 0;
      }),
    }));
    if (rows.length > top.length) {
      const rest = new Set(rows.slice(top.length).map((g) => g.id));
      series.push({ name: `${rows.length - top.length} more`, type: 'bar', stack: 'spend', barMaxWidth: 48,
        data: periods.map((p) => report.data.filter((r) => r.period === p && rest.has(r[dimension] ?? '(none)'))
          .reduce((t, r) => t + dollars(r.costUsdMicros), 0)) });
    }
    const t = report.totals;
    clear(results).append(
      section(`Spend by ${dimension}, per ${report.granularity}, ${report.from} to ${report.to}`,
        chart('spend', {
          tooltip: { trigger: 'axis', valueFormatter: (v) => `$${Number(v).toFixed(6)}` },
          legend: { type: 'scroll', top: 0 },
          grid: { left: 8, right: 16, bottom: 8, top: 40, containLabel: true },
          xAxis: { type: 'category', data: periods },
          yAxis: { type: 'value', axisLabel: { formatter: (v) => `$${v}` } },
          series,
        }, 340),
        table('spend', [
          { key: 'name', label: dimension[0].toUpperCase() + dimension.slice(1), value: (g) => (g.name !== g.id ? `${g.name} (${g.id})` : g.id) },
          { key: 'requests', label: 'Requests', numeric: true, value: (g) => integer(g.requests), sort: (g) => g.requests },
          { key: 'refusals', label: 'Refusals', numeric: true, value: (g) => integer(g.refusals), sort: (g) => g.refusals },
          { key: 'errors', label: 'Errors', numeric: true, value: (g) => integer(g.errors), sort: (g) => g.errors },
          { key: 'tokens', label: 'Tokens', numeric: true, value: (g) => integer(g.tokens), sort: (g) => g.tokens },
          { key: 'cost', label: 'Spent', numeric: true, value: (g) => usd(g.cost), sort: (g) => g.cost },
        ], rows, {
          rowId: (g) => g.id, empty: 'No spend in this range.',
          footer: ['Total', integer(t.requests), integer(t.refusals), integer(t.errors), integer(t.tokens), usd(t.costUsdMicros)],
        }),
        el('p', { class: 'help', text: report.rolledUpThrough
          ? `Days through ${report.rolledUpThrough} come from the daily roll-ups, later days from raw usage.`
          : 'Read from raw usage (nothing rolled up in this range yet).' })));
    results.dataset.ready = 'true';
  }
  await show();
}
