'use client';
import { CartesianGrid, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';

/** Live power trace of one point (props only). */
export function PowerChart({
  samples,
  simulated,
}: {
  samples: { t: number; power_w: number | null; sm_clock_mhz: number | null }[];
  simulated: boolean;
}) {
  if (!samples.length) return <p className="muted">No power samples yet{simulated ? ' (simulated device)' : ''}.</p>;
  return (
    <div style={{ width: '100%', height: 220 }} data-testid="power-chart">
      <ResponsiveContainer>
        <LineChart data={samples} margin={{ top: 8, right: 16, bottom: 16, left: 8 }}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis
            dataKey="t"
            type="number"
            domain={['dataMin', 'dataMax']}
            unit=" s"
            tickFormatter={(v: number) => v.toFixed(0)}
          />
          <YAxis yAxisId="p" unit=" W" width={64} />
          <YAxis yAxisId="c" orientation="right" unit=" MHz" width={72} />
          <Tooltip
            formatter={(v) => (typeof v === 'number' ? v.toFixed(1) : String(v))}
            labelFormatter={(t) => `t = ${Number(t).toFixed(1)} s`}
          />
          <Line
            yAxisId="p"
            dataKey="power_w"
            name={simulated ? 'power (W, SIMULATED)' : 'power (W)'}
            stroke="#0b6e4f"
            dot={false}
            isAnimationActive={false}
          />
          <Line
            yAxisId="c"
            dataKey="sm_clock_mhz"
            name="SM clock (MHz)"
            stroke="#1d4ed8"
            dot={false}
            strokeDasharray="4 3"
            isAnimationActive={false}
          />
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}
