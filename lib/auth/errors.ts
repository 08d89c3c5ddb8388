import { AppError } from '@/lib/errors';

/** 429; the route adds a Retry-After header from retryAfterS. */
export class TooManyRequestsError extends AppError {
  override readonly status = 429;
  override readonly code = 'too_many_requests';
  constructor(
    message: string,
    readonly retryAfterS: number,
  ) {
    super(message);
  }
}
