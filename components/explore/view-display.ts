/**
 * Display-only transforms of an explorer view (the stored names stay in the data and in run
 * provenance): GPU categories merged under one name per GPU model, model lines coloured like the
 * model's points when colour is by model.
 */
import { categoryColor } from '@/components/charts/scale';
import { gpuDisplayName } from '@/lib/explore/display-names';
import type { ExplorerView } from '@/lib/explore/types';

/** Colour by GPU: "H100" and "NVIDIA H100 80GB HBM3" become one category (one colour, one legend entry). */
export function withGpuNames(view: ExplorerView): ExplorerView {
  if (view.color.kind !== 'category' || view.color.key !== 'gpu') return view;
  const names: string[] = [];
  const code = view.color.categories.map((raw) => {
    const n = gpuDisplayName(raw);
    let i = names.indexOf(n);
    if (i < 0) i = names.push(n) - 1;
    return i;
  });
  if (names.length === view.color.categories.length && names.every((n, i) => n === view.color.categories[i]))
    return view;
  const re = (c: number | null) => (c === null || c < 0 ? c : (code[c] ?? c));
  return {
    ...view,
    color: { ...view.color, categories: names },
    points: view.points.map((p) => ({ ...p, c: re(p.c) })),
    frontierPoints: view.frontierPoints.map((p) => ({ ...p, c: re(p.c) })),
    recommendedRun: view.recommendedRun ? { ...view.recommendedRun, c: re(view.recommendedRun.c) } : null,
  };
}

/** Per-model frontier lines, in the model's legend colour when colour is by model. */
export function modelLines(view: ExplorerView, hidden: number[]) {
  const lines = view.answers?.modelFrontiers ?? [];
  if (view.color.kind === 'category' && view.color.key === 'model') {
    const hide = new Set(hidden);
    return lines
      .map((l) => ({ ...l, code: view.color.categories.indexOf(l.model) }))
      .filter((l) => !hide.has(l.code))
      .map((l) => ({ model: l.model, points: l.points, color: categoryColor(l.code) }));
  }
  return lines;
}

/** Models in the current selection (several = per-model answers; cross-model only on request). */
export function modelCount(view: ExplorerView): number {
  if (view.state.model.length) return view.state.model.length;
  return view.facets.models.length;
}
