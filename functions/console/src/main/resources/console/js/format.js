// Money is exact: amounts arrive as integer micro-USD and are added as BigInt, never as floats.

export function micros(value) {
  if (value === null || value === undefined) return 0n;
  return BigInt(value);
}

/** "$1,234.567890" from micro-USD (exact; six decimals as the API gives them). */
export function usd(value) {
  const m = micros(value);
  const negative = m < 0n;
  const abs = negative ? -m : m;
  const whole = (abs / 1000000n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const fraction = (abs % 1000000n).toString().padStart(6, '0');
  return `${negative ? '-' : ''}$${whole}.${fraction}`;
}

/** A short amount for chart labels and headlines: "$1,234.57", or more digits below a cent. */
export function usdShort(value) {
  const m = Number(micros(value));
  const dollars = m / 1e6;
  if (m !== 0 && Math.abs(dollars) < 0.01) return `$${dollars.toPrecision(2)}`;
  return `$${dollars.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
}

/** Dollars as a number, for charts only (never for sums shown as money). */
export function dollars(value) {
  return Number(micros(value)) / 1e6;
}

export function sumMicros(rows, field = 'costUsdMicros') {
  return rows.reduce((total, row) => total + micros(row[field]), 0n);
}

export function integer(value) {
  return value === null || value === undefined ? '—' : Number(value).toLocaleString('en-US');
}

export function percent(value, digits = 1) {
  return value === null || value === undefined ? '—' : `${Number(value).toFixed(digits)} %`;
}

/** "2026-12-05 14:03" in the browser's zone, from an ISO instant. */
export function when(instant) {
  if (!instant) return 'never';
  const d = new Date(instant);
  if (Number.isNaN(d.getTime())) return instant;
  const pad = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

// Reports count UTC days (docs/analytics.md): the dates the console asks for are UTC dates.
export function utcDate(date) {
  return date.toISOString().slice(0, 10);
}

export function today() {
  return utcDate(new Date());
}

export function daysAgo(days) {
  const d = new Date();
  d.setUTCDate(d.getUTCDate() - days);
  return utcDate(d);
}

export function monthStart() {
  return `${today().slice(0, 8)}01`;
}

export function month() {
  return today().slice(0, 7);
}

/** Every period from `from` to `to` (UTC dates, inclusive): "YYYY-MM-DD" per day or "YYYY-MM" per month. */
export function periodsBetween(from, to, granularity) {
  const periods = [];
  const day = new Date(`${from}T00:00:00Z`);
  const end = new Date(`${to}T00:00:00Z`);
  if (Number.isNaN(day.getTime()) || Number.isNaN(end.getTime())) return periods;
  while (day <= end && periods.length < 1000) {
    const label = granularity === 'month' ? utcDate(day).slice(0, 7) : utcDate(day);
    if (periods[periods.length - 1] !== label) periods.push(label);
    day.setUTCDate(day.getUTCDate() + 1);
  }
  return periods;
}
