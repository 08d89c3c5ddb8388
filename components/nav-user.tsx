'use client';
/** Header account button; the Radix menu behind it loads on first use. */
import { makeLazy } from './lazy-trigger';
import type { UserMenuProps } from './nav-user-menu';

const LazyUserMenu = makeLazy<UserMenuProps>(() => import('./nav-user-menu'));

export function UserDropdown({ name, role }: { name: string; role: string }) {
  return (
    <LazyUserMenu
      name={name}
      role={role}
      triggerClass="topbar-btn"
      triggerProps={{ 'data-testid': 'user-menu', 'aria-label': `Account menu for ${name}` }}
      trigger={
        <>
          <svg width="16" height="16" viewBox="0 0 16 16" aria-hidden="true">
            <circle cx="8" cy="5.5" r="3" fill="currentColor" />
            <path d="M2 14.5c.8-3 3.2-4.5 6-4.5s5.2 1.5 6 4.5" fill="currentColor" />
          </svg>
          <span className="user-name">{name}</span>
        </>
      }
    />
  );
}
