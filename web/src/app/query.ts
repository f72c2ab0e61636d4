import { QueryClient } from '@tanstack/react-query';

/**
 * The query cache (TanStack Query). Keys start with the API path they read
 * (`['/api/v1/organisations', …]`), so a write invalidates by prefix:
 * `invalidate('/api/v1/organisations')` refreshes every list and detail of
 * organisations after a verification.
 */
export const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      staleTime: 30_000,
      retry: (count, err) => count < 2 && !(err instanceof Error && 'status' in err && typeof err.status === 'number' && err.status < 500),
      refetchOnWindowFocus: false,
    },
  },
});

export function invalidate(...prefixes: string[]) {
  return Promise.all(prefixes.map((p) => queryClient.invalidateQueries({ predicate: (q) => typeof q.queryKey[0] === 'string' && (q.queryKey[0] as string).startsWith(p) })));
}
