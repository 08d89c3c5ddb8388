'use client';
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { Trace } from '@/lib/record/schema';

const COLORS = ['#0b6e4f', '#1d4ed8', '#b54708', '#7a2e98', '#b42318', '#0e7490', '#4d7c0f', '#6b7280'];

/** Power (W) over time per GPU, downsampled to at most ~1500 points per device for drawing. */
export function PowerTrace({ trace, window }: { trace: Trace; window?: { start_s: number; end_s: number } }) {
  const maxPts = 1500;
  const series = trace.devices.map((d) => {
    const step = Math.max(1, Math.ceil(d.t_s.length / maxPts));
    const pts: { t: number; w: number }[] = [];
    for (let i = 0; i < d.t_s.length; i += step) pts.push({ t: d.t_s[i], w: d.power_w[i] });
    return { index: d.index, pts };
  });
  return (
    <div style={{ width: '100%', height: 280 }} data-testid="power-trace">
      <ResponsiveContainer>
        <LineChart margin={{ top: 8, right: 16, bottom: 16, left: 8 }}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis
            dataKey="t"
            type="number"
            domain={['dataMin', 'dataMax']}
            unit=" s"
            tickFormatter={(v: number) => v.toFixed(0)}
          />
          <YAxis dataKey="w" unit=" W" />
          <Tooltip
            formatter={(v) => `${Number(v).toFixed(1)} W`}
            labelFormatter={(l) => `t = ${Number(l).toFixed(2)} s`}
          />
          <Legend />
          {series.map((s, i) => (
            <Line
              key={s.index}
              data={s.pts}
              dataKey="w"
              name={`GPU ${s.index}`}
              stroke={COLORS[i % COLORS.length]}
              dot={false}
              isAnimationActive={false}
            />
          ))}
        </LineChart>
      </ResponsiveContainer>
      {window && (
        <p className="muted">
          Steady-state window: {window.start_s.toFixed(1)} s – {window.end_s.toFixed(1)} s
        </p>
      )}
    </div>
  );
}
