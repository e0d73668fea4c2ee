import { z } from 'zod';

/** A setting that holds a regular expression: refused at start-up, naming the setting, when it does not compile. */
export const regexSource = z
  .string()
  .min(1)
  .refine(
    (source) => {
      try {
        new RegExp(source);
        return true;
      } catch {
        return false;
      }
    },
    { message: 'a valid regular expression' },
  );
