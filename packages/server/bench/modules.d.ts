// Dev-only tools used by the benchmarks, which ship no type declarations.
declare module 'express';
declare module 'autocannon';
