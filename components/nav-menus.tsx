'use client';
/** The Radix parts of the header (loaded on first use, see lazy-trigger.tsx). */
import * as Menu from '@radix-ui/react-dropdown-menu';
import Link from 'next/link';
import type { LazyOpenProps } from './lazy-trigger';

export interface NavMenuProps extends LazyOpenProps {
  links: { href: string; label: string; current: boolean }[];
}

/** Phone navigation: the same links as the inline list, in a dropdown. */
export default function NavMenu({ links, trigger, triggerClass, triggerProps, defaultOpen }: NavMenuProps) {
  return (
    <Menu.Root modal={false} defaultOpen={defaultOpen}>
      <Menu.Trigger className={triggerClass} {...triggerProps}>
        {trigger}
      </Menu.Trigger>
      <Menu.Portal>
        <Menu.Content className="menu" align="start" sideOffset={6}>
          {links.map((l) => (
            <Menu.Item key={l.href} asChild>
              <Link className="menu-item" href={l.href} aria-current={l.current ? 'page' : undefined}>
                {l.label}
              </Link>
            </Menu.Item>
          ))}
        </Menu.Content>
      </Menu.Portal>
    </Menu.Root>
  );
}
