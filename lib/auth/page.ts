/**
 * Server-component helpers: who is looking at this page. proxy.ts already redirects anonymous
 * visitors once accounts exist; these helpers let pages show role-dependent UI and enforce roles.
 */
import { headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { getDb } from '@/db/client';
import { isOpenInstall, OPEN_READER, resolveCredentials, type Principal } from './principal';
import { roleAtLeast, type Role } from './roles';

/** The signed-in principal (better-auth cookie session, or a bearer token), or null. */
export async function currentPrincipal(): Promise<Principal | null> {
  const h = await headers();
  const r = await resolveCredentials(getDb(), { authorization: h.get('authorization'), cookie: h.get('cookie') });
  return r.kind === 'principal' ? r.principal : null;
}

async function loginUrl(): Promise<string> {
  const h = await headers();
  const next = h.get('x-jb-path') ?? '/';
  return `/login?next=${encodeURIComponent(next)}`;
}

/** A reader for this page: the signed-in user, the open reader on a fresh install, else redirect to /login. */
export async function requirePageReader(): Promise<Principal> {
  const p = await currentPrincipal();
  if (p) return p;
  if (isOpenInstall(getDb())) return OPEN_READER;
  redirect(await loginUrl());
}

/**
 * Like requirePageReader, but the page needs a role. Anonymous visitors go to /login; a principal
 * with too low a role (or the open reader of a fresh install) gets `denied`: a sentence the page
 * shows instead of its content (a page cannot answer 403 by itself).
 */
export async function pageRole(
  role: Role,
): Promise<{ principal: Principal; denied: null } | { principal: Principal; denied: string }> {
  const p = await requirePageReader();
  if (p.via === 'open')
    return {
      principal: p,
      denied: `Nobody can change anything until the first admin account exists: create it on the setup page (/setup).`,
    };
  if (!roleAtLeast(p.role, role))
    return {
      principal: p,
      denied: `This page needs the ${role} role (you are signed in as ${p.name}, ${p.role}). Ask an admin to change your role.`,
    };
  return { principal: p, denied: null };
}
