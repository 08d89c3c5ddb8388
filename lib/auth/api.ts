/** Small helpers shared by the account API routes. */
import { z } from 'zod';

export const credentialsSchema = z.object({
  name: z.string().trim().min(1, 'required').max(64),
  password: z.string().min(1, 'required').max(1024),
});
