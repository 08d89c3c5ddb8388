/** Typed errors, translated to HTTP responses in one place (lib/http.ts). */
export class AppError extends Error {
  readonly status: number = 500;
  readonly code: string = 'internal';
}
export class ValidationError extends AppError {
  override readonly status = 400;
  override readonly code = 'bad_request';
}
export class UnauthorizedError extends AppError {
  override readonly status = 401;
  override readonly code = 'unauthorized';
}
export class ForbiddenError extends AppError {
  override readonly status = 403;
  override readonly code = 'forbidden';
}
export class NotFoundError extends AppError {
  override readonly status = 404;
  override readonly code = 'not_found';
}
export class ConflictError extends AppError {
  override readonly status = 409;
  override readonly code = 'conflict';
}
export class GoneError extends AppError {
  override readonly status = 410;
  override readonly code = 'gone';
}
export class PayloadTooLargeError extends AppError {
  override readonly status = 413;
  override readonly code = 'payload_too_large';
}
