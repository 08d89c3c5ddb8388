'use client';
/**
 * Radix menus and popovers cost ~25 KB gzip of JavaScript, which would push the explorer past its
 * JS budget if every page loaded them up front. LazyRadix renders a plain button that looks the
 * same; the first hover or focus preloads the Radix part and the first press mounts it already
 * open. Until then the page ships none of it.
 */
import { Suspense, lazy, useState, type ComponentType, type ReactNode } from 'react';

export interface LazyOpenProps {
  /** The trigger's content (shared by the placeholder and the real trigger). */
  trigger: ReactNode;
  triggerClass: string;
  triggerProps?: Record<string, string | undefined>;
  defaultOpen?: boolean;
  /** aria-haspopup of the trigger: a menu or a dialog-like popover. */
  popup?: 'menu' | 'dialog';
}

export function makeLazy<P extends LazyOpenProps>(load: () => Promise<{ default: ComponentType<P> }>) {
  const Impl = lazy(load);
  let preloaded = false;
  const preload = () => {
    if (preloaded) return;
    preloaded = true;
    void load();
  };
  return function LazyRadix(props: P) {
    const [armed, setArmed] = useState(false);
    const placeholder = (
      <button
        type="button"
        className={props.triggerClass}
        {...props.triggerProps}
        aria-haspopup={props.popup ?? 'menu'}
        aria-expanded={false}
        onPointerEnter={preload}
        onFocus={preload}
        onClick={() => setArmed(true)}
        onKeyDown={(e) => (e.key === 'ArrowDown' || e.key === 'Enter' || e.key === ' ') && setArmed(true)}
      >
        {props.trigger}
      </button>
    );
    if (!armed) return placeholder;
    return (
      <Suspense fallback={placeholder}>
        <Impl {...props} defaultOpen />
      </Suspense>
    );
  };
}
