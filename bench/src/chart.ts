// The SVG chart: p99 latency against offered rate, one panel per conversation size, Parley and the
// baseline on log-log axes. Plain SVG text, so it needs no browser and diffs in review.
import type { GroupResult } from './delivery.js';
import { P99_TARGET_MS } from './delivery.js';

const PANEL = { width: 300, height: 220, left: 48, right: 12, top: 28, bottom: 36 };
const Y_MIN = 1;
const Y_MAX = 100_000; // ms; a step that lost messages is drawn at the top
const COLORS = { parley: '#2563eb', baseline: '#9ca3af' } as const;

const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
const log = Math.log10;

function panel(group: GroupResult, x0: number): string {
  const steps = [...group.parley.steps, ...group.baseline.steps];
  const rates = steps.map((s) => s.offeredPerSecond);
  const xMin = log(Math.min(...rates) / 1.5);
  const xMax = log(Math.max(...rates) * 1.5);
  const plotW = PANEL.width - PANEL.left - PANEL.right;
  const plotH = PANEL.height - PANEL.top - PANEL.bottom;
  const x = (rate: number) => x0 + PANEL.left + ((log(rate) - xMin) / (xMax - xMin)) * plotW;
  const y = (ms: number | null) => {
    const clamped = Math.min(Y_MAX, Math.max(Y_MIN, ms ?? Y_MAX));
    return PANEL.top + (1 - (log(clamped) - log(Y_MIN)) / (log(Y_MAX) - log(Y_MIN))) * plotH;
  };
  const out: string[] = [
    `<text x="${x0 + PANEL.width / 2}" y="16" text-anchor="middle" font-weight="600">${group.size} members</text>`,
    `<rect x="${x0 + PANEL.left}" y="${PANEL.top}" width="${plotW}" height="${plotH}" fill="none" stroke="#d1d5db"/>`,
  ];
  for (const ms of [1, 10, 100, 1000, 10_000, 100_000]) {
    out.push(
      `<text x="${x0 + PANEL.left - 4}" y="${y(ms) + 4}" text-anchor="end" font-size="10">${ms >= 1000 ? `${ms / 1000}s` : `${ms}`}</text>`,
    );
  }
  out.push(
    `<line x1="${x0 + PANEL.left}" x2="${x0 + PANEL.left + plotW}" y1="${y(P99_TARGET_MS)}" y2="${y(P99_TARGET_MS)}" stroke="#dc2626" stroke-dasharray="4 3"/>`,
  );
  const decades = [];
  for (let decade = Math.ceil(xMin); decade <= xMax; decade++) decades.push(10 ** decade);
  // A narrow range with no power of ten in it is labelled at its ends.
  const ticks = decades.length > 0 ? decades : [Math.min(...rates), Math.max(...rates)];
  for (const rate of ticks) {
    out.push(
      `<text x="${x(rate)}" y="${PANEL.top + plotH + 14}" text-anchor="middle" font-size="10">${rate}</text>`,
    );
  }
  out.push(
    `<text x="${x0 + PANEL.left + plotW / 2}" y="${PANEL.height - 6}" text-anchor="middle" font-size="10">offered messages/s</text>`,
  );
  for (const [name, ladder] of [
    ['baseline', group.baseline],
    ['parley', group.parley],
  ] as const) {
    const points = ladder.steps.map(
      (s) => `${x(s.offeredPerSecond).toFixed(1)},${y(s.p99Ms).toFixed(1)}`,
    );
    out.push(
      `<polyline points="${points.join(' ')}" fill="none" stroke="${COLORS[name]}" stroke-width="2"/>`,
      ...ladder.steps.map(
        (s) =>
          `<circle cx="${x(s.offeredPerSecond).toFixed(1)}" cy="${y(s.p99Ms).toFixed(1)}" r="3" fill="${s.lost > 0 ? '#fff' : COLORS[name]}" stroke="${COLORS[name]}"/>`,
      ),
    );
  }
  return out.join('\n');
}

export function deliveryChart(groups: GroupResult[], caption: string): string {
  const width = PANEL.width * groups.length;
  const height = PANEL.height + 40;
  const legend = `<g font-size="11"><rect x="10" y="${PANEL.height + 12}" width="12" height="4" fill="${COLORS.parley}"/><text x="26" y="${PANEL.height + 18}">Parley</text><rect x="80" y="${PANEL.height + 12}" width="12" height="4" fill="${COLORS.baseline}"/><text x="96" y="${PANEL.height + 18}">bare ws relay</text><line x1="190" x2="206" y1="${PANEL.height + 14}" y2="${PANEL.height + 14}" stroke="#dc2626" stroke-dasharray="4 3"/><text x="210" y="${PANEL.height + 18}">p99 target (100 ms); hollow: messages lost; y: p99 latency (ms)</text><text x="10" y="${PANEL.height + 34}" fill="#6b7280">${escape(caption)}</text></g>`;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="system-ui, sans-serif" font-size="12">`,
    `<rect width="100%" height="100%" fill="#fff"/>`,
    ...groups.map((g, i) => panel(g, i * PANEL.width)),
    legend,
    '</svg>',
    '',
  ].join('\n');
}
