/**
 * Share-link tokens that the report owner can be shown again. The token is not stored: it is
 * HMAC-SHA256(server secret, "joulebench/share-link/v1" | report id | link id | creation time),
 * 256 bits, base64url; the database keeps only its SHA-256 as before. Whoever has the server
 * secret can re-derive it (the owner's page does, after the owner check); a copy of the database
 * without the secret (JOULEBENCH_AUTH_SECRET set from a secret store) cannot. A re-derived token is
 * checked against the stored hash, so a changed secret, or a link made before this scheme, says
 * "cannot be shown again" instead of showing a link that does not work. See docs/security.md.
 */
import { createHmac } from 'node:crypto';
import type { DB } from '@/db/client';
import type { ReportLink } from '@/db/schema';
import { authSecret } from '@/lib/auth/secret';
import { safeEqual, sha256Hex } from '@/lib/auth/tokens';

const LABEL = 'joulebench/share-link/v1';

export function deriveShareToken(secret: string, link: Pick<ReportLink, 'reportId' | 'id' | 'createdAt'>): string {
  return createHmac('sha256', secret)
    .update(`${LABEL}\0${link.reportId}\0${link.id}\0${link.createdAt}`)
    .digest('base64url');
}

/** The token factory createReportLink uses (bound to this server's secret). */
export function shareTokenFactory(db: DB): (link: ReportLink) => string {
  const secret = authSecret(db);
  return (link) => deriveShareToken(secret, link);
}

/** The link's token again, or null when it cannot be re-derived (older random token, or the secret changed). */
export function reshowShareToken(db: DB, link: ReportLink): string | null {
  const token = deriveShareToken(authSecret(db), link);
  return safeEqual(sha256Hex(token), link.tokenHash) ? token : null;
}
