'use client';
/**
 * The import page's state and requests: the chosen files, per-file format choices, batch fields,
 * column mapping; the server's preview (a dry run, redone when files or formats change); commit
 * (all files, or only the valid ones); undo. History is a React Query resource (lib/client); the
 * upload itself goes through XMLHttpRequest for its progress (./upload).
 */
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { apiFetch, errorMessage } from '@/lib/client/api';
import { queryKeys } from '@/lib/client/queries';
import type { ColumnMapping } from '@/lib/importers/types';
import { nameOf } from './drop';
import type { CommitResponse, FileResult, HistoryRow } from './types';
import { postImport, type UploadPhase } from './upload';

export type CommitMode = 'commit' | 'commit-valid';

export function useImportHistory() {
  return useQuery({
    queryKey: queryKeys.imports(),
    queryFn: () => apiFetch<{ imports: HistoryRow[] }>('/api/imports').then((b) => b.imports),
  });
}

export function useImport() {
  const qc = useQueryClient();
  const [files, setFiles] = useState<File[]>([]);
  const [formatOf, setFormatOf] = useState<Record<string, string>>({});
  const [fields, setFields] = useState<Record<string, string>>({});
  const [study, setStudy] = useState('Imported');
  const [mapping, setMapping] = useState<ColumnMapping>({ columns: {} });
  const [results, setResults] = useState<FileResult[] | null>(null);
  const [runCount, setRunCount] = useState(0);
  const [busy, setBusy] = useState(false);
  const [upload, setUpload] = useState<UploadPhase | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [committed, setCommitted] = useState<CommitResponse | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  // Generic CSV/JSON files (by name, so entries inside a zip count too); their columns come from
  // the server's preview, which reads them wherever the file is.
  const genericNames = useMemo(
    () =>
      Object.entries(formatOf)
        .filter(([, v]) => v === 'generic')
        .map(([k]) => k),
    [formatOf],
  );
  const columns = useMemo(() => {
    const cols = new Set<string>();
    for (const r of results ?? [])
      if (genericNames.includes(r.name)) for (const c of (r.ok ? r.file.columns : r.columns) ?? []) cols.add(c);
    return [...cols];
  }, [results, genericNames]);

  const formData = useCallback(
    (mode: 'preview' | CommitMode) => {
      const fd = new FormData();
      for (const f of files) fd.append('files', f, nameOf(f));
      const overrides = Object.fromEntries(Object.entries(fields).filter(([, v]) => v.trim() !== ''));
      fd.append('overrides', JSON.stringify(overrides));
      const fm = Object.fromEntries(Object.entries(formatOf).filter(([, v]) => v && v !== 'auto'));
      if (Object.keys(fm).length) fd.append('formats', JSON.stringify(fm));
      if (genericNames.length && Object.keys(mapping.columns).length) fd.append('mapping', JSON.stringify(mapping));
      fd.append('study', study);
      if (mode === 'preview') fd.append('dryRun', '1');
      if (mode === 'commit-valid') fd.append('skipInvalid', '1');
      return fd;
    },
    [files, fields, formatOf, genericNames, mapping, study],
  );

  /** One request with upload progress; the progress bar goes away when the answer is in. */
  const send = useCallback(async <T>(fd: FormData) => {
    try {
      return await postImport<T>(fd, setUpload);
    } finally {
      setUpload(null);
    }
  }, []);

  const preview = useCallback(async () => {
    if (!files.length) return;
    setBusy(true);
    setError(null);
    try {
      const res = await send<{ files: FileResult[]; runCount: number }>(formData('preview'));
      if (!res.ok || !res.body) {
        setResults(null);
        setError(res.error ?? 'preview failed');
        return;
      }
      setResults(res.body.files);
      setRunCount(res.body.runCount);
    } finally {
      setBusy(false);
    }
  }, [files, formData, send]);

  useEffect(() => {
    void preview();
    // Re-preview when the file set or a format choice changes; batch fields use the button.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [files, formatOf]);

  const clear = useCallback(() => {
    setFiles([]);
    setResults(null);
    setFormatOf({});
  }, []);

  const commit = async (mode: CommitMode) => {
    setBusy(true);
    setError(null);
    setNotice(null);
    try {
      const res = await send<CommitResponse>(formData(mode));
      if (!res.ok || !res.body) {
        setError(res.error ?? 'import failed');
        return;
      }
      setCommitted(res.body);
      clear();
      await qc.invalidateQueries({ queryKey: queryKeys.imports() });
    } finally {
      setBusy(false);
    }
  };

  const undo = async (id: number) => {
    setError(null);
    try {
      await apiFetch(`/api/imports/${id}/undo`, { method: 'POST' });
      setCommitted(null);
      setNotice(`Import #${id} undone.`);
    } catch (e) {
      setError(errorMessage(e));
    }
    await qc.invalidateQueries({ queryKey: queryKeys.imports() });
  };

  /** New files join the set (same relative name: kept once); helper files are ignored. */
  const addFiles = (list: FileList | File[] | null) => {
    if (!list) return;
    const arr = Array.from(list).filter((f) => !f.name.endsWith('.source.txt') && !f.name.startsWith('.'));
    setCommitted(null);
    setNotice(null);
    setFiles((prev) => {
      const seen = new Set(prev.map(nameOf));
      return [...prev, ...arr.filter((f) => !seen.has(nameOf(f)))];
    });
  };

  const failing = results?.filter((r) => !r.ok) ?? [];
  const valid = results?.filter((r) => r.ok) ?? [];
  return {
    files,
    addFiles,
    clear,
    formatOf,
    setFormat: (name: string, f: string) => setFormatOf((prev) => ({ ...prev, [name]: f })),
    fields,
    setField: (key: string, v: string) => setFields((prev) => ({ ...prev, [key]: v })),
    study,
    setStudy,
    mapping,
    setMapping,
    genericNames,
    columns,
    results,
    runCount: results ? runCount : 0,
    failing,
    valid,
    busy,
    upload,
    error,
    setError,
    committed,
    notice,
    preview,
    commit,
    undo,
  };
}
