import { QueryClientProvider } from '@tanstack/react-query';
import { useEffect, type ReactNode } from 'react';
import { TRPCProvider } from '../trpc/context.js';
import type { Services } from './services.js';
import { ServicesContext } from './services-context.js';

export function AppProviders({ services, children }: { services: Services; children: ReactNode }) {
  useEffect(() => {
    void services.session.start();
  }, [services]);

  return (
    <ServicesContext value={services}>
      <QueryClientProvider client={services.queryClient}>
        <TRPCProvider trpcClient={services.trpcClient} queryClient={services.queryClient}>
          {children}
        </TRPCProvider>
      </QueryClientProvider>
    </ServicesContext>
  );
}
