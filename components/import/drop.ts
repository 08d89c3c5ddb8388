/**
 * Files of a drop: folders are walked recursively (DataTransferItem.webkitGetAsEntry), keeping
 * their relative paths so related files (MLPerf run_1/...) pair up. The entries must be taken
 * synchronously inside the drop event; reading them happens afterwards.
 */

/** Relative paths of files taken from a dropped folder (File.webkitRelativePath is read-only and empty there). */
const dropPaths = new WeakMap<File, string>();
export const nameOf = (f: File) =>
  dropPaths.get(f) || (f as File & { webkitRelativePath?: string }).webkitRelativePath || f.name;

export function dropEntries(dt: DataTransfer): FileSystemEntry[] | null {
  const items = Array.from(dt.items ?? []).filter((i) => i.kind === 'file');
  const entries = items.map((i) => (typeof i.webkitGetAsEntry === 'function' ? i.webkitGetAsEntry() : null));
  return entries.length && entries.every(Boolean) ? (entries as FileSystemEntry[]) : null;
}

export async function filesOfEntries(entries: FileSystemEntry[]): Promise<File[]> {
  const out: File[] = [];
  const walk = async (e: FileSystemEntry, prefix: string): Promise<void> => {
    if (e.isFile) {
      const f = await new Promise<File>((res, rej) => (e as FileSystemFileEntry).file(res, rej));
      if (prefix) dropPaths.set(f, prefix + f.name);
      out.push(f);
    } else if (e.isDirectory) {
      const reader = (e as FileSystemDirectoryEntry).createReader();
      // readEntries returns the folder in batches (about 100 entries) until an empty one.
      for (;;) {
        const batch = await new Promise<FileSystemEntry[]>((res, rej) => reader.readEntries(res, rej));
        if (!batch.length) break;
        for (const c of batch) await walk(c, `${prefix}${e.name}/`);
      }
    }
  };
  for (const e of entries) await walk(e, '');
  return out;
}
