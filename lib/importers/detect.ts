/**
 * Format detection by content signature with a confidence score. Every importer is asked; each
 * answers 0 (not mine) or a confidence in (0, 1] that reflects how specific its signature is
 * (a self-describing header scores high, a set of common key names low). The most confident
 * wins; ties keep registry order (most specific first). A file that two importers accept is a
 * detection bug: the preview says which other formats also matched, and the detection-conflict
 * test (tests/importers/detection.test.ts) fails on any fixture that more than one importer takes.
 */
import type { Importer } from './types';

export interface DetectCandidate {
  importer: Importer;
  confidence: number;
}

const DEFAULT_CONFIDENCE = 0.5;

/** The confidence one importer gives a file (0 when it does not recognise it or its detector throws). */
export function confidenceOf(importer: Importer, text: string, name: string): number {
  let v: boolean | number;
  try {
    v = importer.detect(text, name);
  } catch {
    return 0;
  }
  if (v === true) return importer.confidence ?? DEFAULT_CONFIDENCE;
  if (typeof v === 'number' && Number.isFinite(v) && v > 0) return Math.min(1, v);
  return 0;
}

/** Every importer that recognises the file, most confident first (registry order breaks ties). */
export function detectCandidates(importers: readonly Importer[], text: string, name: string): DetectCandidate[] {
  return importers
    .map((importer, order) => ({ importer, confidence: confidenceOf(importer, text, name), order }))
    .filter((c) => c.confidence > 0)
    .sort((a, b) => b.confidence - a.confidence || a.order - b.order)
    .map(({ importer, confidence }) => ({ importer, confidence }));
}
