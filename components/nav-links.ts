/** Top navigation. Areas add their page here (one line each). */
export const NAV_LINKS: { href: string; label: string }[] = [
  { href: '/', label: 'Overview' },
  { href: '/explore', label: 'Explore' },
  { href: '/runs', label: 'Runs' },
  { href: '/studies', label: 'Studies' },
  { href: '/import', label: 'Import' },
  { href: '/sweeps', label: 'Sweeps' },
  { href: '/workloads', label: 'Workloads' },
  { href: '/models', label: 'Models' },
  { href: '/plans', label: 'Plans' },
  { href: '/glossary', label: 'Glossary' },
  { href: '/reports', label: 'Reports' },
];
