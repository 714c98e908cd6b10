// The bench's chart of time and memory against the number of notes, as an SVG file written
// by the bench itself (no browser, no plotting package): two panels side by side, one line per
// figure, a point per corpus size measured.

export interface Series {
  name: string;
  color: string;
  /** [notes, value] pairs; values that were not measured are left out. */
  points: [number, number][];
  dashed?: boolean;
  /** An SVG dash pattern of its own (a second corpus drawn dotted); wins over `dashed`. */
  dash?: string;
}

export interface Panel {
  title: string;
  unit: string;
  series: Series[];
}

const WIDTH = 460;
const HEIGHT = 320;
const MARGIN = { left: 62, right: 16, top: 36, bottom: 92 };
/** Height of one row of the legend, two entries to a row, under the plot. */
const LEGEND_ROW = 16;
/** Legend rows that fit in the bottom margin; a panel with more series makes every panel taller. */
const LEGEND_ROWS_FITTING = 3;

const dashOf = (s: Series): string => (s.dash ? ` stroke-dasharray="${s.dash}"` : s.dashed ? ' stroke-dasharray="5 4"' : '');

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** Round numbers for an axis from 0 to at least `max`: 1, 2 or 5 times a power of ten apart. */
function ticks(max: number, count = 5): number[] {
  if (!(max > 0)) return [0, 1];
  const rough = max / count;
  const power = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= rough) ?? 10 * power;
  const result: number[] = [];
  for (let v = 0; v <= max + step * 0.999; v += step) result.push(Number(v.toPrecision(12)));
  return result;
}

function label(value: number): string {
  if (value >= 1000 && value % 1000 === 0) return `${value / 1000}k`;
  return String(Number(value.toPrecision(3)));
}

function panel(p: Panel, offsetX: number, xMax: number): string {
  const plotW = WIDTH - MARGIN.left - MARGIN.right;
  const plotH = HEIGHT - MARGIN.top - MARGIN.bottom;
  const yMax = Math.max(0, ...p.series.flatMap((s) => s.points.map(([, v]) => v)));
  const yTicks = ticks(yMax);
  const xTicks = ticks(xMax, 4);
  const top = yTicks[yTicks.length - 1];
  const right = xTicks[xTicks.length - 1];
  const x = (n: number) => offsetX + MARGIN.left + (n / right) * plotW;
  const y = (v: number) => MARGIN.top + plotH - (v / top) * plotH;
  const out: string[] = [];
  out.push(`<text x="${offsetX + MARGIN.left}" y="20" font-size="14" font-weight="bold">${escapeXml(p.title)}</text>`);
  for (const t of yTicks) {
    out.push(`<line x1="${x(0)}" y1="${y(t)}" x2="${x(right)}" y2="${y(t)}" stroke="#ddd"/>`);
    out.push(`<text x="${x(0) - 6}" y="${y(t) + 4}" font-size="11" text-anchor="end">${label(t)}</text>`);
  }
  for (const t of xTicks) {
    out.push(`<line x1="${x(t)}" y1="${y(0)}" x2="${x(t)}" y2="${y(0) + 4}" stroke="#333"/>`);
    out.push(`<text x="${x(t)}" y="${y(0) + 17}" font-size="11" text-anchor="middle">${label(t)}</text>`);
  }
  out.push(`<line x1="${x(0)}" y1="${y(0)}" x2="${x(right)}" y2="${y(0)}" stroke="#333"/>`);
  out.push(`<line x1="${x(0)}" y1="${y(0)}" x2="${x(0)}" y2="${y(top)}" stroke="#333"/>`);
  out.push(`<text x="${x(right / 2)}" y="${y(0) + 32}" font-size="11" text-anchor="middle">notes</text>`);
  out.push(`<text transform="translate(${offsetX + 14} ${y(top / 2)}) rotate(-90)" font-size="11" text-anchor="middle">${escapeXml(p.unit)}</text>`);
  p.series.forEach((s, i) => {
    const points = [...s.points].sort((a, b) => a[0] - b[0]);
    if (points.length > 0) {
      const d = points.map(([n, v], k) => `${k === 0 ? 'M' : 'L'}${x(n).toFixed(1)},${y(v).toFixed(1)}`).join(' ');
      out.push(`<path d="${d}" fill="none" stroke="${s.color}" stroke-width="2"${dashOf(s)}/>`);
      for (const [n, v] of points) out.push(`<circle cx="${x(n).toFixed(1)}" cy="${y(v).toFixed(1)}" r="3" fill="${s.color}"/>`);
    }
    const lx = offsetX + MARGIN.left + (i % 2) * (plotW / 2);
    const ly = HEIGHT - MARGIN.bottom + 48 + Math.floor(i / 2) * LEGEND_ROW;
    out.push(`<line x1="${lx}" y1="${ly - 4}" x2="${lx + 18}" y2="${ly - 4}" stroke="${s.color}" stroke-width="2"${dashOf(s)}/>`);
    out.push(`<text x="${lx + 22}" y="${ly}" font-size="11">${escapeXml(s.name)}</text>`);
  });
  return out.join('\n');
}

/** Two or more panels side by side, with a caption under them. */
export function renderChart(panels: Panel[], caption: string): string {
  const xMax = Math.max(1, ...panels.flatMap((p) => p.series.flatMap((s) => s.points.map(([n]) => n))));
  const width = WIDTH * panels.length;
  const legendRows = Math.max(0, ...panels.map((p) => Math.ceil(p.series.length / 2)));
  const plotsHeight = HEIGHT + Math.max(0, legendRows - LEGEND_ROWS_FITTING) * LEGEND_ROW;
  const height = plotsHeight + 24;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif">`,
    `<rect width="${width}" height="${height}" fill="#fff"/>`,
    ...panels.map((p, i) => panel(p, i * WIDTH, xMax)),
    `<text x="10" y="${height - 8}" font-size="10" fill="#555">${escapeXml(caption)}</text>`,
    '</svg>',
    '',
  ].join('\n');
}
