'use client';
/**
 * The runs table: server-side filtering, sorting and pagination (so 100k+ runs stay responsive:
 * the browser only ever holds one page). All state lives in the URL.
 */
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { flexRender, getCoreRowModel, useReactTable, type ColumnDef } from '@tanstack/react-table';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useEffect, useMemo, useState } from 'react';
import { queryKeys, RUNS_PAGE_SIZE, runsPageQuery } from '@/lib/client/queries';
import { useUrlParams } from '@/lib/client/url-state';
import { fmtNum } from '@/lib/format';
import { RUN_COLUMNS, type RunLike } from './columns';
import { RunFilters, type Facets, type StudyOption } from './run-filters';
import { MoveRunsDialog } from './move-runs-dialog';

export interface RunsPage {
  total: number;
  runs: RunLike[];
}

export function RunsTable({
  initial,
  initialKey,
  studies,
  facets,
  canWrite = true,
}: {
  initial: RunsPage;
  initialKey: string;
  studies: StudyOption[];
  facets: Facets;
  /** False (logged out, viewer): ticking runs offers Compare only, not Move. */
  canWrite?: boolean;
}) {
  const { params: sp, setParams } = useUrlParams();
  const router = useRouter();
  const qc = useQueryClient();
  const [selected, setSelected] = useState<Set<number>>(new Set());

  // Repeated filters (model=a&model=b) reach the API intact: runsPageQuery keeps every value.
  const query = runsPageQuery<RunsPage>(sp);
  const { data, isFetching, error } = useQuery<RunsPage>({
    ...query,
    initialData: query.queryKey[1] === initialKey ? initial : undefined,
    placeholderData: (prev) => prev,
  });

  const sort = sp.get('sort') ?? 'id';
  const order = sp.get('order') ?? 'desc';
  const offset = Number(sp.get('offset') ?? 0);
  const total = data?.total ?? 0;

  const columns = useMemo<ColumnDef<RunLike>[]>(
    () => [
      {
        // Tick box and label in one frozen column: it stays in view while the table scrolls sideways.
        id: 'label',
        header: 'run',
        cell: ({ row }) => {
          const id = Number(row.original.id);
          return (
            <span className="row" style={{ gap: 6, flexWrap: 'nowrap' }}>
              <input
                type="checkbox"
                aria-label={`select run ${id}`}
                checked={selected.has(id)}
                onChange={(e) => {
                  const s = new Set(selected);
                  if (e.target.checked) s.add(id);
                  else s.delete(id);
                  setSelected(s);
                }}
              />
              <Link
                href={`/runs/${row.original.id}`}
                title={row.original.label}
                style={{
                  maxWidth: 260,
                  overflow: 'hidden',
                  textOverflow: 'ellipsis',
                  display: 'inline-block',
                  verticalAlign: 'bottom',
                }}
              >
                {row.original.label}
              </Link>
              {row.original.hardware.simulated && <span className="badge badge-sim">SIMULATED</span>}
            </span>
          );
        },
      },
      ...RUN_COLUMNS.map<ColumnDef<RunLike>>((c) => ({
        id: c.id,
        header: c.header,
        meta: c,
        cell: ({ row }) => {
          const v = c.get(row.original);
          return typeof v === 'number' ? fmtNum(v) : v === undefined || v === null ? '—' : String(v);
        },
      })),
    ],
    [selected],
  );

  // Columns the user hid (column chooser, kept in this browser) and columns empty on this page.
  const [hiddenCols, setHiddenCols] = useState<string[]>([]);
  useEffect(() => {
    try {
      setHiddenCols(JSON.parse(localStorage.getItem(COLS_KEY) ?? '[]'));
    } catch {
      /* a bad saved value: show every column */
    }
  }, []);
  const chooseCols = (ids: string[]) => {
    setHiddenCols(ids);
    localStorage.setItem(COLS_KEY, JSON.stringify(ids));
  };
  const empty = useMemo(() => emptyColumns(data?.runs ?? []), [data]);
  const columnVisibility = Object.fromEntries(
    RUN_COLUMNS.map((c) => [c.id, !hiddenCols.includes(c.id) && !empty.includes(c.id)]),
  );
  const table = useReactTable({
    data: data?.runs ?? [],
    columns,
    state: { columnVisibility },
    getCoreRowModel: getCoreRowModel(),
    manualSorting: true,
    manualPagination: true,
  });

  return (
    <div>
      <RunFilters studies={studies} facets={facets} params={sp} setParams={setParams} />
      <div className="row" style={{ marginBottom: '0.5rem' }}>
        <span data-testid="runs-total">
          {total.toLocaleString('en-US')} runs{isFetching ? ' (loading…)' : ''}
        </span>
        {error && <span className="error">{(error as Error).message}</span>}
        <span className="spacer" style={{ flex: 1 }} />
        <ColumnChooser hidden={hiddenCols} empty={empty} onChange={chooseCols} />
        {selected.size >= 2 && selected.size <= 6 ? (
          <Link
            className="btn btn-small btn-primary"
            href={`/compare?ids=${[...selected].join(',')}`}
            data-testid="runs-compare"
          >
            Compare {selected.size}
          </Link>
        ) : (
          <button
            type="button"
            className="btn btn-small"
            disabled
            data-testid="runs-compare"
            title="Tick 2 to 6 runs to compare them"
          >
            Compare ({selected.size > 6 ? 'at most 6' : 'tick 2–6 runs'})
          </button>
        )}
        {selected.size > 0 && (
          <>
            <span>{selected.size} selected</span>
            {canWrite && (
              <MoveRunsDialog
                ids={[...selected]}
                studies={studies}
                onDone={() => {
                  setSelected(new Set());
                  qc.invalidateQueries({ queryKey: queryKeys.runs() });
                  router.refresh();
                }}
              />
            )}
          </>
        )}
      </div>
      <div className="table-wrap">
        <table className="table" data-testid="runs-table">
          <thead>
            {table.getHeaderGroups().map((hg) => (
              <tr key={hg.id}>
                {hg.headers.map((h) => {
                  const meta = h.column.columnDef.meta as
                    { sortKey?: string; title?: string; numeric?: boolean; unit?: string } | undefined;
                  const sk = meta?.sortKey ?? (h.column.id === 'label' ? 'label' : undefined);
                  const active = sk && sort === sk;
                  return (
                    <th
                      key={h.id}
                      className={h.column.id === 'label' ? 'sticky-col' : meta?.numeric ? 'num' : undefined}
                      title={meta?.title}
                      aria-sort={active ? (order === 'asc' ? 'ascending' : 'descending') : undefined}
                    >
                      {sk ? (
                        <button
                          type="button"
                          data-sort={sk}
                          onClick={() =>
                            setParams({
                              sort: sk,
                              order:
                                active && order === 'desc' ? 'asc' : active ? 'desc' : meta?.numeric ? 'asc' : 'asc',
                            })
                          }
                        >
                          {flexRender(h.column.columnDef.header, h.getContext())}
                          {meta?.unit ? <span className="muted"> ({meta.unit})</span> : null}
                          {active ? (order === 'asc' ? ' ▲' : ' ▼') : ''}
                        </button>
                      ) : (
                        flexRender(h.column.columnDef.header, h.getContext())
                      )}
                    </th>
                  );
                })}
              </tr>
            ))}
          </thead>
          <tbody>
            {table.getRowModel().rows.map((row) => (
              <tr key={row.id} data-run-id={row.original.id}>
                {row.getVisibleCells().map((cell) => {
                  const meta = cell.column.columnDef.meta as { numeric?: boolean } | undefined;
                  return (
                    <td
                      key={cell.id}
                      className={cell.column.id === 'label' ? 'sticky-col' : meta?.numeric ? 'num' : undefined}
                      data-col={cell.column.id}
                    >
                      {flexRender(cell.column.columnDef.cell, cell.getContext())}
                    </td>
                  );
                })}
              </tr>
            ))}
            {data && data.runs.length === 0 && (
              <tr>
                <td colSpan={columns.length} className="muted">
                  No runs match these filters.
                </td>
              </tr>
            )}
          </tbody>
        </table>
      </div>
      <div className="row" style={{ marginTop: '0.5rem' }}>
        <button
          className="btn btn-small"
          disabled={offset <= 0}
          onClick={() => setParams({ offset: String(Math.max(0, offset - RUNS_PAGE_SIZE)) })}
        >
          ← Previous
        </button>
        <span data-testid="runs-page">
          {total === 0 ? 0 : offset + 1}–{Math.min(offset + RUNS_PAGE_SIZE, total)} of {total.toLocaleString('en-US')}
        </span>
        <button
          className="btn btn-small"
          disabled={offset + RUNS_PAGE_SIZE >= total}
          onClick={() => setParams({ offset: String(offset + RUNS_PAGE_SIZE) })}
        >
          Next →
        </button>
      </div>
    </div>
  );
}

const COLS_KEY = 'jb-runs-hidden-columns';

/** Columns with no value in any run of the page (hidden, and listed in the chooser as empty). */
function emptyColumns(runs: RunLike[]): string[] {
  if (!runs.length) return [];
  return RUN_COLUMNS.filter((c) =>
    runs.every((r) => {
      const v = c.get(r);
      return v === undefined || v === null || v === '';
    }),
  ).map((c) => c.id);
}

function ColumnChooser({
  hidden,
  empty,
  onChange,
}: {
  hidden: string[];
  empty: string[];
  onChange: (ids: string[]) => void;
}) {
  return (
    <details className="field" data-testid="column-chooser" style={{ position: 'relative' }}>
      <summary className="btn btn-small">Columns{empty.length ? ` (${empty.length} empty hidden)` : ''}</summary>
      <div className="popover" style={{ position: 'absolute', right: 0, top: '2rem', width: 260 }}>
        {RUN_COLUMNS.map((c) => (
          <label key={c.id} className="row" style={{ gap: 6, color: 'var(--fg)' }}>
            <input
              type="checkbox"
              aria-label={`show column ${c.header}`}
              checked={!hidden.includes(c.id)}
              disabled={empty.includes(c.id)}
              onChange={(e) => onChange(e.target.checked ? hidden.filter((x) => x !== c.id) : [...hidden, c.id])}
            />
            {c.header}
            {c.unit ? ` (${c.unit})` : ''}
            {empty.includes(c.id) && <span className="muted"> — no data on this page</span>}
          </label>
        ))}
      </div>
    </details>
  );
}
