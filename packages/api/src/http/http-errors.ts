import type { ErrorRequestHandler, Response } from 'express';
import type { TRPC_ERROR_CODE_KEY } from '@trpc/server/rpc';
import { getHTTPStatusCodeFromError } from '@trpc/server/http';
import { TRPCError } from '@trpc/server';
import type { Logger } from '../logger.js';
import { AppError } from '../errors.js';

/** The HTTP status of a domain error: the same table tRPC uses, so both transports agree. */
export function httpStatusOf(error: AppError): number {
  return getHTTPStatusCodeFromError(new TRPCError({ code: error.code as TRPC_ERROR_CODE_KEY }));
}

/** The one error body of the plain HTTP routes: `{ error: { message, code, field? } }`. */
export function sendError(
  res: Response,
  status: number,
  code: string,
  message: string,
  field?: string,
) {
  res.status(status).json({ error: { message, code, field } });
}

export function sendNotFound(res: Response) {
  sendError(res, 404, 'NOT_FOUND', 'Not found');
}

/** Error responses of the plain HTTP routes (not tRPC): JSON with a message, never a stack. */
export function httpErrorHandler(logger: Logger): ErrorRequestHandler {
  return (error, req, res, _next) => {
    if (res.headersSent) {
      res.destroy();
      return;
    }
    if (error instanceof AppError) {
      sendError(res, httpStatusOf(error), error.code, error.message, error.field);
      return;
    }
    const status = typeof error?.status === 'number' && error.status < 500 ? error.status : 500;
    if (status === 500) logger.error({ err: error, reqId: req.id }, 'request failed');
    const message = status === 500 ? 'Something went wrong on our side' : error.message;
    sendError(res, status, status === 500 ? 'INTERNAL_SERVER_ERROR' : 'BAD_REQUEST', message);
  };
}
