/**
 * Page chrome for share-link readers, who have no account: the dashboard's top bar (its logo and
 * links lead to a login page) is hidden, and a small "Made with Joulebench" line, not a link,
 * says where the report comes from.
 */
import type { ReactNode } from 'react';
import s from './report.module.css';

export function SharedChrome({ children }: { children: ReactNode }) {
  return (
    <>
      <style>{'body > header, .topbar { display: none !important; }'}</style>
      <div className={`${s.shareHead} no-print`} data-testid="shared-head">
        <span>Shared report, read-only. The data was frozen when the report was created.</span>
      </div>
      {children}
      <p className={s.madeWith} data-testid="made-with">
        Made with ⚡ Joulebench
      </p>
    </>
  );
}
