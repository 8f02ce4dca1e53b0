import { createContext, useContext } from 'react';
import type { AdminClient } from './api';

const AdminClientContext = createContext<AdminClient | null>(null);

export const AdminClientProvider = AdminClientContext.Provider;

export function useAdminClient(): AdminClient {
  const client = useContext(AdminClientContext);
  if (!client) throw new Error('useAdminClient needs an AdminClientProvider above it');
  return client;
}
