/** Sweep state rules that need no executor: drafts, cancel, start. */
import { describe, expect, it } from 'vitest';
import { cancelSweep, createSweep, getPoints, getSweep, startSweep } from '@/db/queries/sweeps';
import { tinySpec, tmpSetup } from './helpers';

const { db } = tmpSetup('lifecycle');

describe('sweep lifecycle', () => {
  it('a draft cannot be cancelled (409) and still starts; a queued sweep cancels its points', () => {
    const d = createSweep(db, tinySpec({ name: 'draft' }), { start: false });
    expect(getSweep(db, d.id)!.state).toBe('draft');
    expect(() => cancelSweep(db, d.id)).toThrow(/draft that has not started/);
    startSweep(db, d.id);
    expect(getSweep(db, d.id)!.state).toBe('queued');
    const v = cancelSweep(db, d.id);
    expect(v.state).toBe('cancelled');
    for (const p of getPoints(db, d.id))
      expect({ state: p.state, reason: p.reason }).toMatchObject({
        state: 'cancelled',
        reason: expect.stringMatching(/before it started/),
      });
    expect(() => startSweep(db, d.id)).toThrow(/not a draft/);
  });
});
