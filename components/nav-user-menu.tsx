'use client';
/** Signed-in user's menu (Radix dropdown; loaded on first use): who you are, Settings, Log out. */
import * as Menu from '@radix-ui/react-dropdown-menu';
import Link from 'next/link';
import type { LazyOpenProps } from './lazy-trigger';

export interface UserMenuProps extends LazyOpenProps {
  name: string;
  role: string;
}

export default function UserMenu({ name, role, trigger, triggerClass, triggerProps, defaultOpen }: UserMenuProps) {
  return (
    <Menu.Root modal={false} defaultOpen={defaultOpen}>
      <Menu.Trigger className={triggerClass} {...triggerProps}>
        {trigger}
      </Menu.Trigger>
      <Menu.Portal>
        <Menu.Content className="menu" align="end" sideOffset={6}>
          <Menu.Label className="menu-label">
            Signed in as <b>{name}</b> ({role})
          </Menu.Label>
          <Menu.Item asChild>
            <Link className="menu-item" href="/settings" data-testid="menu-settings">
              Settings and API tokens
            </Link>
          </Menu.Item>
          <Menu.Separator className="menu-sep" />
          <Menu.Item
            className="menu-item"
            data-testid="menu-logout"
            onSelect={async () => {
              await fetch('/api/auth/logout', { method: 'POST' });
              window.location.assign('/login');
            }}
          >
            Log out
          </Menu.Item>
        </Menu.Content>
      </Menu.Portal>
    </Menu.Root>
  );
}
