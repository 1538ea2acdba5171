// The back office's table of figures (every report uses it): a header, a row per item, and a footer
// of totals under the columns that have one, so each report says only what its columns are. Wide
// tables scroll sideways on a phone rather than squeeze their figures; printing shows them whole.
import type { Child } from 'hono/jsx';

export interface Column<T> {
  label: Child;
  /** Figures: right-aligned, so the cents line up. */
  num?: boolean;
  /** The row's name (e.g. « Carte — payée » in a totals table): a row header for screen readers. */
  rowHeader?: boolean;
  /** A fixed width (« 4rem »), so the quantities of tables one under the other (bags) line up. */
  width?: string;
  cell: (row: T) => Child;
  /** The column's total, shown in the footer; the columns before the first total carry the footer's label. */
  total?: (rows: readonly T[]) => Child;
}

export function DataTable<T>({
  columns,
  rows,
  testid,
  totalLabel,
  head = true,
  scroll = false,
}: {
  /** `false` entries are left out: `allHubs && shopColumn`. */
  columns: ReadonlyArray<Column<T> | false>;
  rows: readonly T[];
  testid?: string;
  /** The footer's label (« Total »); without it, no footer. */
  totalLabel?: string;
  /** A table of rows that name themselves (a bag's items) needs no header. */
  head?: boolean;
  scroll?: boolean;
}) {
  const cols = columns.filter((c): c is Column<T> => c !== false);
  const firstTotal = cols.findIndex((c) => c.total);
  const cell = (c: Column<T>, child: Child) =>
    c.rowHeader ? (
      <th scope="row" class={c.num ? 'num' : undefined}>
        {child}
      </th>
    ) : (
      <td class={c.num ? 'num' : undefined} style={c.width ? `width:${c.width}` : undefined}>
        {child}
      </td>
    );
  const table = (
    <table class="grid" data-testid={testid}>
      {head ? (
        <thead>
          <tr>
            {cols.map((c) => (
              <th scope="col" class={c.num ? 'num' : undefined}>
                {c.label}
              </th>
            ))}
          </tr>
        </thead>
      ) : null}
      <tbody>
        {rows.map((r) => (
          <tr>{cols.map((c) => cell(c, c.cell(r)))}</tr>
        ))}
      </tbody>
      {totalLabel && firstTotal >= 0 ? (
        <tfoot>
          <tr>
            {firstTotal > 0 ? (
              <th scope="row" colspan={firstTotal}>
                {totalLabel}
              </th>
            ) : null}
            {cols.slice(firstTotal).map((c) => (
              <td class={c.num ? 'num' : undefined}>{c.total ? c.total(rows) : null}</td>
            ))}
          </tr>
        </tfoot>
      ) : null}
    </table>
  );
  return scroll ? <div class="table-scroll">{table}</div> : table;
}
