import { AppError } from '@/lib/errors';

/** The plan cannot be made as asked (e.g. no configuration meets the SLOs at the peak): HTTP 422. */
export class PlanInfeasibleError extends AppError {
  override readonly status = 422;
  override readonly code = 'infeasible';
}
