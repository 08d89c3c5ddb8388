import { AppError } from '@/lib/errors';

/** The data cannot support the requested fit (HTTP 422 with the reason). */
export class UnfittableError extends AppError {
  override readonly status = 422;
  override readonly code = 'unfittable';
}
