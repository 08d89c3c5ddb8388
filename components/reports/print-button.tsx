'use client';
import s from './report.module.css';

/** "Print / save as PDF" for pointer devices (hidden on touch screens, which have no Ctrl+P). */
export function PrintButton() {
  return (
    <button type="button" className={`btn btn-small ${s.printButton}`} onClick={() => window.print()}>
      Print / save as PDF
    </button>
  );
}
