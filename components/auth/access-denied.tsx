/** A page the visitor may not use: its title and why (the reason comes from lib/auth/page pageRole). */
export function AccessDenied({ title, reason }: { title: string; reason: string }) {
  return (
    <div className="stack">
      <h1>{title}</h1>
      <p className="banner" data-testid="access-denied">
        {reason}
      </p>
    </div>
  );
}
