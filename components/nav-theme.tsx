'use client';
/**
 * Theme toggle: system (default) -> light -> dark. The choice is kept in localStorage and applied
 * as a class on <html>; THEME_SCRIPT (inlined in the layout's <head>) applies it before the first
 * paint, so a dark page never flashes white.
 */
import { useEffect, useState } from 'react';

type Choice = 'system' | 'light' | 'dark';
const KEY = 'jb-theme';
const NEXT: Record<Choice, Choice> = { system: 'light', light: 'dark', dark: 'system' };

/** Runs before hydration: resolve the saved choice (or the system setting) to a class. */
export const THEME_SCRIPT = `(function(){try{var c=localStorage.getItem('${KEY}');var d=c==='dark'||(c!=='light'&&matchMedia('(prefers-color-scheme: dark)').matches);var e=document.documentElement;e.classList.remove('light','dark');e.classList.add(d?'dark':'light');e.dataset.theme=c||'system';}catch(_){}})();`;

function apply(choice: Choice) {
  const dark = choice === 'dark' || (choice === 'system' && window.matchMedia('(prefers-color-scheme: dark)').matches);
  const el = document.documentElement;
  el.classList.remove('light', 'dark');
  el.classList.add(dark ? 'dark' : 'light');
  el.dataset.theme = choice;
}

export function ThemeToggle() {
  const [choice, setChoice] = useState<Choice>('system');
  useEffect(() => {
    const saved = localStorage.getItem(KEY);
    if (saved === 'light' || saved === 'dark') setChoice(saved);
    // Follow the system while the choice is "system".
    const mq = window.matchMedia('(prefers-color-scheme: dark)');
    const onChange = () => (localStorage.getItem(KEY) ?? 'system') === 'system' && apply('system');
    mq.addEventListener('change', onChange);
    return () => mq.removeEventListener('change', onChange);
  }, []);
  const next = NEXT[choice];
  return (
    <button
      type="button"
      className="topbar-btn"
      data-testid="theme-toggle"
      data-choice={choice}
      aria-label={`Colour theme: ${choice}. Switch to ${next}`}
      title={`Theme: ${choice} (click for ${next})`}
      onClick={() => {
        setChoice(next);
        if (next === 'system') localStorage.removeItem(KEY);
        else localStorage.setItem(KEY, next);
        apply(next);
      }}
    >
      <svg width="16" height="16" viewBox="0 0 16 16" aria-hidden="true">
        {choice === 'dark' ? (
          <path
            d="M11.5 10.5A5.5 5.5 0 0 1 5.5 4.5c0-1 .3-2 .8-2.8A6 6 0 1 0 14.3 9.7c-.8.5-1.8.8-2.8.8Z"
            fill="currentColor"
          />
        ) : choice === 'light' ? (
          <g stroke="currentColor" strokeWidth="1.5" strokeLinecap="round" fill="none">
            <circle cx="8" cy="8" r="3" />
            <path d="M8 1v1.5M8 13.5V15M1 8h1.5M13.5 8H15M3 3l1 1M12 12l1 1M3 13l1-1M12 4l1-1" />
          </g>
        ) : (
          <g fill="none" stroke="currentColor" strokeWidth="1.5">
            <circle cx="8" cy="8" r="6" />
            <path d="M8 2a6 6 0 0 1 0 12Z" fill="currentColor" />
          </g>
        )}
      </svg>
      <span className="sr-only">{choice}</span>
    </button>
  );
}
