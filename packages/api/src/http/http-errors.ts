import type { ErrorRequestHandler } from 'express';
import type { TRPC_ERROR_CODE_KEY } from '@trpc/server/rpc';
import { getHTTPStatusCodeFromError } from '@trpc/server/http';
import { TRPCError } from '@trpc/server';
import type { Logger } from '../logger.js';
import { AppError } from '../errors.js';

/** The HTTP status of a domain error: the same table tRPC uses, so both transports agree. */
export function httpStatusOf(error: AppError): number {
  return getHTTPStatusCodeFromError(new TRPCError({ code: error.code as TRPC_ERROR_CODE_KEY }));
}

/** Error responses of the plain HTTP routes (not tRPC): JSON with a message, never a stack. */
export function httpErrorHandler(logger: Logger): ErrorRequestHandler {
  return (error, req, res, _next) => {
    if (res.headersSent) {
      res.destroy();
      return;
    }
    if (error instanceof AppError) {
      res.status(httpStatusOf(error)).json({ error: error.message, field: error.field });
      return;
    }
    const status = typeof error?.status === 'number' && error.status < 500 ? error.status : 500;
    if (status === 500) logger.error({ err: error, reqId: req.id }, 'request failed');
    res
      .status(status)
      .json({ error: status === 500 ? 'Something went wrong on our side' : error.message });
  };
}
