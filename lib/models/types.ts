/** Shapes shared by the fitted models (API /api/fits, the /models page, tests). */

export interface Residual {
  /** Run id when the point is a stored run. */
  id?: number;
  x: Record<string, number>;
  y: number;
  fitted: number;
  residual: number;
}

export interface FitQuality {
  n: number;
  r2: number;
  /** k-fold cross-validated mean absolute percentage error, a fraction (0.03 = 3%); null with cv_note when unavailable. */
  cv_mape: number | null;
  cv_folds: number;
  cv_note?: string;
  /** Residual standard error sqrt(SSE / (n - parameters)), unweighted, in units of the target. */
  rmse: number;
  residuals: Residual[];
}

/** A model that cannot be fitted from the data says why (HTTP 422 in the API). */
export interface FitRefusal {
  ok: false;
  reason: string;
  n: number;
}

/** A value computed from a fit, never measured: always flagged, always with its interval. */
export interface Prediction {
  predicted: true;
  value: number;
  /** 95% prediction interval for one new run at this point. */
  interval: [number, number];
}
