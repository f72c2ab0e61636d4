import { createContext, type ReactNode, useCallback, useContext, useEffect, useState } from 'react';
import type { Me, SignInResult } from '../api/types.ts';
import { api, setCsrfToken } from './api.ts';
import { queryClient } from './query.ts';

export type { User } from '../api/types.ts';

interface Session extends Me {
  ready: boolean;
  signIn(email: string, password: string): Promise<void>;
  signOut(): Promise<void>;
  can(permission: string): boolean;
}

const Ctx = createContext<Session | null>(null);
const NOBODY: Me = { user: null, permissions: [], csrfToken: null };

/** Who is signed in, from /api/v1/me; the CSRF token goes to the API client. */
export function SessionProvider({ children }: { children: ReactNode }) {
  const [me, setMe] = useState<Me>(NOBODY);
  const [ready, setReady] = useState(false);
  const apply = (m: Me) => {
    setCsrfToken(m.csrfToken);
    setMe(m);
    // What a page may show depends on who asks: nothing cached for one user is shown to the next.
    queryClient.clear();
  };
  useEffect(() => {
    api<Me>('/api/v1/me')
      .then(apply)
      .catch(() => apply(NOBODY))
      .finally(() => setReady(true));
  }, []);
  const signIn = useCallback(async (email: string, password: string) => {
    const r = await api<SignInResult>('/api/v1/auth/sign-in', { method: 'POST', body: { email, password, mode: 'cookie' } });
    apply({ user: r.user, permissions: r.permissions, csrfToken: r.csrfToken });
  }, []);
  const signOut = useCallback(async () => {
    try {
      await api('/api/v1/auth/sign-out', { method: 'POST' });
    } finally {
      apply(NOBODY);
    }
  }, []);
  const can = useCallback((p: string) => me.permissions.includes(p), [me.permissions]);
  return <Ctx.Provider value={{ ...me, ready, signIn, signOut, can }}>{children}</Ctx.Provider>;
}

export function useSession(): Session {
  const v = useContext(Ctx);
  if (!v) throw new Error('useSession outside SessionProvider');
  return v;
}
