'use client';

export function LogoutButton() {
  return (
    <button
      className="btn btn-small"
      type="button"
      onClick={async () => {
        await fetch('/api/auth/logout', { method: 'POST' });
        window.location.assign('/login');
      }}
    >
      Log out
    </button>
  );
}
