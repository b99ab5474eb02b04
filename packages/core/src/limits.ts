/**
 * Bounds shared by the client and the server, so a value the form accepts is one the server accepts.
 * A module of its own, without zod: the elements read these for their messages (a password's
 * length, a field's maximum), and a page whose elements validate nothing must not pay for the
 * schemas to get them (a module is kept whole once any export of it is used; ADR 0007).
 */
export const LIMITS = {
  name: 100,
  jobTitle: 120,
  email: 254,
  phone: 32,
  userId: 64,
  search: 200,
  pageSizeMax: 200,
  password: 128,
  passwordMin: 12,
} as const;
