// A small horizontal bar chart as inline SVG (no script, no library): sales per producer in a cycle.
// The figures are also in a table beside it, for screen readers and for printing.
import type { FC } from 'hono/jsx';
import { formatMoney, type Locale } from '../../../domain/money.ts';

export const BarChart: FC<{ rows: readonly { label: string; cents: number }[]; title: string; l: Locale }> = ({ rows, title, l }) => {
  const max = Math.max(1, ...rows.map((r) => r.cents));
  const bar = 22;
  const gap = 6;
  const labelWidth = 210;
  const width = 640;
  const plot = width - labelWidth - 90;
  const height = rows.length * (bar + gap) + gap;
  const cut = (s: string) => (s.length > 30 ? `${s.slice(0, 29)}…` : s);
  return (
    <svg
      class="chart"
      role="img"
      aria-label={title}
      viewBox={`0 0 ${width} ${height}`}
      width="100%"
      style={`max-width:${width}px`}
      data-testid="sales-chart"
    >
      <title>{title}</title>
      {rows.map((r, i) => {
        const y = gap + i * (bar + gap);
        const w = Math.max(1, Math.round((r.cents / max) * plot));
        return (
          <g>
            <text x={labelWidth - 8} y={y + bar * 0.7} text-anchor="end">
              {cut(r.label)}
            </text>
            <rect x={labelWidth} y={y} width={w} height={bar} rx="2" />
            <text x={labelWidth + w + 6} y={y + bar * 0.7}>
              {formatMoney(r.cents, l)}
            </text>
          </g>
        );
      })}
    </svg>
  );
};
