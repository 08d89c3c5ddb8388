/**
 * Specs that post their own runs keep them in a study of their own, found by name and deleted
 * afterwards (even on failure): later specs count the demo runs in the whole database.
 */
import { expect, type APIRequestContext } from '@playwright/test';

/** POST /api/runs into the study of that name (created on first use); the new runs' ids. */
export async function postRunsTo(
  request: APIRequestContext,
  origin: string,
  study: string,
  records: unknown[],
): Promise<number[]> {
  const res = await request.post(`/api/runs?studyName=${encodeURIComponent(study)}`, {
    data: records,
    headers: { origin },
  });
  expect(res.status(), await res.text()).toBe(201);
  return ((await res.json()) as { ids: number[] }).ids;
}

async function studies(request: APIRequestContext): Promise<{ id: number; name: string }[]> {
  return ((await (await request.get('/api/studies')).json()) as { studies: { id: number; name: string }[] }).studies;
}

export async function studyIdNamed(request: APIRequestContext, study: string): Promise<number> {
  return (await studies(request)).find((s) => s.name === study)!.id;
}

export async function deleteStudiesNamed(request: APIRequestContext, origin: string, study: string): Promise<void> {
  for (const s of (await studies(request)).filter((x) => x.name === study)) {
    const res = await request.delete(`/api/studies/${s.id}`, { headers: { origin } });
    expect(res.status(), await res.text()).toBeLessThan(300);
  }
}
