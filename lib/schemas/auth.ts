import { z } from 'zod';

/** Where to go after login: a path on this site only, never another host (open redirect). */
export const nextPath = z
  .string()
  .max(2048)
  .refine((p) => p.startsWith('/') && !p.startsWith('//') && !p.startsWith('/\\'), 'a path on this site')
  .optional();

export const loginBody = z
  .object({
    username: z.string().min(1, 'required').max(64),
    password: z.string().min(1, 'required').max(1024),
    next: nextPath,
  })
  .strict();

export const logoutEverywhereBody = z
  .object({
    /** Whose sessions to end: always named, also for yourself. Others' need the admin role. */
    username: z.string().regex(/^[\w.@+-]{1,256}$/, 'a user name'),
  })
  .strict();
