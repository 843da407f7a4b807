/** The PAR faults that the clients' registration expresses (the ones that rewrite pushed requests are in rewrite/). */
import type { Fault } from './hooks';

export const PAR_FAULTS = {
  'par-not-required': {
    relaxes: 'clients may send authorization requests straight to the authorization endpoint, without PAR',
    clients: { parOptional: true },
  },
} satisfies Record<string, Fault>;
