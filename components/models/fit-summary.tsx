/** The fit's form, coefficients and honest quality figures (n, R^2, cross-validated MAPE, rmse). */
import type { BilinearFit, PowerLawFit } from '@/lib/models';
import { fmtNum } from '@/lib/explore/format';

const pct = (f: number) => `${(f * 100).toFixed(1)}%`;

/** `unit` is the target's (J/request); `perToken` its per-request part removed (J), for a, b, c. */
export function FitSummary({
  fit,
  unit,
  perToken,
}: {
  fit: BilinearFit | PowerLawFit;
  unit: string;
  perToken: string;
}) {
  const coef =
    fit.form === 'a*in+b*out+c*in*out'
      ? [
          ['a (per input token)', fit.coefficients.in, `${perToken}/token`],
          ['b (per output token)', fit.coefficients.out, `${perToken}/token`],
          ['c (per input x output token)', fit.coefficients.in_out, `${perToken}/token²`],
        ]
      : [
          ['y0 (clock-independent part)', fit.coefficients.y0, unit],
          ['k (clock-dependent part at f_ref)', fit.coefficients.k, unit],
          ['g (exponent)', fit.coefficients.g, ''],
          ['f_ref (highest measured clock)', fit.coefficients.f_ref, 'MHz'],
        ];
  return (
    <dl className="kv" data-testid="fit-quality">
      <dt>form</dt>
      <dd>
        <code style={{ wordBreak: 'break-all' }}>{fit.form}</code>
      </dd>
      {coef.map(([name, v, u]) => (
        <FragmentRow key={String(name)} name={String(name)} value={`${fmtNum(Number(v))} ${u}`} />
      ))}
      <dt>n (runs fitted)</dt>
      <dd data-testid="fit-n">{fit.n}</dd>
      <dt>R²</dt>
      <dd data-testid="fit-r2">{fit.r2.toFixed(4)}</dd>
      <dt>{fit.cv_folds}-fold CV MAPE</dt>
      <dd data-testid="fit-cv">
        {fit.cv_mape === null ? <span className="warn">not available: {fit.cv_note}</span> : pct(fit.cv_mape)}
      </dd>
      <dt>residual std. error</dt>
      <dd>
        {fmtNum(fit.rmse)} {unit}
      </dd>
    </dl>
  );
}

function FragmentRow({ name, value }: { name: string; value: string }) {
  return (
    <>
      <dt>{name}</dt>
      <dd>{value}</dd>
    </>
  );
}
