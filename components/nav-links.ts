/** Top navigation. Areas add their page here (one line each). */
export const NAV_LINKS: { href: string; label: string }[] = [
  { href: '/', label: 'Overview' },
  { href: '/runs', label: 'Runs' },
  { href: '/studies', label: 'Studies' },
  { href: '/glossary', label: 'Glossary' },
];
