/** A labelled form field of the sweep form, with an optional hint under it. */
import type { ReactNode } from 'react';
import type { SweepFields } from './form-spec';

/** Sections get the fields and one setter: a new field is a new key, not a new useState. */
export type SetField = <K extends keyof SweepFields>(key: K, value: SweepFields[K]) => void;
export interface SectionProps {
  f: SweepFields;
  set: SetField;
}

export function Field({
  id,
  label,
  hint,
  children,
}: {
  id: string;
  label: string;
  hint?: string;
  children: ReactNode;
}) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {children}
      {hint && <span className="muted">{hint}</span>}
    </div>
  );
}
