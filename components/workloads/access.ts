/** Who may upload a workload on this page: a signed-in engineer or admin (as POST /api/workloads). */
import { roleAtLeast } from '@/lib/auth/roles';
import type { Principal } from '@/lib/auth/principal';

export type UploadAccess = 'allowed' | 'login' | 'setup' | 'role';

export function uploadAccess(p: Principal | null): UploadAccess {
  if (!p) return 'login';
  // A fresh install has no account yet: everyone reads, nobody writes until the first admin exists.
  if (p.via === 'open') return 'setup';
  return roleAtLeast(p.role, 'engineer') ? 'allowed' : 'role';
}
