/** Who may upload a workload on this page: a signed-in engineer or admin (as POST /api/workloads). */
import { roleAtLeast } from '@/lib/auth/roles';
import type { Principal } from '@/lib/auth/principal';

export type UploadAccess = 'allowed' | 'login' | 'role';

export function uploadAccess(p: Principal | null): UploadAccess {
  if (!p || p.via === 'open') return 'login';
  return roleAtLeast(p.role, 'engineer') ? 'allowed' : 'role';
}
