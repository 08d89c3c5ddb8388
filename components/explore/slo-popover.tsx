'use client';
/** "+ SLO" popover (Radix; loaded on first use): the SLO-able metrics the selection has, with counts. */
import * as Popover from '@radix-ui/react-popover';
import { useState } from 'react';
import type { LazyOpenProps } from '@/components/lazy-trigger';
import type { MetricKey } from '@/lib/metrics/keys';

export interface SloPickerProps extends LazyOpenProps {
  options: { key: MetricKey; label: string; count: number; total: number; bound: 'max' | 'min' }[];
  onPick: (k: MetricKey) => void;
}

export default function SloPicker({
  options,
  onPick,
  trigger,
  triggerClass,
  triggerProps,
  defaultOpen,
}: SloPickerProps) {
  const [open, setOpen] = useState(!!defaultOpen);
  return (
    <Popover.Root open={open} onOpenChange={setOpen}>
      <Popover.Trigger className={triggerClass} {...triggerProps}>
        {trigger}
      </Popover.Trigger>
      <Popover.Portal>
        <Popover.Content className="popover" align="start" sideOffset={6} data-testid="slo-picker">
          <div className="muted" style={{ fontSize: 12, marginBottom: 6 }}>
            Add a service-level objective: a maximum for latencies, a minimum for throughputs. Runs without the metric
            cannot meet it.
          </div>
          <div className="stack" style={{ gap: 2, maxHeight: 320, overflow: 'auto' }}>
            {options.map((o) => (
              <button
                key={o.key}
                type="button"
                className="menu-item"
                style={{
                  all: 'unset',
                  display: 'flex',
                  justifyContent: 'space-between',
                  gap: 12,
                  padding: '0.35rem 0.5rem',
                  borderRadius: 5,
                  cursor: o.count ? 'pointer' : 'not-allowed',
                  opacity: o.count ? 1 : 0.5,
                }}
                disabled={!o.count}
                data-testid={`slo-add-${o.key}`}
                onClick={() => {
                  onPick(o.key);
                  setOpen(false);
                }}
              >
                <span>
                  {o.bound === 'max' ? 'max' : 'min'} {o.label}
                </span>
                <span className="muted">{o.count ? `${o.count} of ${o.total} runs` : 'no data'}</span>
              </button>
            ))}
          </div>
        </Popover.Content>
      </Popover.Portal>
    </Popover.Root>
  );
}
