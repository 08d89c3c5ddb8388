/**
 * Server-component helpers: who is looking at this page. proxy.ts already redirects anonymous
 * visitors once accounts exist; these helpers let pages show role-dependent UI and enforce roles.
 */
import { cookies, headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { getDb } from '@/db/client';
import { isOpenInstall, OPEN_READER, resolveCredentials, SESSION_COOKIE, type Principal } from './principal';
import { roleAtLeast, type Role } from './roles';

/** The signed-in principal (cookie session), or null. */
export async function currentPrincipal(): Promise<Principal | null> {
  const jar = await cookies();
  const h = await headers();
  const r = resolveCredentials(getDb(), { authorization: h.get('authorization'), sessionToken: jar.get(SESSION_COOKIE)?.value });
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

/** Like requirePageReader, but the page needs a role (anonymous -> /login; too low -> a 403-style message thrown). */
export async function requirePageRole(role: Role): Promise<Principal> {
  const p = await currentPrincipal();
  if (!p) redirect(await loginUrl());
  if (!roleAtLeast(p.role, role)) throw new Error(`This page needs the ${role} role (you are ${p.role}).`);
  return p;
}
